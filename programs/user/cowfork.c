/* cowfork [MIB [PAGES]]: touches MIB MiB of heap (default 8), forks, and counts what the
 * fork cost: frames free before and after, then the copies the child makes as it writes
 * one page, then every page. With copy-on-write, fork copies no page; each first write to
 * a shared page copies exactly one. With PAGES, the child writes only its first PAGES
 * heap pages and then holds still, so that vmsim's page-table pane shows its heap partly
 * copied and partly still shared (end the run, or kill it). */
#include "lib/user.h"

static struct meminfo now(void)
{
    struct meminfo info;
    meminfo(&info);
    return info;
}

int main(int argc, char **argv)
{
    int mib = argc > 1 ? atoi(argv[1]) : 8;
    int pages = mib * 256;
    int hold_after = argc > 2 ? atoi(argv[2]) : 0;
    if (mib < 1 || mib > 64 || argc > 3 || (argc > 2 && (hold_after < 1 || hold_after > pages))) {
        dprintf(2, "usage: cowfork [MIB 1..64 [PAGES 1..MIB*256]]\n");
        return 2;
    }
    char *heap = sbrk(pages * 4096);
    if (heap == (void *)-1) {
        dprintf(2, "cowfork: sbrk: out of memory\n");
        return 1;
    }
    for (int p = 0; p < pages; p++)
        heap[p * 4096] = 1;
    struct meminfo before = now();
    printf("cowfork: parent touched %d pages (%d MiB); %u frames free\n", pages, mib, (unsigned)before.free_frames);
    int start = uptime();
    int pid = fork();
    if (pid < 0) {
        dprintf(2, "cowfork: fork: error %d\n", pid);
        return 1;
    }
    if (pid == 0) {
        struct meminfo forked = now();
        printf("cowfork: fork took %d ms of guest time and %u frames (page tables); pages copied so far: %u\n",
               uptime() - start, (unsigned)(before.free_frames - forked.free_frames),
               (unsigned)forked.process_frames_copied);
        heap[0] = 2;
        struct meminfo one = now();
        printf("cowfork: child wrote 1 heap page: %u copied\n", (unsigned)(one.process_frames_copied - forked.process_frames_copied));
        if (hold_after) {
            for (int p = 0; p < hold_after; p++)
                heap[p * 4096] = 2;
            printf("cowfork: child wrote %d heap pages: %u copied, the other %d still shared; holding (pid %d)\n",
                   hold_after, (unsigned)(now().process_frames_copied - forked.process_frames_copied),
                   pages - hold_after, getpid());
            for (;;)
                msleep(1000);
        }
        int writing = uptime();
        for (int p = 0; p < pages; p++)
            heap[p * 4096] = 2;
        struct meminfo all = now();
        printf("cowfork: child wrote all %d heap pages in %d ms of guest time: %u copied\n", pages,
               uptime() - writing,
               (unsigned)(all.process_frames_copied - forked.process_frames_copied));
        exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("cowfork: parent still sees %d (the child wrote 2); %u frames free now\n", heap[0], (unsigned)now().free_frames);
    return status;
}
