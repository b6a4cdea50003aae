# How a test is registered: every test of tests/ goes through one of the two functions
# below, so that names, labels and time limits follow one rule. tests/README.md has the
# map of the directories.
#
# Labels: a test in tests/LAYER/COMPONENT/ gets the labels LAYER and COMPONENT
# (ctest -L unit, ctest -L paging), "guest" when it runs a guest program (the layers guest,
# os and userland), and any LABELS given. Time limit: TIMEOUT, else the directory's
# VMSIM_TEST_TIMEOUT, else 120 s; it bounds a run that hangs, the tests never wait for a
# time themselves.
#
#   vmsim_add_unit_test(NAME name SOURCES test.c... [LIBRARIES library...])
#
# a cmocka executable linked against vmsim_unit_support (a bus, a hart, cmocka) or the
# given LIBRARIES instead, run as the test `name`.
#
#   vmsim_add_guest_test(NAME name RUN vmsim-arguments... [CHECK check...]   [options])
#   vmsim_add_guest_test(NAME name SCRIPT script.sh arguments...            [options])
#   vmsim_add_guest_test(NAME name COMMAND command...                       [options])
#
# RUN: the vmsim binary with these arguments, judged by tests/guest/run_guest.sh on the
# CHECKs (exit status, output lines, input fed on the console: see that script); without
# --status the run must exit with 0. SCRIPT: sh runs a script of this directory, which
# judges the run itself. COMMAND: anything else (cmake -P, a host program).
# options: LABELS label... TIMEOUT seconds SKIP_RETURN_CODE n ENVIRONMENT VAR=value...

set(VMSIM_GUEST_TEST_RUNNER ${PROJECT_SOURCE_DIR}/tests/guest/run_guest.sh)

function(vmsim_register_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT;SKIP_RETURN_CODE" "LABELS;ENVIRONMENT;COMMAND" ${ARGN})
  file(RELATIVE_PATH place ${PROJECT_SOURCE_DIR}/tests ${CMAKE_CURRENT_SOURCE_DIR})
  string(REPLACE "/" ";" labels "${place}")
  list(GET labels 0 layer)
  if(layer STREQUAL "guest" OR layer STREQUAL "os" OR layer STREQUAL "userland")
    list(APPEND labels guest)
  endif()
  list(APPEND labels ${ARG_LABELS})
  list(REMOVE_DUPLICATES labels)
  set(timeout 120)
  if(VMSIM_TEST_TIMEOUT)
    set(timeout ${VMSIM_TEST_TIMEOUT})
  endif()
  if(ARG_TIMEOUT)
    set(timeout ${ARG_TIMEOUT})
  endif()
  add_test(NAME ${name} COMMAND ${ARG_COMMAND})
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT ${timeout})
  if(ARG_SKIP_RETURN_CODE)
    set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE ${ARG_SKIP_RETURN_CODE})
  endif()
  if(ARG_ENVIRONMENT)
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${ARG_ENVIRONMENT}")
  endif()
endfunction()

function(vmsim_add_unit_test)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBRARIES" ${ARGN})
  string(REGEX REPLACE "[^A-Za-z0-9_]" "_" target "test_${ARG_NAME}")
  add_executable(${target} ${ARG_SOURCES})
  if(ARG_LIBRARIES)
    target_link_libraries(${target} PRIVATE ${ARG_LIBRARIES})
  else()
    target_link_libraries(${target} PRIVATE vmsim_unit_support)
  endif()
  vmsim_register_test(${ARG_NAME} COMMAND ${target})
endfunction()

function(vmsim_add_guest_test)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT;SKIP_RETURN_CODE"
                        "RUN;CHECK;SCRIPT;COMMAND;LABELS;ENVIRONMENT" ${ARGN})
  if(ARG_RUN)
    set(command sh ${VMSIM_GUEST_TEST_RUNNER} ${ARG_CHECK} -- $<TARGET_FILE:vmsim> ${ARG_RUN})
  elseif(ARG_SCRIPT)
    list(POP_FRONT ARG_SCRIPT script)
    set(command sh ${CMAKE_CURRENT_SOURCE_DIR}/${script} ${ARG_SCRIPT})
  elseif(ARG_COMMAND)
    set(command ${ARG_COMMAND})
  else()
    message(FATAL_ERROR "vmsim_add_guest_test(${ARG_NAME}): RUN, SCRIPT or COMMAND is missing")
  endif()
  set(options)
  foreach(option TIMEOUT SKIP_RETURN_CODE)
    if(ARG_${option})
      list(APPEND options ${option} ${ARG_${option}})
    endif()
  endforeach()
  vmsim_register_test(${ARG_NAME} COMMAND ${command} LABELS ${ARG_LABELS}
                      ENVIRONMENT ${ARG_ENVIRONMENT} ${options})
endfunction()
