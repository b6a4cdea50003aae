/* The one JSON writer of vmsim's outputs (trace, statistics, timeline): strings from the
 * guest (process names) are escaped so that every document stays valid JSON. */
#ifndef VMSIM_TRACE_JSON_H
#define VMSIM_TRACE_JSON_H

#include <stdio.h>

/* Writes s as a JSON string: quotes and backslashes escaped, control characters and bytes
 * outside printable ASCII as \u escapes. */
void json_string(FILE *out, const char *s);

/* Writes a rate that may be missing: six decimals, or null when it is negative (a hit rate
 * with no lookups, see observe_hit_rate). */
void json_rate(FILE *out, double value);

#endif
