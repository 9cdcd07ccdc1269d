vg_add_test(text norm)
vg_add_test(text keys)
vg_add_test(text pairs)
