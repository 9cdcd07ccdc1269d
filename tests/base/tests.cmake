vg_add_test(base arena)
