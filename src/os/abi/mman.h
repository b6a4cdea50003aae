/* mmap and munmap: protections and flags (Linux's values). Shared by the kernel and user
 * programs. Only private mappings exist: anonymous memory (zero on first touch) and
 * private copies of a file's pages (read from the file on first touch; writes stay in the
 * process). */
#ifndef OS_ABI_MMAN_H
#define OS_ABI_MMAN_H

#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4

#define MAP_SHARED 0x01 /* not supported: -EINVAL */
#define MAP_PRIVATE 0x02
#define MAP_ANONYMOUS 0x20
#define MAP_ANON MAP_ANONYMOUS

#define MAP_FAILED ((void *)-1)

#endif
