/* PLACEHOLDER: replaced by the country table helper */
#include "vg_model.h"
bool vg_country_lookup(vg_str name, char out[3]) { (void)name; out[0] = 0; return false; }
const char *vg_country_name(const char *a) { (void)a; return NULL; }
