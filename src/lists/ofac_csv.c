/* PLACEHOLDER */
#include "vg_lists.h"
vg_status vg__ofac_read(vg_list *list, const vg__ofac_files *f, vg_err *err) { (void)list; (void)f; return vg_err_set(err, VG_EFORMAT, NULL, 0, "not yet"); }
