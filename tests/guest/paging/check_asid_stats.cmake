# cmake -P check of what ASIDs buy, from the per-ASID statistics of asid_switch.c, which
# switches satp between ASID 1 and ASID 2 ROUNDS times, with one user load of the shared
# address in each address space per round.
#  - Tagged TLB (the default): each address space's translations survive the other's turn,
#    so each ASID misses its user page once (plus at most a couple of first touches).
#  - Untagged (--tlb-no-asid): every satp write flushes the non-global entries, so every
#    user load of every round misses, in both address spaces.
#
#   cmake -DVMSIM=... -DPROGRAM=asid_switch.elf -DROUNDS=100 -DOUTPUT_DIR=dir -P check_asid_stats.cmake

cmake_minimum_required(VERSION 3.20) # for if() that does not dereference quoted strings

include(${CMAKE_CURRENT_LIST_DIR}/check_helpers.cmake)

check_parameters(check_asid_stats.cmake VMSIM PROGRAM ROUNDS OUTPUT_DIR)

# The user page, kernel data first touched in that ASID, and the user page again after the
# program's final sfence.vma of ASID 1.
set(FIRST_TOUCHES 4)

vmsim_stats(tagged ${OUTPUT_DIR}/asid_tagged.json ARGS ${PROGRAM})
vmsim_stats(untagged ${OUTPUT_DIR}/asid_untagged.json ARGS --tlb-no-asid ${PROGRAM})

foreach(asid 1 2)
  json_number(tagged_misses "${tagged}" tlb by_asid ${asid} load misses)
  json_number(tagged_hits "${tagged}" tlb by_asid ${asid} load hits)
  json_number(untagged_misses "${untagged}" tlb by_asid ${asid} load misses)
  message(STATUS "ASID ${asid}: load misses ${tagged_misses} tagged (hits ${tagged_hits}), "
                 "${untagged_misses} untagged, over ${ROUNDS} rounds")
  if(tagged_misses GREATER FIRST_TOUCHES)
    message(FATAL_ERROR "ASID ${asid}: ${tagged_misses} load misses with a tagged TLB; its "
                        "entries should survive the other address space's turns")
  endif()
  if(tagged_hits LESS ROUNDS)
    message(FATAL_ERROR "ASID ${asid}: only ${tagged_hits} load hits over ${ROUNDS} rounds")
  endif()
  if(untagged_misses LESS ROUNDS)
    message(FATAL_ERROR "ASID ${asid}: ${untagged_misses} load misses without ASIDs; each of "
                        "the ${ROUNDS} satp writes should have flushed the user page")
  endif()
endforeach()

json_number(untagged_flushes "${untagged}" tlb flushes)
math(EXPR satp_writes "2 * ${ROUNDS}")
if(untagged_flushes LESS satp_writes)
  message(FATAL_ERROR "${untagged_flushes} flushes without ASIDs for ${satp_writes} satp writes")
endif()
