/* echolines: reads the console line by line until the end of input (Ctrl-D) and prints
 * each line back numbered, "1: text", marking a line that ended without a newline.
 * It ends with a line saying how many lines it read. */
#include "lib/user.h"

int main(void)
{
    char line[128];
    int lines = 0;
    for (;;) {
        int n = read(0, line, sizeof line - 1);
        if (n < 0) {
            printf("echolines: read failed: %d\n", n);
            return 255;
        }
        if (n == 0)
            break;
        int has_newline = line[n - 1] == '\n';
        line[has_newline ? n - 1 : n] = '\0';
        lines++;
        printf("%d: %s%s\n", lines, line, has_newline ? "" : " (no newline)");
    }
    printf("echolines: end of input after %d lines\n", lines);
    return 0;
}
