/* numeric: a few numerical methods printed with printf's floating-point conversions:
 * Newton's square roots, Simpson's rule, a series for pi, the statistics of a sorted
 * sample, strtod, and setjmp/longjmp and errno on the way. Plain C with <math.h>. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double newton_sqrt(double x)
{
    double guess = x > 1 ? x / 2 : 1;
    for (int i = 0; i < 60; i++)
        guess = (guess + x / guess) / 2;
    return guess;
}

static double simpson(double (*f)(double), double a, double b, int n)
{
    double h = (b - a) / n, sum = f(a) + f(b);
    for (int i = 1; i < n; i++)
        sum += f(a + i * h) * (i % 2 ? 4 : 2);
    return sum * h / 3;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static jmp_buf recover;

static double checked_log(double x)
{
    if (x <= 0)
        longjmp(recover, 1);
    return log(x);
}

int main(void)
{
    printf("%-6s %12s %12s %12s\n", "x", "sqrt", "newton", "exp(-x)");
    for (double x = 0.5; x <= 4.0; x += 0.875)
        printf("%-6.3f %12.8f %12.8f %12.6e\n", x, sqrt(x), newton_sqrt(x), exp(-x));

    printf("integral of sin over [0, pi]: %.9f\n", simpson(sin, 0, M_PI, 100));
    printf("integral of exp over [0, 1]:  %.9f (e - 1 = %.9f)\n", simpson(exp, 0, 1, 100), exp(1) - 1);

    double pi = 0;
    for (int k = 0; k < 100000; k++)
        pi += (k % 2 ? -4.0 : 4.0) / (2 * k + 1);
    printf("Leibniz pi after 100000 terms: %.6f (error %.3e)\n", pi, fabs(pi - M_PI));

    double sample[] = {3.5, -1.25, 8.0, 2.75, 0.5, 6.125, -4.0, 2.0, 9.5, 1.0};
    size_t n = sizeof sample / sizeof sample[0];
    qsort(sample, n, sizeof sample[0], by_value);
    double sum = 0, squares = 0;
    for (size_t i = 0; i < n; i++) {
        sum += sample[i];
        squares += sample[i] * sample[i];
    }
    double mean = sum / n;
    printf("sample: min %g max %g median %g mean %.4f stddev %.4f\n", sample[0], sample[n - 1],
           (sample[n / 2 - 1] + sample[n / 2]) / 2, mean, sqrt(squares / n - mean * mean));

    const char *text = "  3.25e2 rest";
    char *end;
    double parsed = strtod(text, &end);
    printf("strtod(\"%s\") = %.2f, then \"%s\"\n", text, parsed, end);
    printf("pow(2, 0.5) = %.15f, floor(-2.5) = %.1f, fmod(10, 3) = %.1f, atan2(1, 1) = %.10f\n",
           pow(2, 0.5), floor(-2.5), fmod(10, 3), atan2(1, 1));

    errno = 0;
    FILE *missing = fopen("/no/such/file", "r");
    printf("fopen of a missing file: %s, errno %s\n", missing ? "opened" : "NULL",
           errno == ENOENT ? "ENOENT" : "something else");

    double values[] = {2.0, 0.0, 8.0};
    for (int i = 0; i < 3; i++) {
        if (setjmp(recover) == 0)
            printf("log(%.1f) = %.6f\n", values[i], checked_log(values[i]));
        else
            printf("log(%.1f): out of the domain, recovered with longjmp\n", values[i]);
    }
    return 0;
}
