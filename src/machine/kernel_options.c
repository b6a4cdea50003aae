/* Checking --append's NAME=VALUE words against the kernel's option list. */
#include "machine/kernel_options.h"

#include <stdlib.h>
#include <string.h>

#include "os/abi/kernel_options.h"

struct kernel_option {
    const char *name, *values, *what;
};

#define KERNEL_OPTION_ENTRY(name, values, what) {#name, values, what},
static const struct kernel_option options[] = {KERNEL_OPTIONS(KERNEL_OPTION_ENTRY)};
#define OPTION_COUNT (sizeof options / sizeof options[0])

/* values is "LOW..HIGH" or "a|b|c" (abi/kernel_options.h). */
static bool value_allowed(const char *values, const char *value, size_t length)
{
    const char *range = strstr(values, "..");
    if (range) {
        if (length == 0 || length > 9 || strspn(value, "0123456789") < length)
            return false;
        long n = strtol(value, NULL, 10);
        return n >= strtol(values, NULL, 10) && n <= strtol(range + 2, NULL, 10);
    }
    for (const char *choice = values; *choice;) {
        size_t choice_length = strcspn(choice, "|");
        if (choice_length == length && strncmp(choice, value, length) == 0)
            return true;
        choice += choice_length + (choice[choice_length] == '|');
    }
    return false;
}

static bool check_word(const char *word, size_t length, char *why, size_t why_size)
{
    const char *equals = memchr(word, '=', length);
    if (!equals)
        return true;
    size_t name_length = (size_t)(equals - word);
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        if (strlen(options[i].name) != name_length || strncmp(options[i].name, word, name_length) != 0)
            continue;
        if (value_allowed(options[i].values, equals + 1, length - name_length - 1))
            return true;
        snprintf(why, why_size, "--append: kernel option %s wants %s, not '%.*s'", options[i].name,
                 options[i].values, (int)(length - name_length - 1), equals + 1);
        return false;
    }
    snprintf(why, why_size, "--append: the kernel has no option '%.*s'", (int)name_length,
             word);
    return false;
}

bool kernel_options_check(const char *words, char *why, size_t why_size)
{
    for (const char *p = words; *p;) {
        p += strspn(p, " ");
        size_t length = strcspn(p, " ");
        if (length && !check_word(p, length, why, why_size))
            return false;
        p += length;
    }
    return true;
}

void kernel_options_print(FILE *out, int indent)
{
    for (size_t i = 0; i < OPTION_COUNT; i++)
        fprintf(out, "%*s%s=%-18s %s\n", indent, "", options[i].name, options[i].values, options[i].what);
}
