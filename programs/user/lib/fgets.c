/* fgets, in place of picolibc 1.8's, which returns NULL when the end of input comes after
 * some characters of a line (a last line without a newline is lost). */
#include <stdio.h>

char *fgets(char *restrict line, int size, FILE *restrict stream)
{
    if (size <= 0)
        return NULL;
    int n = 0;
    while (n < size - 1) {
        int c = getc(stream);
        if (c == EOF) {
            if (n == 0 || ferror(stream))
                return NULL;
            break;
        }
        line[n++] = (char)c;
        if (c == '\n')
            break;
    }
    line[n] = '\0';
    return line;
}
