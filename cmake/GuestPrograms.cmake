# Building RISC-V guest programs with the cross compiler, inside the host build. The tests
# that run them are registered by cmake/VmsimTests.cmake.
#
#   vmsim_add_baremetal_program(NAME name SOURCES a.c b.S... [DEFINES -DX=Y...]
#                               [INCLUDE_DIRS dir...] [OUTPUT_DIR dir])
#
# produces ${dir}/name.elf linked at the start of RAM with the bare-metal runtime of
# programs/baremetal (start-up code, UART console, finisher exit), compiled with DEFINES
# and with INCLUDE_DIRS on the include path. It is rebuilt when a source or a header beside
# one, in an INCLUDE_DIR or in the runtime changes.
#
#   vmsim_add_guest_test_program(NAME name SOURCES ... [DEFINES ...] [OUTPUT_DIR dir])
#
# the same with the guest test library of tests/guest/common linked in and on the include
# path (guest_test.h: privilege levels, the S-mode trap entry, CLINT, trap records).

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
  ${PROJECT_SOURCE_DIR}/programs/baremetal/baremetal.c
  ${PROJECT_SOURCE_DIR}/src/os/common/memory.c)
set(VMSIM_BAREMETAL_LDSCRIPT ${PROJECT_SOURCE_DIR}/programs/baremetal/baremetal.ld)

# Headers the runtime's sources include: a change to one rebuilds every guest program.
file(GLOB VMSIM_BAREMETAL_HEADERS ${PROJECT_SOURCE_DIR}/programs/baremetal/*.h)
list(APPEND VMSIM_BAREMETAL_HEADERS ${PROJECT_SOURCE_DIR}/src/machine_map.h)

function(vmsim_add_baremetal_program)
  cmake_parse_arguments(ARG "" "NAME;OUTPUT_DIR" "SOURCES;DEFINES;INCLUDE_DIRS" ${ARGN})
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  set(output ${ARG_OUTPUT_DIR}/${ARG_NAME}.elf)
  set(sources)
  set(header_dirs)
  foreach(source ${ARG_SOURCES})
    get_filename_component(absolute ${source} ABSOLUTE)
    list(APPEND sources ${absolute})
    get_filename_component(dir ${absolute} DIRECTORY)
    list(APPEND header_dirs ${dir})
  endforeach()
  set(include_flags)
  foreach(dir ${ARG_INCLUDE_DIRS})
    get_filename_component(absolute ${dir} ABSOLUTE)
    list(APPEND include_flags -I${absolute})
    list(APPEND header_dirs ${absolute})
  endforeach()
  list(REMOVE_DUPLICATES header_dirs)
  set(headers ${VMSIM_BAREMETAL_HEADERS})
  foreach(dir ${header_dirs})
    file(GLOB dir_headers ${dir}/*.h)
    list(APPEND headers ${dir_headers})
  endforeach()
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${RISCV_GCC} ${VMSIM_GUEST_CFLAGS} ${ARG_DEFINES} ${include_flags}
            -T ${VMSIM_BAREMETAL_LDSCRIPT}
            ${VMSIM_BAREMETAL_RUNTIME} ${sources} ${RISCV_LIBGCC} -o ${output}
    DEPENDS ${sources} ${VMSIM_BAREMETAL_RUNTIME} ${VMSIM_BAREMETAL_LDSCRIPT} ${headers}
    COMMENT "Cross-compiling guest program ${ARG_NAME}.elf"
    VERBATIM)
  add_custom_target(guest_${ARG_NAME} ALL DEPENDS ${output})
endfunction()

# --- guest test programs ----------------------------------------------------------------

set(VMSIM_GUEST_TEST_LIBRARY_DIR ${PROJECT_SOURCE_DIR}/tests/guest/common)
set(VMSIM_GUEST_TEST_LIBRARY
  ${VMSIM_GUEST_TEST_LIBRARY_DIR}/guest_test.c
  ${VMSIM_GUEST_TEST_LIBRARY_DIR}/lower_privilege.S)

function(vmsim_add_guest_test_program)
  cmake_parse_arguments(ARG "" "NAME;OUTPUT_DIR" "SOURCES;DEFINES" ${ARGN})
  set(output_dir ${CMAKE_CURRENT_BINARY_DIR})
  if(ARG_OUTPUT_DIR)
    set(output_dir ${ARG_OUTPUT_DIR})
  endif()
  vmsim_add_baremetal_program(NAME ${ARG_NAME}
    SOURCES ${ARG_SOURCES} ${VMSIM_GUEST_TEST_LIBRARY}
    DEFINES ${ARG_DEFINES}
    INCLUDE_DIRS ${VMSIM_GUEST_TEST_LIBRARY_DIR}
    OUTPUT_DIR ${output_dir})
endfunction()
