vg_add_test(lists ofac)
