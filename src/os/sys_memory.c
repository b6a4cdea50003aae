/* System calls about memory: meminfo (what the memory tests and demos measure). */
#include "abi/errno.h"
#include "abi/meminfo.h"
#include "kalloc.h"
#include "proc.h"
#include "string.h"
#include "syscall.h"
#include "uaccess.h"

/* meminfo(struct meminfo *) */
int32_t sys_meminfo(void)
{
    struct proc *p = current_proc();
    struct meminfo info;
    memset(&info, 0, sizeof info);
    info.free_frames = pages_free_count();
    info.total_frames = pages_total_count();
    info.demand_zero_faults = vm_counters.demand_zero_faults;
    info.program_faults = vm_counters.program_faults;
    info.copy_on_write_faults = vm_counters.copy_on_write_faults;
    info.frames_copied = vm_counters.frames_copied;
    info.resident_pages = addrspace_resident_pages(&p->as);
    info.process_demand_zero_faults = p->as.demand_zero_faults;
    info.process_frames_copied = p->as.frames_copied;
    return copy_to_user(&p->as, syscall_argument(0), &info, sizeof info) < 0 ? -EFAULT : 0;
}
