/* wordfreq FILE [N]: the N (default 10) most frequent words of FILE, most frequent first
 * (ties in alphabetical order), with their counts. Plain POSIX C: stdio, strtok, qsort. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct word {
    char *text;
    int count;
};

static struct word *words;
static size_t word_count, word_capacity;

static void count_word(const char *text)
{
    for (size_t i = 0; i < word_count; i++) {
        if (strcmp(words[i].text, text) == 0) {
            words[i].count++;
            return;
        }
    }
    if (word_count == word_capacity) {
        word_capacity = word_capacity ? 2 * word_capacity : 64;
        words = realloc(words, word_capacity * sizeof *words);
        if (!words) {
            perror("realloc");
            exit(1);
        }
    }
    words[word_count].text = strdup(text);
    words[word_count].count = 1;
    word_count++;
}

static int by_count_then_text(const void *a, const void *b)
{
    const struct word *x = a, *y = b;
    if (x->count != y->count)
        return y->count - x->count;
    return strcmp(x->text, y->text);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: wordfreq FILE [N]\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    int top = argc > 2 ? atoi(argv[2]) : 10;
    char line[1024];
    long lines = 0, total = 0;
    while (fgets(line, sizeof line, in)) {
        lines++;
        for (char *p = line; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        for (char *token = strtok(line, " \t\n.,;:!?\"'()-"); token; token = strtok(NULL, " \t\n.,;:!?\"'()-")) {
            count_word(token);
            total++;
        }
    }
    fclose(in);
    qsort(words, word_count, sizeof *words, by_count_then_text);
    printf("%ld lines, %ld words, %zu different\n", lines, total, word_count);
    for (size_t i = 0; i < word_count && (int)i < top; i++)
        printf("%-12s %5d %6.2f%%\n", words[i].text, words[i].count, 100.0 * words[i].count / total);
    return 0;
}
