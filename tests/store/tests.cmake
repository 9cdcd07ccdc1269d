# SPDX-License-Identifier: Apache-2.0
vg_add_test(store store)
vg_add_test(store audit)
vg_add_test(store concurrency)
vg_add_test(store console)
add_executable(vg_store_tamper ${CMAKE_CURRENT_SOURCE_DIR}/store/tamper.c)
target_link_libraries(vg_store_tamper PRIVATE PkgConfig::SQLITE3)
add_test(NAME store/cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/store/test_store_cli.sh
  $<TARGET_FILE:vigil> ${VIGIL_ROOT} $<TARGET_FILE:vg_store_tamper>)
set_tests_properties(store/cli PROPERTIES LABELS "unit;store")
add_test(NAME store/faults COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/store/test_store_faults.sh
  $<TARGET_FILE:vigil>)
set_tests_properties(store/faults PROPERTIES LABELS "unit;store;faults" TIMEOUT 300)
