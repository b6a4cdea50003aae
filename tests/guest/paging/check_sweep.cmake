# cmake -P check of the TLB working-set sweep (tlb_sweep.c) against the model of a TLB of
# TLB_ENTRIES entries, fully associative or TLB_WAYS-way set-associative.
#
# The model: the loop touches WORKING_SET data pages round-robin, and its code, stack and
# globals need CODE_ENTRIES more translations (one kernel megapage), used all the time.
# So N = WORKING_SET + CODE_ENTRIES translations are live.
#  - N <= TLB_ENTRIES: after the first round every translation stays: the load hit rate
#    is (near) 100%, whatever the policy.
#  - N > TLB_ENTRIES under LRU: the code entry is always the most recent, and of the data
#    pages the one needed next is always the one used longest ago, which is exactly the
#    one the previous miss evicted: every load of the loop misses, the rate is (near) 0%.
#  - Set-associative (COMPARE=set-associative): the same reasoning per set; see below.
#  - Random replacement evicts a random entry instead, so a page survives for a while
#    after its use and is often still there when its turn comes again: its rate must be
#    clearly above LRU's for a working set just over the TLB size.
# The few loads outside the loop (printing) are why the rates are "near" 100% and 0%.
#
#   cmake -DVMSIM=... -DPROGRAM=sweep.elf -DWORKING_SET=W -DTLB_ENTRIES=32 -DCODE_ENTRIES=1
#         -DCOMPARE=lru|random|set-associative [-DTLB_WAYS=4 -DCODE_SET=0] -DOUTPUT_DIR=dir
#         -P check_sweep.cmake

cmake_minimum_required(VERSION 3.20) # for if() that does not dereference quoted strings

include(${CMAKE_CURRENT_LIST_DIR}/check_helpers.cmake)

check_parameters(check_sweep.cmake VMSIM PROGRAM WORKING_SET TLB_ENTRIES CODE_ENTRIES COMPARE OUTPUT_DIR)

set(FITS_AT_LEAST 990)      # permille: near 100%
set(COLLAPSED_AT_MOST 20)   # permille: near 0%
set(RANDOM_ADVANTAGE 250)   # permille: "clearly above", 25 percentage points
set(TOLERANCE 20)           # permille: how far from an exact prediction a rate may be

set(geometry --tlb-entries ${TLB_ENTRIES} --tlb-ways 0)
if(NOT COMPARE STREQUAL "set-associative")
  vmsim_stats(lru_json ${OUTPUT_DIR}/sweep_${WORKING_SET}_lru.json
              ARGS ${geometry} --tlb-policy lru ${PROGRAM})
  hit_rate_permille(lru "${lru_json}" tlb load)
  permille_text(lru_text ${lru})
endif()
math(EXPR live "${WORKING_SET} + ${CODE_ENTRIES}")

if(COMPARE STREQUAL "lru")
  if(live LESS_EQUAL TLB_ENTRIES)
    message(STATUS "W=${WORKING_SET}: ${live} translations fit in ${TLB_ENTRIES} entries; "
                   "LRU load hit rate ${lru_text} (expected near 100%)")
    if(lru LESS FITS_AT_LEAST)
      message(FATAL_ERROR "load hit rate ${lru_text} below the model's near-100%")
    endif()
  else()
    message(STATUS "W=${WORKING_SET}: ${live} translations exceed ${TLB_ENTRIES} entries; "
                   "LRU load hit rate ${lru_text} (expected near 0%)")
    if(lru GREATER COLLAPSED_AT_MOST)
      message(FATAL_ERROR "load hit rate ${lru_text} above the model's near-0%")
    endif()
  endif()
elseif(COMPARE STREQUAL "random")
  if(live LESS_EQUAL TLB_ENTRIES)
    message(FATAL_ERROR "W=${WORKING_SET} fits the TLB: random and LRU would both hit")
  endif()
  vmsim_stats(random_json ${OUTPUT_DIR}/sweep_${WORKING_SET}_random.json
              ARGS ${geometry} --tlb-policy random --tlb-seed 1 ${PROGRAM})
  hit_rate_permille(random "${random_json}" tlb load)
  permille_text(random_text ${random})
  message(STATUS "W=${WORKING_SET}: load hit rate LRU ${lru_text}, random ${random_text}")
  math(EXPR wanted "${lru} + ${RANDOM_ADVANTAGE}")
  if(random LESS wanted)
    message(FATAL_ERROR "random's load hit rate ${random_text} is not clearly above "
                        "LRU's ${lru_text} (want at least 25 points more)")
  endif()
elseif(COMPARE STREQUAL "set-associative")
  # TLB_WAYS-way sets chosen by VPN mod sets: data page i (VPN 0x40000 + i) goes to set
  # i mod sets, the code megapage to CODE_SET. A set that must hold more translations
  # than it has ways thrashes under LRU (all its data pages miss); the others fit.
  vmsim_stats(sa_json ${OUTPUT_DIR}/sweep_${WORKING_SET}_${TLB_WAYS}way.json
              ARGS --tlb-entries ${TLB_ENTRIES} --tlb-ways ${TLB_WAYS} --tlb-policy lru ${PROGRAM})
  hit_rate_permille(measured "${sa_json}" tlb load)
  permille_text(measured_text ${measured})
  math(EXPR sets "${TLB_ENTRIES} / ${TLB_WAYS}")
  set(hitting 0)
  math(EXPR last_set "${sets} - 1")
  foreach(index RANGE ${last_set})
    math(EXPR pages "(${WORKING_SET} + ${sets} - 1 - ${index}) / ${sets}")
    set(live ${pages})
    if(index EQUAL CODE_SET)
      math(EXPR live "${pages} + ${CODE_ENTRIES}")
    endif()
    if(live LESS_EQUAL TLB_WAYS)
      math(EXPR hitting "${hitting} + ${pages}")
    endif()
  endforeach()
  math(EXPR expected "(${hitting} * 1000) / ${WORKING_SET}")
  permille_text(expected_text ${expected})
  message(STATUS "W=${WORKING_SET}, ${TLB_WAYS}-way: ${hitting} of ${WORKING_SET} pages in sets "
                 "that fit; load hit rate ${measured_text} (expected ${expected_text})")
  math(EXPR low "${expected} - ${TOLERANCE}")
  math(EXPR high "${expected} + ${TOLERANCE}")
  if(measured LESS low OR measured GREATER high)
    message(FATAL_ERROR "load hit rate ${measured_text}, expected ${expected_text} (+-2 points)")
  endif()
else()
  message(FATAL_ERROR "check_sweep.cmake: COMPARE must be lru, random or set-associative, not '${COMPARE}'")
endif()
