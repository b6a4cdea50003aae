/* --stats-json's per-page miss histogram: TLB misses counted by process (the one the
 * guest OS says runs, pid 0 with none) and virtual page, from the observation boundary's
 * miss events; written as the pages that missed most, per process. */
#ifndef VMSIM_TRACE_MISS_PAGES_H
#define VMSIM_TRACE_MISS_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "devices/annotation.h"
#include "machine/observe.h"

struct miss_page {
    uint32_t pid, vpn;
    uint64_t misses; /* 0: a free slot */
    char name[ANNOTATION_NAME_SIZE + 1]; /* the process's name at its last miss here */
};

/* Bounded, as the process accounts are: a guest decides how many pages miss. Misses on
 * pages beyond MISS_PAGES_MAX_PAGES distinct ones are only counted (dropped). */
#define MISS_PAGES_MAX_PAGES 65536u

struct miss_pages {
    const struct observe *observe;
    struct miss_page *slots; /* open addressing, at most half full */
    size_t capacity, used;
    uint64_t misses, dropped;
};

/* False when out of host memory. */
bool miss_pages_init(struct miss_pages *m, const struct observe *o);
void miss_pages_destroy(struct miss_pages *m);
struct observer miss_pages_observer(struct miss_pages *m);

/* Writes "miss_pages": {"misses":N,"dropped":N,"by_process":[{"pid","name","misses",
 * "pages":[{"vaddr","misses"}...]}...]} with the `top` pages of each process, most first. */
void miss_pages_write_json(FILE *out, const struct miss_pages *m, unsigned top);

#endif
