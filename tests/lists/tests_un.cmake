vg_add_test(lists un_xml)
