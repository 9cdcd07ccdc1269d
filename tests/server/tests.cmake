# Server: unit tests of the pure parts (config, keys, query parsing, FtM
# JSON) and the end-to-end tests of `vigil serve` with curl (the yente API,
# the console, recording /match into the store).
function(vg_add_server_test topic)
  set(name test_server_${topic})
  add_executable(${name} ${CMAKE_CURRENT_SOURCE_DIR}/server/test_${topic}.c)
  target_link_libraries(${name} PRIVATE vg_server_core PkgConfig::CMOCKA)
  target_include_directories(${name} PRIVATE ${VIGIL_ROOT}/tests)
  target_compile_definitions(${name} PRIVATE
    VIGIL_TEST_DATA="${VIGIL_ROOT}/tests/data" VIGIL_DATA="${VIGIL_DATA_DIR}")
  add_test(NAME server/${topic} COMMAND ${name})
  set_tests_properties(server/${topic} PROPERTIES LABELS "unit;server")
endfunction()
foreach(t config ftm state)
  vg_add_server_test(${t})
endforeach()
add_test(NAME server/e2e COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/server/test_server.sh
  $<TARGET_FILE:vigil> ${VIGIL_ROOT})
set_tests_properties(server/e2e PROPERTIES LABELS "unit;server" TIMEOUT 120)
add_test(NAME server/console COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/server/test_console.sh
  $<TARGET_FILE:vigil> ${VIGIL_ROOT})
set_tests_properties(server/console PROPERTIES LABELS "unit;server" TIMEOUT 300)
add_test(NAME server/record COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/server/test_record.sh
  $<TARGET_FILE:vigil> ${VIGIL_ROOT})
set_tests_properties(server/record PROPERTIES LABELS "unit;server" TIMEOUT 300)
if(VIGIL_TSAN)
  # ThreadSanitizer loads lists about ten times slower: stretch the bounds.
  set_tests_properties(server/e2e PROPERTIES TIMEOUT 900 ENVIRONMENT VIGIL_TEST_SLOW=10)
endif()
add_test(NAME server/faults COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/server/test_faults.sh
  $<TARGET_FILE:vigil> ${VIGIL_ROOT})
set_tests_properties(server/faults PROPERTIES LABELS "unit;server;faults" TIMEOUT 300)
