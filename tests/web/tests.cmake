# SPDX-License-Identifier: Apache-2.0
# The analyst console end to end in a real headless browser: Debian's
# chromium driven by playwright-core (tests/web/node_modules; both installed
# by scripts/install-deps.sh). Missing node, chromium or node_modules make
# the test FAIL with the reason, never skip. Screenshots: build/web-artifacts.
find_program(VIGIL_NODE node)
if(VIGIL_NODE)
  add_test(NAME web/console COMMAND ${VIGIL_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/web/console.e2e.mjs
    $<TARGET_FILE:vigil> ${VIGIL_ROOT} ${CMAKE_BINARY_DIR}/web-artifacts)
else()
  add_test(NAME web/console COMMAND sh -c
    "echo 'FAIL: node not found: run scripts/install-deps.sh (nodejs, chromium, npm ci in tests/web)'; exit 1")
endif()
# one browser and one server at a time on a 2-core machine
set_tests_properties(web/console PROPERTIES LABELS "unit;web" TIMEOUT 400 RUN_SERIAL TRUE)
