# Building RISC-V guest programs with the cross compiler, inside the host build.
#
#   vmsim_add_baremetal_program(NAME name SOURCES a.c b.S [OUTPUT_DIR dir])
#
# produces ${dir}/name.elf linked at the start of RAM with the bare-metal runtime of
# programs/baremetal (start-up code, UART console, finisher exit).

find_program(RISCV_GCC riscv64-unknown-elf-gcc)
if(NOT RISCV_GCC)
  message(FATAL_ERROR "riscv64-unknown-elf-gcc not found: install the Debian package "
                      "gcc-riscv64-unknown-elf (the README's first command does)")
endif()

# GCC 12 picks the 64-bit multilib when the march string names zicsr/zifencei, so ask for
# the libgcc of plain rv32ima/ilp32 and pass it explicitly.
execute_process(
  COMMAND ${RISCV_GCC} -march=rv32ima -mabi=ilp32 -print-libgcc-file-name
  OUTPUT_VARIABLE RISCV_LIBGCC OUTPUT_STRIP_TRAILING_WHITESPACE)

set(VMSIM_GUEST_CFLAGS
  -march=rv32ima_zicsr_zifencei -mabi=ilp32 -mcmodel=medany -O2 -g
  -ffreestanding -fno-builtin -nostdlib -nostartfiles -static -Wl,--no-warn-rwx-segments
  -Wall -Wextra -Werror
  -I${PROJECT_SOURCE_DIR}/src -I${PROJECT_SOURCE_DIR}/programs/baremetal)

set(VMSIM_BAREMETAL_RUNTIME
  ${PROJECT_SOURCE_DIR}/programs/baremetal/start.S
  ${PROJECT_SOURCE_DIR}/programs/baremetal/baremetal.c)
set(VMSIM_BAREMETAL_LDSCRIPT ${PROJECT_SOURCE_DIR}/programs/baremetal/baremetal.ld)

function(vmsim_add_baremetal_program)
  cmake_parse_arguments(ARG "" "NAME;OUTPUT_DIR" "SOURCES" ${ARGN})
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  set(output ${ARG_OUTPUT_DIR}/${ARG_NAME}.elf)
  set(sources)
  foreach(source ${ARG_SOURCES})
    get_filename_component(absolute ${source} ABSOLUTE)
    list(APPEND sources ${absolute})
  endforeach()
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${RISCV_GCC} ${VMSIM_GUEST_CFLAGS} -T ${VMSIM_BAREMETAL_LDSCRIPT}
            ${VMSIM_BAREMETAL_RUNTIME} ${sources} ${RISCV_LIBGCC} -o ${output}
    DEPENDS ${sources} ${VMSIM_BAREMETAL_RUNTIME} ${VMSIM_BAREMETAL_LDSCRIPT}
            ${PROJECT_SOURCE_DIR}/programs/baremetal/baremetal.h
            ${PROJECT_SOURCE_DIR}/src/machine_map.h
    COMMENT "Cross-compiling guest program ${ARG_NAME}.elf"
    VERBATIM)
  add_custom_target(guest_${ARG_NAME} ALL DEPENDS ${output})
endfunction()
