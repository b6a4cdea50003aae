/* Writing JSON values. */
#include "trace/json.h"

void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c >= 0x7f)
            fprintf(out, "\\u%04x", c);
        else if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

void json_rate(FILE *out, double value)
{
    if (value < 0)
        fputs("null", out);
    else
        fprintf(out, "%.6f", value);
}
