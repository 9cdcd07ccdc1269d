/* SPDX-License-Identifier: Apache-2.0 */
/* Library version. */
#include "vigil/vigil.h"

const char *vg_version(void)
{
    return VIGIL_VERSION;
}
