/* The C start of every user program (crt0.S jumps here): the main thread's thread-local
 * block (picolibc keeps errno there), environ, stdout and stderr flushed at exit, then main. */
#include <picolibc.h> /* before picotls.h, which needs PICOLIBC_TLS */
#include <picotls.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vmsim.h"

int main(int argc, char **argv, char **envp);

extern char __tls_base[];

static char *no_environment[] = {NULL};

static void flush_standard_output(void)
{
    fflush(stdout);
    fflush(stderr);
}

void __vmsim_start(int argc, char **argv, char **envp) __attribute__((noreturn));

void __vmsim_start(int argc, char **argv, char **envp)
{
    _init_tls(__tls_base);
    _set_tls(__tls_base);
    environ = envp ? envp : no_environment;
    atexit(flush_standard_output);
    exit(main(argc, argv, environ));
}
