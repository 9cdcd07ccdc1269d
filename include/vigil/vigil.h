/* SPDX-License-Identifier: Apache-2.0 */
/* vigil: watchlist screening engine. Umbrella header of libvigil. */
#ifndef VIGIL_H
#define VIGIL_H

#include "vigil/base.h"
#include "vigil/model.h"
#include "vigil/lists.h"
#include "vigil/text.h"
#include "vigil/screen.h"
#include "vigil/records.h"
#include "vigil/store.h"

#define VIGIL_VERSION "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

/* Returns the library version string ("0.1.0"). Static; thread-safe. */
VG_API const char *vg_version(void);

#ifdef __cplusplus
}
#endif

#endif
