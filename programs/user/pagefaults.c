/* pagefaults [PAGES]: grows the heap and touches each new page once, so every touch is a
 * page fault that the kernel serves by allocating a page (demand paging). */
#include "lib/user.h"

int main(int argc, char **argv)
{
    int pages = argc > 1 ? atoi(argv[1]) : 256;
    if (pages < 1 || pages > 16384) {
        dprintf(2, "usage: pagefaults [PAGES 1..16384]\n");
        return 2;
    }
    int start = uptime();
    char *heap = sbrk(pages * 4096);
    if (heap == (void *)-1) {
        dprintf(2, "pagefaults: sbrk: out of memory\n");
        return 1;
    }
    for (int p = 0; p < pages; p++)
        heap[p * 4096] = (char)p;
    unsigned sum = 0;
    for (int p = 0; p < pages; p++)
        sum += (unsigned char)heap[p * 4096];
    printf("pagefaults: touched %d fresh pages (%d KiB) in %d ms of guest time, checksum %u\n", pages, pages * 4,
           uptime() - start, sum);
    return 0;
}
