vg_add_test(model country)
