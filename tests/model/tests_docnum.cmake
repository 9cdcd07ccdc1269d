vg_add_test(model docnum)
