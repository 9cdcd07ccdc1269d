/* PLACEHOLDER */
#include "vg_lists.h"
vg_status vg__un_xml_read(vg_list *list, const char *data, size_t len, vg_err *err) { (void)list; (void)data; (void)len; return vg_err_set(err, VG_EFORMAT, NULL, 0, "not yet"); }
