/* libFuzzer target: the file-system image library (src/fsimage/) on any image. Loading
 * (with log replay) must refuse a bad superblock with a message; the check must finish on
 * anything that loads; listing and reading every name of the root must stay inside the
 * image; and an image that passes the check must take a new directory and file and still
 * pass. AddressSanitizer and UndefinedBehaviorSanitizer watch every step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_target.h"
#include "fsimage/fsimage.h"

static void count_problem(void *opaque, const char *problem)
{
    (void)problem;
    (*(unsigned *)opaque)++;
}

struct names {
    char list[64][32];
    unsigned count;
};

static bool remember_name(void *opaque, const struct fsimage_entry *entry)
{
    struct names *names = opaque;
    if (names->count == 64)
        return false;
    snprintf(names->list[names->count++], sizeof names->list[0], "/%s", entry->name);
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    void *bytes = malloc(size ? size : 1);
    if (!bytes)
        return 0;
    memcpy(bytes, data, size);
    struct fsimage *fs = NULL;
    char err[256] = "";
    if (fsimage_load(&fs, bytes, size, err, sizeof err) != FSIMAGE_OK) {
        if (err[0] == '\0')
            abort(); /* a refusal always says why */
        return 0;
    }
    unsigned problems = 0;
    unsigned reported = fsimage_check(fs, count_problem, &problems);
    if (reported != problems)
        abort();

    struct names names = {.count = 0};
    fsimage_list(fs, "/", remember_name, &names);
    for (unsigned i = 0; i < names.count; i++) {
        struct fsimage_stat st;
        if (fsimage_stat(fs, names.list[i], &st) == FSIMAGE_OK && st.type == FSIMAGE_TYPE_FILE) {
            uint8_t *contents = NULL;
            size_t length = 0;
            if (fsimage_read_file(fs, names.list[i], &contents, &length) == FSIMAGE_OK && length != st.size)
                abort();
            free(contents);
        }
    }

    if (problems == 0) {
        /* A consistent image stays consistent through the operations vmsim-fs offers. */
        static const char text[] = "written by the fuzzer\n";
        fsimage_mkdir(fs, "/fuzz-dir", 0, 0755, false);
        fsimage_write_file(fs, "/fuzz-dir/file", text, sizeof text, 0, 0644);
        fsimage_write_file(fs, "/fuzz-file", text, sizeof text, 0, 0644);
        problems = 0;
        fsimage_check(fs, count_problem, &problems);
        if (problems != 0)
            abort();
    }
    fsimage_close(fs);
    return 0;
}
