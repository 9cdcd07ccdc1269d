vg_add_test(base arena)
vg_add_test(base strtab)
vg_add_test(base fmt)
