add_test(NAME cli/commands COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cli.sh
  $<TARGET_FILE:vigil> ${VIGIL_ROOT})
set_tests_properties(cli/commands PROPERTIES LABELS "unit;cli")
