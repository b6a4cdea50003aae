/* Looking up the embedded user programs by name. */
#include "programs.h"

#include "string.h"

/* Ends with an entry whose name is NULL (programs.S). */
extern const struct user_program user_programs[];

const struct user_program *program_find(const char *name)
{
    for (const struct user_program *p = user_programs; p->name; p++)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}
