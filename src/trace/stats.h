/* Run statistics at exit: a summary a person reads (--stats, on standard error) and the
 * same numbers as JSON for programs (--stats-json FILE). */
#ifndef VMSIM_TRACE_STATS_H
#define VMSIM_TRACE_STATS_H

#include <stdbool.h>
#include <stdio.h>

struct hart;
struct annotation;
struct process_accounts;
struct process_times;

/* `names` (may be NULL) is what the guest OS reported through the annotation device:
 * with it, each ASID line names the process that used that ASID last. `processes` (may
 * be NULL) adds a line per process: instructions, share and TLB hit rate. `times` (may be
 * NULL) adds each process's response and turnaround time. */
void stats_print_summary(FILE *out, const struct hart *h, const struct annotation *names,
                         struct process_accounts *processes, const struct process_times *times,
                         double host_seconds);

struct miss_pages;

/* Writes the JSON document; false with errno set if the file cannot be written.
 * miss_pages (may be NULL) adds the per-page miss histogram: the
 * STATS_MISS_PAGES_TOP pages of each process that missed most. */
#define STATS_MISS_PAGES_TOP 10
bool stats_write_json(const char *path, const struct hart *h, const struct annotation *names,
                      struct process_accounts *processes, const struct process_times *times,
                      const struct miss_pages *miss_pages, double host_seconds);

#endif
