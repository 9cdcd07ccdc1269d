# SPDX-License-Identifier: Apache-2.0
vg_add_test(store store)
vg_add_test(store audit)
