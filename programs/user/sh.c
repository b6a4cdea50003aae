/* sh: the shell. Reads commands from a script (sh FILE), or from standard input, with a
 * prompt when that is a terminal (isatty). Grammar, a line at a time:
 *
 *   line      := pipeline { (';' | '&') pipeline } [ '&' ]     '#' starts a comment
 *   pipeline  := command { '|' command }
 *   command   := word { word | '<' word | '>' word | '>>' word | '2>' word | '2>>' word
 *                       | '2>&1' }
 *   word      := characters, '...' or "..." quoted; $? is the last status
 *
 * Built-ins: cd [DIR], exit [STATUS], wait. A pipeline ending in '&' runs in the
 * background; otherwise the shell waits for it and hands it the console, so Ctrl-C goes
 * to it and not to the shell. A name without '/' is looked for in /bin. */
#include "lib/user.h"

#define MAX_LINE 512
#define MAX_WORDS 64
#define MAX_COMMANDS 8

struct command {
    char *argv[MAX_WORDS + 1];
    int argc;
    char *input, *output, *error_output; /* redirections, or NULL */
    bool append, error_append;
    bool error_to_output; /* 2>&1 */
};

static int last_status;
static bool interactive;

/* The shell survives Ctrl-C: a handler, not SIG_IGN, because a child inherits it between
 * fork and exec, and a Ctrl-C for its job that arrives in that window must not be lost
 * (an ignored signal would be): the child sees the flag and ends as the signal would. */
static volatile int interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* ---- reading lines ---- */

static int input_fd;
static char read_buffer[512];
static int read_length, read_at;

/* The next line without its newline; false at end of input. */
static bool read_line(char *line, int size)
{
    int n = 0;
    for (;;) {
        if (read_at == read_length) {
            read_length = read(input_fd, read_buffer, sizeof read_buffer);
            read_at = 0;
            if (read_length < 0 && errno == EINTR) {
                read_length = 0;
                continue;
            }
            if (read_length <= 0) {
                read_length = 0;
                line[n] = '\0';
                return n > 0;
            }
        }
        char c = read_buffer[read_at++];
        if (c == '\n') {
            line[n] = '\0';
            return true;
        }
        if (n < size - 1)
            line[n++] = c;
    }
}

/* ---- parsing ---- */

enum token_kind { T_END, T_WORD, T_PIPE, T_IN, T_OUT, T_APPEND, T_ERR_OUT, T_ERR_APPEND, T_ERR_TO_OUT, T_AMP, T_SEMI, T_ERROR };

static char *cursor;
static char word_storage[MAX_LINE * 2];
static int word_used;

static enum token_kind next_token(char **word)
{
    while (*cursor == ' ' || *cursor == '\t')
        cursor++;
    char c = *cursor;
    if (c == '\0' || c == '#')
        return T_END;
    if (c == '|') {
        cursor++;
        return T_PIPE;
    }
    if (c == '<') {
        cursor++;
        return T_IN;
    }
    if (c == '2' && cursor[1] == '>') { /* standard error: 2>, 2>>, 2>&1 */
        cursor += 2;
        if (cursor[0] == '&' && cursor[1] == '1') {
            cursor += 2;
            return T_ERR_TO_OUT;
        }
        if (*cursor == '>') {
            cursor++;
            return T_ERR_APPEND;
        }
        return T_ERR_OUT;
    }
    if (c == '>') {
        cursor++;
        if (*cursor == '>') {
            cursor++;
            return T_APPEND;
        }
        return T_OUT;
    }
    if (c == '&') {
        cursor++;
        return T_AMP;
    }
    if (c == ';') {
        cursor++;
        return T_SEMI;
    }
    /* A word: runs of plain and quoted characters. */
    char *out = word_storage + word_used;
    int room = (int)sizeof word_storage - word_used - 1;
    int n = 0;
    while (*cursor && !strchr(" \t|<>&;#", *cursor)) {
        if (*cursor == '\'' || *cursor == '"') {
            char quote = *cursor++;
            while (*cursor && *cursor != quote) {
                if (quote == '"' && cursor[0] == '$' && cursor[1] == '?') {
                    n += snprintf(out + n, (size_t)(room - n > 0 ? room - n : 0), "%d", last_status);
                    cursor += 2;
                    continue;
                }
                if (n < room)
                    out[n++] = *cursor;
                cursor++;
            }
            if (*cursor != quote)
                return T_ERROR;
            cursor++;
        } else if (cursor[0] == '$' && cursor[1] == '?') {
            n += snprintf(out + n, (size_t)(room - n > 0 ? room - n : 0), "%d", last_status);
            cursor += 2;
        } else {
            if (n < room)
                out[n++] = *cursor;
            cursor++;
        }
    }
    if (n > room)
        n = room;
    out[n] = '\0';
    word_used += n + 1;
    *word = out;
    return T_WORD;
}

/* Parses one pipeline; returns the token that ended it (T_END, T_AMP, T_SEMI) or
 * T_ERROR after a message. */
static enum token_kind parse_pipeline(struct command *commands, int *count)
{
    *count = 0;
    struct command *c = &commands[0];
    memset(c, 0, sizeof *c);
    for (;;) {
        char *word = NULL;
        enum token_kind t = next_token(&word);
        switch (t) {
        case T_WORD:
            if (c->argc == MAX_WORDS) {
                dprintf(2, "sh: too many words\n");
                return T_ERROR;
            }
            c->argv[c->argc++] = word;
            break;
        case T_ERR_TO_OUT:
            c->error_to_output = true;
            break;
        case T_ERR_OUT:
        case T_ERR_APPEND:
            if (next_token(&word) != T_WORD) {
                dprintf(2, "sh: syntax error: a redirection wants a file name\n");
                return T_ERROR;
            }
            c->error_output = word;
            c->error_append = t == T_ERR_APPEND;
            break;
        case T_IN:
        case T_OUT:
        case T_APPEND:
            if (next_token(&word) != T_WORD) {
                dprintf(2, "sh: syntax error: a redirection wants a file name\n");
                return T_ERROR;
            }
            if (t == T_IN) {
                c->input = word;
            } else {
                c->output = word;
                c->append = t == T_APPEND;
            }
            break;
        case T_PIPE:
            if (c->argc == 0) {
                dprintf(2, "sh: syntax error: empty command before '|'\n");
                return T_ERROR;
            }
            if (++*count == MAX_COMMANDS) {
                dprintf(2, "sh: too many commands in a pipeline\n");
                return T_ERROR;
            }
            c = &commands[*count];
            memset(c, 0, sizeof *c);
            break;
        case T_ERROR:
            dprintf(2, "sh: syntax error: unterminated quote\n");
            return T_ERROR;
        default:
            if (c->argc == 0 && (*count > 0 || c->input || c->output || c->error_output)) {
                dprintf(2, "sh: syntax error: missing command\n");
                return T_ERROR;
            }
            if (c->argc > 0)
                ++*count;
            return t;
        }
    }
}

/* ---- running ---- */

static void report_background(int pid, int status)
{
    if (interactive)
        dprintf(2, "[%d] done, status %d\n", pid, WAIT_STATUS_AS_CODE(status));
}

/* Reaps background jobs that have ended, without waiting. */
static void reap_finished(void)
{
    int status, pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        report_background(pid, status);
}

static bool run_builtin(struct command *c)
{
    const char *name = c->argv[0];
    if (strcmp(name, "cd") == 0) {
        const char *dir = c->argc > 1 ? c->argv[1] : "/home";
        int error = chdir(dir);
        if (error < 0)
            dprintf(2, "cd: %s: %s\n", dir, strerror(errno));
        last_status = error < 0;
        return true;
    }
    if (strcmp(name, "exit") == 0)
        exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
    if (strcmp(name, "wait") == 0) {
        int status, pid;
        while ((pid = wait(&status)) > 0 || (pid < 0 && errno == EINTR))
            if (pid > 0)
                report_background(pid, status);
        last_status = 0;
        return true;
    }
    return false;
}

/* In the child: redirections, then exec. Never returns. */
static void run_child(struct command *c, int in_fd, int out_fd)
{
    signal(SIGINT, SIG_DFL);
    if (interrupted)
        exit(STATUS_KILLED_BY(SIGINT));
    if (in_fd != 0) {
        dup2(in_fd, 0);
        close(in_fd);
    }
    if (out_fd != 1) {
        dup2(out_fd, 1);
        close(out_fd);
    }
    if (c->input) {
        int fd = open(c->input, O_RDONLY);
        if (fd < 0) {
            dprintf(2, "sh: %s: %s\n", c->input, strerror(errno));
            exit(1);
        }
        dup2(fd, 0);
        close(fd);
    }
    if (c->output) {
        int fd = open(c->output, O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC), 0666);
        if (fd < 0) {
            dprintf(2, "sh: %s: %s\n", c->output, strerror(errno));
            exit(1);
        }
        dup2(fd, 1);
        close(fd);
    }
    if (c->error_to_output)
        dup2(1, 2);
    if (c->error_output) {
        int fd = open(c->error_output, O_WRONLY | O_CREAT | (c->error_append ? O_APPEND : O_TRUNC), 0666);
        if (fd < 0) {
            dprintf(2, "sh: %s: %s\n", c->error_output, strerror(errno));
            exit(1);
        }
        dup2(fd, 2);
        close(fd);
    }
    execp(c->argv[0], c->argv);
    int error = errno;
    dprintf(2, "sh: %s: %s\n", c->argv[0], error == ENOENT ? "command not found" : strerror(error));
    exit(error == ENOENT ? 127 : 126);
}

static void run_pipeline(struct command *commands, int count, bool background)
{
    interrupted = 0;
    if (count == 1 && !background && run_builtin(&commands[0]))
        return;
    int pids[MAX_COMMANDS];
    int in_fd = 0;
    int started = 0;
    for (int i = 0; i < count; i++) {
        commands[i].argv[commands[i].argc] = NULL;
        int fds[2] = {0, 1};
        if (i + 1 < count && pipe(fds) < 0) {
            dprintf(2, "sh: cannot make a pipe\n");
            break;
        }
        int pid = fork();
        if (pid < 0) {
            dprintf(2, "sh: cannot fork: %s\n", strerror(errno));
            if (i + 1 < count) {
                close(fds[0]);
                close(fds[1]);
            }
            break;
        }
        /* The pipeline is one job: a process group led by its first command, so that
         * Ctrl-C reaches all of it. Both sides set it, whichever runs first. */
        int leader = started ? pids[0] : 0;
        if (pid == 0) {
            setpgid(0, leader);
            if (i + 1 < count)
                close(fds[0]);
            run_child(&commands[i], in_fd, i + 1 < count ? fds[1] : 1);
        }
        setpgid(pid, leader ? leader : pid);
        pids[started++] = pid;
        if (in_fd != 0)
            close(in_fd);
        if (i + 1 < count) {
            close(fds[1]);
            in_fd = fds[0];
        }
    }
    if (in_fd != 0)
        close(in_fd);
    if (started == 0) {
        last_status = 1;
        return;
    }
    if (background) {
        dprintf(2, "[%d]\n", pids[started - 1]);
        last_status = 0;
        return;
    }
    setforeground(pids[0]); /* the job's group, even when its first command has ended */
    /* A Ctrl-C typed while the job was being started reached the shell, the foreground
     * then: pass it on to the commands already running. */
    if (interrupted)
        for (int i = 0; i < started; i++)
            kill(pids[i], SIGINT);
    for (int i = 0; i < started; i++) {
        int status;
        int pid;
        while ((pid = waitpid(pids[i], &status, 0)) < 0 && errno == EINTR)
            ;
        if (i == started - 1)
            last_status = pid == pids[i] ? WAIT_STATUS_AS_CODE(status) : 1;
    }
    setforeground(getpid());
}

static void run_line(char *line)
{
    cursor = line;
    word_used = 0;
    struct command commands[MAX_COMMANDS];
    for (;;) {
        int count;
        enum token_kind end = parse_pipeline(commands, &count);
        if (end == T_ERROR) {
            last_status = 2;
            return;
        }
        if (count > 0)
            run_pipeline(commands, count, end == T_AMP);
        if (end == T_END)
            return;
    }
}

int main(int argc, char **argv)
{
    signal(SIGINT, on_interrupt);
    input_fd = 0;
    if (argc > 1) {
        input_fd = open(argv[1], O_RDONLY);
        if (input_fd < 0) {
            dprintf(2, "sh: %s: %s\n", argv[1], strerror(errno));
            return 127;
        }
    } else {
        /* As sh on Unix: prompts only for a person typing, not for a piped script. */
        interactive = isatty(0);
    }
    char line[MAX_LINE];
    for (;;) {
        reap_finished();
        if (interactive) {
            char cwd[PATH_MAX];
            if (getcwd(cwd, sizeof cwd) == NULL)
                strcpy(cwd, "?");
            printf("%s$ ", cwd);
            fflush(stdout); /* the prompt has no newline; read_line reads with read() */
        }
        if (!read_line(line, sizeof line))
            break;
        run_line(line);
    }
    if (interactive)
        printf("\n");
    return last_status;
}
