/* Counting TLB misses by process and page (miss_pages.h). */
#include "trace/miss_pages.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "trace/json.h"

#define FIRST_CAPACITY 1024u

bool miss_pages_init(struct miss_pages *m, const struct observe *o)
{
    memset(m, 0, sizeof *m);
    m->observe = o;
    m->slots = calloc(FIRST_CAPACITY, sizeof *m->slots);
    m->capacity = m->slots ? FIRST_CAPACITY : 0;
    return m->slots != NULL;
}

void miss_pages_destroy(struct miss_pages *m)
{
    free(m->slots);
    m->slots = NULL;
    m->capacity = m->used = 0;
}

static size_t slot_of(const struct miss_page *slots, size_t capacity, uint32_t pid, uint32_t vpn)
{
    size_t i = (size_t)((vpn * 2654435761u) ^ (pid * 40503u)) & (capacity - 1);
    while (slots[i].misses && (slots[i].pid != pid || slots[i].vpn != vpn))
        i = (i + 1) & (capacity - 1);
    return i;
}

static bool grow(struct miss_pages *m)
{
    size_t capacity = 2 * m->capacity;
    struct miss_page *slots = calloc(capacity, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < m->capacity; i++)
        if (m->slots[i].misses)
            slots[slot_of(slots, capacity, m->slots[i].pid, m->slots[i].vpn)] = m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->capacity = capacity;
    return true;
}

static void count_miss(struct miss_pages *m, uint32_t vaddr)
{
    const struct annotation_process *running = observe_current_process(m->observe);
    uint32_t pid = running->known ? running->pid : 0;
    uint32_t vpn = vaddr >> 12;
    m->misses++;
    size_t i = slot_of(m->slots, m->capacity, pid, vpn);
    if (!m->slots[i].misses) {
        if (m->used == MISS_PAGES_MAX_PAGES || (2 * (m->used + 1) > m->capacity && !grow(m))) {
            m->dropped++;
            return;
        }
        i = slot_of(m->slots, m->capacity, pid, vpn);
        m->slots[i].pid = pid;
        m->slots[i].vpn = vpn;
        m->used++;
    }
    m->slots[i].misses++;
    snprintf(m->slots[i].name, sizeof m->slots[i].name, "%s", running->known ? running->name : "kernel");
}

static void on_event(void *opaque, const struct observe_event *e)
{
    if (e->kind == OBSERVE_TLB_MISS)
        count_miss(opaque, e->tlb_miss.vaddr);
}

struct observer miss_pages_observer(struct miss_pages *m)
{
    return (struct observer){.name = "miss pages", .kinds = OBSERVE_BIT(OBSERVE_TLB_MISS), .on_event = on_event,
                             .opaque = m};
}

/* Most misses first; then by pid and page, so the order is the same every run. */
static int by_pid_then_misses(const void *a, const void *b)
{
    const struct miss_page *x = *(const struct miss_page *const *)a, *y = *(const struct miss_page *const *)b;
    if (x->pid != y->pid)
        return x->pid < y->pid ? -1 : 1;
    if (x->misses != y->misses)
        return x->misses > y->misses ? -1 : 1;
    return x->vpn < y->vpn ? -1 : x->vpn > y->vpn;
}

void miss_pages_write_json(FILE *out, const struct miss_pages *m, unsigned top)
{
    fprintf(out, "\"miss_pages\":{\"misses\":%" PRIu64 ",\"dropped\":%" PRIu64 ",\"by_process\":[", m->misses,
            m->dropped);
    const struct miss_page **pages = m->used ? malloc(m->used * sizeof *pages) : NULL;
    size_t n = 0;
    for (size_t i = 0; pages && i < m->capacity; i++)
        if (m->slots[i].misses)
            pages[n++] = &m->slots[i];
    if (n > 1) /* qsort must not be given a null array, which a run with no misses has */
        qsort(pages, n, sizeof *pages, by_pid_then_misses);
    for (size_t i = 0; i < n;) {
        size_t end = i;
        uint64_t misses = 0;
        while (end < n && pages[end]->pid == pages[i]->pid)
            misses += pages[end++]->misses;
        fprintf(out, "%s\n  {\"pid\":%u,\"name\":", i ? "," : "", pages[i]->pid);
        json_string(out, pages[i]->name);
        fprintf(out, ",\"misses\":%" PRIu64 ",\"pages\":[", misses);
        for (size_t k = i; k < end && k < i + top; k++)
            fprintf(out, "%s{\"vaddr\":\"0x%08x\",\"misses\":%" PRIu64 "}", k > i ? "," : "", pages[k]->vpn << 12,
                    pages[k]->misses);
        fputs("]}", out);
        i = end;
    }
    free(pages);
    fputs("]}", out);
}
