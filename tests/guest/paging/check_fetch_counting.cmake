# cmake -P check that every instruction executed with paging on is counted as exactly one
# TLB fetch lookup. The interpreter does not look up every fetch: it counts sequential
# fetches from the current code page in bulk (src/cpu/interp.c), which must add up exactly,
# also when data accesses evict the code page's entry.
#
# The sweep program takes no traps, so each tlb_sample of the trace covers exactly
# INTERVAL instructions. Those before satp is written run in M mode (no lookups); those
# after, in S mode with Sv32: so the samples' fetch hits + misses must read 0, ..., 0,
# then at most one partial count (the sample in which S mode starts), then INTERVAL, ...
#
#   cmake -DVMSIM=... -DPROGRAM=sweep.elf -DTLB_OPTIONS=--opt,value,... -DOUTPUT_DIR=dir
#         -P check_fetch_counting.cmake

cmake_minimum_required(VERSION 3.20)

include(${CMAKE_CURRENT_LIST_DIR}/check_helpers.cmake)

check_parameters(check_fetch_counting.cmake VMSIM PROGRAM TLB_OPTIONS OUTPUT_DIR)
string(REPLACE "," ";" options "${TLB_OPTIONS}")
set(INTERVAL 1000)
set(trace ${OUTPUT_DIR}/sweep.trace.jsonl)

vmsim_run(${options} --trace ${trace} --trace-interval ${INTERVAL} ${PROGRAM})

file(READ ${trace} rest)
set(phase before)    # before: M mode; then: full samples in S mode
set(full 0)
set(partial 0)
set(fetch_misses 0)
set(previous_icount "")
while(NOT rest STREQUAL "")
  string(FIND "${rest}" "\n" newline)
  string(SUBSTRING "${rest}" 0 ${newline} line)
  math(EXPR after "${newline} + 1")
  string(SUBSTRING "${rest}" ${after} -1 rest)
  if(NOT line MATCHES "^{\"ev\":\"tlb_sample\"" OR line MATCHES "\"at_exit\":true")
    continue() # the sample at exit covers what is left, not INTERVAL instructions
  endif()
  string(JSON icount GET "${line}" icount)
  string(JSON hits GET "${line}" by_access fetch hits)
  string(JSON misses GET "${line}" by_access fetch misses)
  math(EXPR lookups "${hits} + ${misses}")
  math(EXPR fetch_misses "${fetch_misses} + ${misses}")
  if(NOT previous_icount STREQUAL "")
    math(EXPR step "${icount} - ${previous_icount}")
    if(NOT step EQUAL INTERVAL)
      message(FATAL_ERROR "samples ${previous_icount} and ${icount} are not ${INTERVAL} instructions apart")
    endif()
  endif()
  set(previous_icount ${icount})

  if(phase STREQUAL "before" AND lookups EQUAL 0)
    continue()
  endif()
  if(lookups EQUAL INTERVAL)
    set(phase full)
    math(EXPR full "${full} + 1")
  elseif(phase STREQUAL "before" AND lookups LESS INTERVAL)
    set(phase full) # the sample in which the program entered S mode
    set(partial ${lookups})
  else()
    message(FATAL_ERROR "the sample at icount ${icount} counts ${lookups} fetch lookups for "
                        "${INTERVAL} instructions run with paging on: ${line}")
  endif()
endwhile()

message(STATUS "${full} samples of ${INTERVAL} instructions with exactly ${INTERVAL} fetch "
               "lookups each (${fetch_misses} fetch misses in all); ${partial} in the first")
if(full LESS 10)
  message(FATAL_ERROR "only ${full} samples ran with paging on: the sweep ran too briefly")
endif()
