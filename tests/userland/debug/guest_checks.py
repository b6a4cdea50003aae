# The checks of issue 15, run inside gdb-multiarch (gdb -x guest_checks.py) against
# tests/userland/debug/gdbtarget.c under the guest OS, started by tools/vmsim-gdb, which leaves gdb
# stopped at the program's main in its own process. Each check drives gdb with the
# commands a person would type, and prints "CHECK PASSED: <name>" only if every
# expectation holds; anything else raises, and gdb prints the error.
import re

import gdb


def run(command):
    return gdb.execute(command, to_string=True)


def value(expression):
    return int(gdb.parse_and_eval(expression)) & 0xFFFFFFFF


def expect(condition, what):
    if not condition:
        raise gdb.GdbError("FAILED: " + what)
    print("ok: " + what)


def line():
    return gdb.selected_frame().find_sal().line


def function():
    return gdb.selected_frame().name()


def source_line_of(text):
    """The line number in gdbtarget.c of the first line containing text."""
    symtab = gdb.selected_frame().find_sal().symtab
    with open(symtab.fullname()) as source:
        for number, content in enumerate(source, 1):
            if text in content:
                return number
    raise gdb.GdbError("no line with " + text)


def thread_number(description):
    """gdb's number of the thread whose extra info contains description."""
    found = re.search(r"Thread (\d+) has extra info '[^']*" + re.escape(description), run("thread find " + description))
    expect(found is not None, "a thread described as '%s' is listed" % description)
    return int(found.group(1))


def at_main_of_the_program():
    expect(function() == "main", "stopped in main")
    expect(gdb.parse_and_eval("argv[0]").string() == "gdbtarget", "argv[0] is gdbtarget, not init")


def continue_to(location):
    run("tbreak " + location)
    run("continue")
    expect(function() in (location, "__sys_" + location), "stopped in " + location)


def main_next_finish():
    at_main_of_the_program()
    run("tbreak %d" % source_line_of("int y = far_away(argc);"))
    run("continue")
    expect(line() == source_line_of("int y = far_away(argc);"), "at the call of far_away")
    # far_away sits alone on a page nobody has run yet: stepping in faults it in.
    run("step")
    expect(function() == "far_away", "step enters far_away on its page not yet present")
    run("finish")
    expect(function() == "main" and value("$") == 4, "finish returns to main with far_away's value 4")
    run("next")
    expect(line() == source_line_of("int z = touch_stack();"), "next reaches the touch_stack line")
    run("next")  # over a store that page-faults in the kernel
    expect(line() == source_line_of("int pid = getpid();"), "next over the stack page fault")
    run("next")
    expect(line() == source_line_of("write(go[1], &c, 1);"), "next over a system call")


def threads_and_memory():
    at_main_of_the_program()
    continue_to("reached")
    expect(value("marker") == 0x1111, "the parent's marker reads 0x1111")
    listing = run("info threads")
    for description in ("init pid 1 tid 1", "gdbtarget pid 2 tid 2", "gdbtarget pid 3 tid 3", "kernel"):
        expect(description in listing, "info threads lists " + description)
    expect(re.search(r"\* \d+ +Thread \d+ \(gdbtarget pid 2 tid 2 running\)", listing) is not None,
           "the current thread is the parent, running")
    address = value("&marker")
    parent = gdb.selected_thread().num
    run("thread %d" % thread_number("pid 3"))
    expect(value("*(unsigned *)%#x" % address) == 0x2222, "after thread N, x reads the child's marker 0x2222")
    words = run("x/1xw %#x" % address)
    expect("0x00002222" in words, "x/1xw shows the child's memory")
    expect(function() in ("read", "__sys_read"), "the child's saved registers show it in read")
    run("thread %d" % parent)
    expect(value("*(unsigned *)%#x" % address) == 0x1111, "back in the parent, x reads 0x1111")
    satp_parent = value("$satp")
    run("thread %d" % thread_number("init pid 1"))
    satp_init = value("$satp")
    expect(satp_parent != satp_init, "satp differs between processes")
    print("satp of gdbtarget pid 2: %#x" % satp_parent)
    print("satp of init pid 1: %#x" % satp_init)
    run("thread %d" % parent)


def breakpoint_per_process():
    at_main_of_the_program()
    continue_to("reached")
    run("delete")
    run("thread %d" % thread_number("pid 3"))
    # Both set while the child is selected: the parent calls far_away next (at the same
    # address in its own address space) and must not stop there; the child calls
    # reached once the parent lets it go.
    run("break far_away")
    run("break reached")
    run("continue")
    expect(function() == "reached", "the breakpoint on reached stops, far_away (only the parent's) does not")
    expect(value("marker") == 0x2222, "it stops in the child (marker 0x2222)")
    expect(value("who") == 2, "reached(2) is the child's call")
    run("delete")


def page_fault_csrs():
    at_main_of_the_program()
    continue_to("touch_stack")
    run("eval \"break addrspace_fault thread %d\", $_thread")
    # An unmapped user page: an error, and the session goes on.
    try:
        run("x/1xw 0x0a000000")
        expect(False, "reading an unmapped user page fails")
    except gdb.MemoryError as error:
        expect("Cannot access memory at address 0xa000000" in str(error), "reading an unmapped page is a clean gdb error")
    expect(value("1 + 1") == 2, "the session goes on after the error")
    # The kernel also calls the handler for user memory it copies (scause is then the
    # system call's); go on to the store's own fault.
    for _ in range(8):
        run("continue")
        expect(function() == "addrspace_fault", "stopped in the kernel's page-fault handler for this process")
        if value("$scause") == 15:
            break
    scause, stval, sepc = value("$scause"), value("$stval"), value("$sepc")
    expect(scause == 15, "scause is 15 (store page fault)")
    expect(stval == value("va"), "stval is the faulting address the handler got")
    expect(value("$priv") == 1, "priv is 1 (supervisor)")
    print("page fault: scause %d stval %#x sepc %#x" % (scause, stval, sepc))
    run("delete")


def ecall_into_kernel():
    at_main_of_the_program()
    continue_to("getpid")
    architecture = gdb.selected_frame().architecture()
    for _ in range(8):
        if architecture.disassemble(value("$pc"))[0]["asm"].startswith("ecall"):
            break
        run("stepi")
    ecall = value("$pc")
    expect(architecture.disassemble(ecall)[0]["asm"].startswith("ecall"), "stepped to the ecall")
    expect(value("$priv") == 0, "user mode before the ecall")
    run("stepi")
    expect(value("$pc") == value("&trap_vector"), "stepi on ecall lands on the kernel's trap_vector")
    expect(value("$sepc") == ecall, "sepc is the ecall's address")
    expect(value("$scause") == 8, "scause is 8 (ecall from U)")
    expect(value("$priv") == 1, "priv is 1 (supervisor)")
    run("tbreak *%#x" % (ecall + 4))
    run("continue")
    expect(value("$pc") == ecall + 4 and value("$priv") == 0, "the system call returns to user mode after the ecall")
    expect(value("$a0") == 2, "getpid returned the pid 2")


CHECKS = {
    "main-next-finish": main_next_finish,
    "threads-and-memory": threads_and_memory,
    "breakpoint-per-process": breakpoint_per_process,
    "page-fault-csrs": page_fault_csrs,
    "ecall-into-kernel": ecall_into_kernel,
}


def run_check(name):
    CHECKS[name]()
    run("delete")
    print("CHECK PASSED: " + name)
    run("continue")  # to the end: the program's own output and exit status
