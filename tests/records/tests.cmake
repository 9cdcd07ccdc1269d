vg_add_test(records paxlst)
vg_add_test(records mrz)
vg_add_test(records tabular)
vg_add_test(records oom)
