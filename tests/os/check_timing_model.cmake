# The timing model (docs/timing.md) on the guest OS: matrixwalk walks a 4 MiB matrix in
# row order (a TLB miss per page) and in column order (a miss per element).
#  - cycles are what the model says: steps + idle + walk latency * walk accesses + miss
#    latency * misses + trap latency * traps, for both runs;
#  - so the column walk takes several times the guest time of the row walk, for about the
#    same instructions;
#  - a run gives the same instructions, cycles and mtime again, and with --no-jit.
# Parameters: VMSIM, MATRIXWALK (the .elf), OUTPUT_DIR.
include(${CMAKE_CURRENT_LIST_DIR}/../guest/paging/check_helpers.cmake)
check_parameters(check_timing_model.cmake VMSIM MATRIXWALK OUTPUT_DIR)

set(W 20)
set(M 10)
set(T 40)
set(latencies --walk-latency ${W} --tlb-miss-latency ${M} --trap-latency ${T})

# counts(PREFIX json): PREFIX_instructions, _traps, _cycles, _mtime, _idle, _walks, _misses.
function(counts prefix json)
  json_number(instructions "${json}" instructions)
  json_number(traps "${json}" traps)
  json_number(cycles "${json}" cycles)
  json_number(mtime "${json}" mtime)
  json_number(idle "${json}" timing cycles idle)
  json_number(walks "${json}" tlb walk_memory_accesses)
  json_number(misses "${json}" tlb misses)
  foreach(name instructions traps cycles mtime idle walks misses)
    set(${prefix}_${name} ${${name}} PARENT_SCOPE)
  endforeach()
endfunction()

foreach(order row column)
  vmsim_stats(json ${OUTPUT_DIR}/${order}.json ARGS --headless ${latencies} ${MATRIXWALK} ${order})
  counts(${order} "${json}")
  # The model, from the counters the run reports.
  math(EXPR model "${${order}_instructions} + ${${order}_traps} + ${${order}_idle} + ${W} * ${${order}_walks} + ${M} * ${${order}_misses} + ${T} * ${${order}_traps}")
  if(NOT model EQUAL ${order}_cycles)
    message(FATAL_ERROR "${order}: ${${order}_cycles} cycles, but the model gives ${model}")
  endif()
  message(STATUS "${order}: ${${order}_instructions} instructions, ${${order}_misses} TLB misses, "
                 "${${order}_cycles} cycles")
endforeach()

math(EXPR three_rows "3 * ${row_cycles}")
if(NOT column_cycles GREATER three_rows)
  message(FATAL_ERROR "the column walk took ${column_cycles} cycles, not several times the row walk's ${row_cycles}")
endif()
# The difference comes from misses and walks, not from instructions.
math(EXPR instruction_gap "${column_instructions} - ${row_instructions}")
if(instruction_gap GREATER 1000000 OR instruction_gap LESS -1000000)
  message(FATAL_ERROR "row and column ran very different instruction counts: ${row_instructions} and ${column_instructions}")
endif()

# Determinism: again, and with the interpreter alone.
foreach(run again no_jit)
  set(extra "")
  if(run STREQUAL no_jit)
    set(extra --no-jit)
  endif()
  vmsim_stats(json ${OUTPUT_DIR}/column_${run}.json ARGS --headless ${extra} ${latencies} ${MATRIXWALK} column)
  counts(${run} "${json}")
  foreach(name instructions traps cycles mtime)
    if(NOT ${run}_${name} EQUAL column_${name})
      message(FATAL_ERROR "column walk (${run}): ${name} ${${run}_${name}}, first run ${column_${name}}")
    endif()
  endforeach()
endforeach()
