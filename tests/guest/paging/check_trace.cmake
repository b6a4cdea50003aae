# cmake -P check that vmsim --trace writes valid JSON Lines: every line one JSON object
# with "ev" and "icount", the first a start event and the last an exit event, and the
# events a paging program causes (page_fault, satp, sfence, tlb_sample) each present with
# the members docs and tools rely on.
#
# string(JSON) alone is lenient (it accepts trailing garbage, trailing commas and leading
# zeros), so each line is also reduced by a strict grammar first: strings -> S, numbers and
# literals -> N, then innermost objects and arrays -> V until one V is left.
#
#   cmake -DVMSIM=... -DPROGRAM=paging_basics.elf -DOUTPUT_DIR=dir -P check_trace.cmake

cmake_minimum_required(VERSION 3.20) # for if() that does not dereference quoted strings

include(${CMAKE_CURRENT_LIST_DIR}/check_helpers.cmake)

check_parameters(check_trace.cmake VMSIM PROGRAM OUTPUT_DIR)
set(trace ${OUTPUT_DIR}/paging_basics.trace.jsonl)
file(REMOVE ${trace})

vmsim_run(--trace ${trace} --trace-interval 1000 ${PROGRAM})

# True in OUT if `line` is exactly one JSON value by the strict grammar.
function(strictly_json out line)
  set(${out} FALSE PARENT_SCOPE)
  string(ASCII 1 first_control)
  string(ASCII 31 last_control)
  if(line MATCHES "[${first_control}-${last_control}]")
    return()
  endif()
  string(REGEX REPLACE "\"([^\"\\\\]|\\\\[\"\\\\/bfnrt]|\\\\u[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F])*\""
         "S" s "${line}")
  string(REGEX REPLACE "[ \t]" "" s "${s}")
  string(REGEX REPLACE "-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?" "N" s "${s}")
  string(REGEX REPLACE "true|false|null" "N" s "${s}")
  set(previous "")
  while(NOT s STREQUAL previous)
    set(previous "${s}")
    string(REGEX REPLACE "{}|{S:[SNV](,S:[SNV])*}|\\[\\]|\\[[SNV](,[SNV])*\\]" "V" s "${s}")
  endwhile()
  if(s STREQUAL "V")
    set(${out} TRUE PARENT_SCOPE)
  endif()
endfunction()

# Fails unless every member in `members` exists in the event `line`.
function(require_members line event)
  foreach(member ${ARGN})
    string(JSON type ERROR_VARIABLE err TYPE "${line}" ${member})
    if(err)
      message(FATAL_ERROR "${event} event without \"${member}\": ${line}")
    endif()
  endforeach()
endfunction()

file(READ ${trace} text)
if(NOT text MATCHES "\n$")
  message(FATAL_ERROR "the trace does not end with a newline")
endif()
set(count 0)
set(first_event "")
set(rest "${text}")
foreach(event page_fault satp sfence tlb_sample)
  set(seen_${event} 0)
endforeach()
while(NOT rest STREQUAL "")
  string(FIND "${rest}" "\n" newline)
  string(SUBSTRING "${rest}" 0 ${newline} line)
  math(EXPR after "${newline} + 1")
  string(SUBSTRING "${rest}" ${after} -1 rest)
  math(EXPR count "${count} + 1")

  strictly_json(valid "${line}")
  string(JSON type ERROR_VARIABLE err TYPE "${line}")
  if(NOT valid OR err OR NOT type STREQUAL "OBJECT")
    message(FATAL_ERROR "trace line ${count} is not a JSON object: ${line}")
  endif()
  string(JSON ev ERROR_VARIABLE err GET "${line}" ev)
  if(err)
    message(FATAL_ERROR "trace line ${count} has no \"ev\": ${line}")
  endif()
  string(JSON icount_type ERROR_VARIABLE err TYPE "${line}" icount)
  if(err OR NOT icount_type STREQUAL "NUMBER")
    message(FATAL_ERROR "trace line ${count} has no numeric \"icount\": ${line}")
  endif()
  if(count EQUAL 1)
    set(first_event ${ev})
  endif()
  set(last_event ${ev})

  if(ev STREQUAL "page_fault")
    require_members("${line}" ${ev} access vaddr pc level pte_address pte reason)
    string(JSON level_type TYPE "${line}" level)
    if(NOT level_type STREQUAL "NUMBER")
      message(FATAL_ERROR "page_fault level is not a number: ${line}")
    endif()
  elseif(ev STREQUAL "satp")
    require_members("${line}" ${ev} old new mode asid root)
  elseif(ev STREQUAL "sfence")
    require_members("${line}" ${ev} vaddr asid)
  elseif(ev STREQUAL "tlb_sample")
    require_members("${line}" ${ev} asid hits misses hit_rate by_access)
  endif()
  if(DEFINED seen_${ev})
    math(EXPR seen_${ev} "${seen_${ev}} + 1")
  endif()
endwhile()

message(STATUS "${count} trace lines, all JSON objects; page_fault ${seen_page_fault}, "
               "satp ${seen_satp}, sfence ${seen_sfence}, tlb_sample ${seen_tlb_sample}")
if(NOT first_event STREQUAL "start" OR NOT last_event STREQUAL "exit")
  message(FATAL_ERROR "the trace runs from '${first_event}' to '${last_event}', not start to exit")
endif()
foreach(event page_fault satp sfence tlb_sample)
  if(seen_${event} EQUAL 0)
    message(FATAL_ERROR "no ${event} event in the trace")
  endif()
endforeach()
