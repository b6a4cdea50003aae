/* The window's OS page: processes, the selected process's page table, the scheduling
 * timeline with traps, system calls and page faults as ticks, the system-call log, the TLB
 * hit rate on guest time, and the slow-motion controls. A pure function of a snapshot.
 *
 *   +----------------------------------+---------------------------------------+
 *   | PROCESSES  pid name state user   | SCHEDULING  a row per process, ticks  |
 *   |   CPU faults calls TLB; memory   +---------------------------------------+
 *   +----------------------------------+ SYSTEM CALLS  pid name(args) = result |
 *   | PAGE TABLE of the selected       +---------------------------------------+
 *   |   process: root, second level,   | TLB HIT RATE on guest time            |
 *   |   leaves; entries in the TLB lit +---------------------------------------+
 *   |                                  | SLOW MOTION  speed, step to next ...  |
 *   +----------------------------------+---------------------------------------+
 */
#ifndef VMSIM_UI_OS_VIEW_H
#define VMSIM_UI_OS_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct canvas;
struct snapshot;
struct os_snapshot;
struct os_snapshot_process;
struct os_snapshot_pte;
struct os_call;

#define OS_VIEW_PAGE_TABLE_LINES 34 /* lines the page-table pane shows at once */

void os_view_draw(const struct snapshot *s, unsigned page_table_scroll, struct canvas *c);

/* The pid of the process row at (x, y) in the picture, or 0. */
uint32_t os_view_process_at(const struct os_snapshot *s, int x, int y);

/* The text of the panes' lines, as drawn (for tests and for people reading the code). */
void os_view_process_line(const struct os_snapshot *s, const struct os_snapshot_process *p, char *out, size_t size);
void os_view_pte_line(const struct os_snapshot *s, const struct os_snapshot_pte *e, char *out, size_t size);
void os_view_call_line(const struct os_call *call, char *out, size_t size);
/* The processes pane's last line: free and total frames, swap slots used and total, from
 * the kernel's latest MEMORY report. */
void os_view_memory_line(const struct os_snapshot *s, char *out, size_t size);

/* The names of slow motion's speeds and step targets, for the keys' hints. */
const char *os_view_step_target_name(unsigned target);
/* Where run-to-next stopped, as the slow-motion pane says it: "after system call write,
 * pid 3" (when the snapshot is paused right after the event it waited for). */
void os_view_stopped_after(const struct os_snapshot *s, char *out, size_t size);

#endif
