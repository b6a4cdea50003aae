# Shared by the cmake -P checks of this directory: their parameters, running vmsim, and
# reading numbers out of its --stats-json output with string(JSON), so that no test needs
# Python.

# check_parameters(script NAME...): fails the test unless every -DNAME= was given, then
# makes OUTPUT_DIR (one of them) for the files the check writes.
macro(check_parameters script)
  foreach(parameter ${ARGN})
    if(NOT DEFINED ${parameter})
      message(FATAL_ERROR "${script}: -D${parameter}= is missing")
    endif()
  endforeach()
  file(MAKE_DIRECTORY ${OUTPUT_DIR})
endmacro()

# vmsim_run(vmsim-arguments...): runs ${VMSIM} with the arguments and an instruction limit
# far above what the programs need, and fails the test unless it exits with 0.
function(vmsim_run)
  execute_process(
    COMMAND ${VMSIM} --max-instructions 50M ${ARGN}
    RESULT_VARIABLE status
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "vmsim ${ARGN} exited with ${status}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
endfunction()

# vmsim_stats(JSON_VAR json_file ARGS vmsim-arguments...): runs vmsim with the arguments
# and --stats-json, and returns the JSON text.
function(vmsim_stats json_var json_file)
  cmake_parse_arguments(ARG "" "" "ARGS" ${ARGN})
  file(REMOVE ${json_file})
  vmsim_run(--stats-json ${json_file} ${ARG_ARGS})
  file(READ ${json_file} json)
  set(${json_var} "${json}" PARENT_SCOPE)
endfunction()

# json_number(OUT json key...): the number at the key path; fails the test if it is missing.
function(json_number out json)
  string(JSON value ERROR_VARIABLE err GET "${json}" ${ARGN})
  if(err)
    message(FATAL_ERROR "statistics JSON has no ${ARGN}: ${err}")
  endif()
  set(${out} ${value} PARENT_SCOPE)
endfunction()

# hit_rate_permille(OUT json key...): hits * 1000 / (hits + misses) of the counts object at
# the key path (e.g. tlb load), or -1 when it saw no lookups.
function(hit_rate_permille out json)
  json_number(hits "${json}" ${ARGN} hits)
  json_number(misses "${json}" ${ARGN} misses)
  if(hits EQUAL 0 AND misses EQUAL 0)
    set(${out} -1 PARENT_SCOPE)
  else()
    math(EXPR rate "(${hits} * 1000) / (${hits} + ${misses})")
    set(${out} ${rate} PARENT_SCOPE)
  endif()
endfunction()

# The permille value as a percentage for messages: 998 -> 99.8%.
function(permille_text out permille)
  math(EXPR whole "${permille} / 10")
  math(EXPR tenth "${permille} % 10")
  set(${out} "${whole}.${tenth}%" PARENT_SCOPE)
endfunction()
