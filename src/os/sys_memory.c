/* System calls about memory: mmap and munmap (private mappings, abi/mman.h), and meminfo
 * (what the memory tests and demos measure). */
#include "abi/errno.h"
#include "abi/meminfo.h"
#include "abi/mman.h"
#include "file.h"
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
    info.total_frames = pages_managed_count();
    info.demand_zero_faults = vm_counters.demand_zero_faults;
    info.program_faults = vm_counters.program_faults;
    info.copy_on_write_faults = vm_counters.copy_on_write_faults;
    info.frames_copied = vm_counters.frames_copied;
    info.resident_pages = addrspace_resident_pages(&p->as);
    info.process_demand_zero_faults = p->as.demand_zero_faults;
    info.process_frames_copied = p->as.frames_copied;
    return copy_to_user(&p->as, syscall_argument(0), &info, sizeof info) < 0 ? -EFAULT : 0;
}

/* mmap(address hint (ignored), length, prot, flags, fd, offset) -> address */
int32_t sys_mmap(void)
{
    struct proc *p = current_proc();
    uint32_t length = syscall_argument(1), prot = syscall_argument(2), flags = syscall_argument(3);
    int fd = (int)syscall_argument(4);
    uint32_t offset = syscall_argument(5);
    if ((flags & ~(uint32_t)(MAP_PRIVATE | MAP_ANONYMOUS)) || !(flags & MAP_PRIVATE) ||
        (prot & ~(uint32_t)(PROT_READ | PROT_WRITE | PROT_EXEC)))
        return -EINVAL; /* MAP_SHARED, MAP_FIXED and the rest are not supported */
    uint32_t pte_flags = (prot & PROT_READ ? PTE_R : 0) | (prot & PROT_WRITE ? PTE_W : 0) |
                         (prot & PROT_EXEC ? PTE_X : 0);
    if (flags & MAP_ANONYMOUS)
        return addrspace_map(&p->as, length, pte_flags, NULL, 0);
    struct file *f = fd >= 0 && fd < NOFILE ? p->files[fd] : NULL;
    if (!f || !f->readable)
        return -EBADF;
    if (f->kind != FILE_INODE)
        return -EACCES;
    return addrspace_map(&p->as, length, pte_flags, f->inode, offset);
}

/* munmap(address, length) */
int32_t sys_munmap(void)
{
    return addrspace_unmap(&current_proc()->as, syscall_argument(0), syscall_argument(1));
}
