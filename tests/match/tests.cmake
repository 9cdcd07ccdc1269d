vg_add_test(match screen)
target_link_libraries(test_match_screen PRIVATE Threads::Threads)
vg_add_test(match oom)
