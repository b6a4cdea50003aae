/* The line discipline. Typed bytes wait in a ring buffer in three parts:
 *
 *   buffer:  ... | ready for read() | being edited | free ... (ring of TTY_BUFFER_SIZE)
 *                ^ read_index       ^ commit_index ^ edit_index
 *
 * Editing (erase, kill line) changes only the part being edited; a newline or Ctrl-D
 * commits it (commit_index = edit_index) and wakes the readers, and from then on it can
 * no longer be erased. The indices only grow; a byte's place is its index modulo the
 * size. A full buffer takes no more bytes: the console driver leaves them in the UART
 * (flow control), so piped input of any length is never dropped. All of this runs with
 * interrupts off (kernel code is never interrupted), so the interrupt handler and read()
 * never see each other's updates half done. */
#include "tty.h"

#include "abi/errno.h"
#include "abi/signal.h"
#include "console.h"
#include "proc.h"
#include "signal.h"
#include "uaccess.h"

#define TTY_BUFFER_SIZE 256

#define CONTROL(letter) ((letter) - '@')
#define KEY_INTERRUPT CONTROL('C')
#define KEY_END_OF_INPUT CONTROL('D')
#define KEY_BACKSPACE CONTROL('H')
#define KEY_KILL_LINE CONTROL('U')
#define KEY_DELETE 0x7f

static struct {
    char buffer[TTY_BUFFER_SIZE];
    uint32_t read_index;
    uint32_t commit_index;
    uint32_t edit_index;
    int foreground_pid;
    bool input_is_pipe; /* console=pipe: no echo, no editing, no special bytes */
    bool hung_up;       /* the input has ended: reads give 0 once the ring is read */
} tty;

/* The channel readers sleep on until a line is committed. */
static const void *const line_ready = &tty.commit_index;

static bool buffer_full(void)
{
    return tty.edit_index - tty.read_index == TTY_BUFFER_SIZE;
}

static void commit_line(void)
{
    tty.commit_index = tty.edit_index;
    wakeup(line_ready);
}

/* Erases the last byte being edited, on the screen too. False if there is none. */
static bool erase_one(void)
{
    if (tty.edit_index == tty.commit_index)
        return false;
    tty.edit_index--;
    console_write_string("\b \b");
    return true;
}

static void interrupt_foreground(void)
{
    console_write_string("^C\n");
    tty.edit_index = tty.commit_index; /* the half-typed line is thrown away */
    /* The foreground process, and every process of the group it leads (a shell's
     * pipeline is one group, led by its first command). */
    int fg = tty.foreground_pid;
    for (int i = 0; fg && i < NPROC; i++) {
        struct proc *p = &procs[i];
        if (p->state == PROC_ALIVE && (p->pid == fg || p->pgid == fg))
            signal_post(p, SIGINT);
    }
}

bool tty_has_room(void)
{
    return !buffer_full();
}

void tty_set_input_is_pipe(bool is_pipe)
{
    tty.input_is_pipe = is_pipe;
}

bool tty_input_is_pipe(void)
{
    return tty.input_is_pipe;
}

/* A pipe's bytes are stored as they come. Lines are still committed whole (or a full
 * ring), so that a read returns at most a line, as on a terminal: a shell reading a
 * script then leaves the lines after its command to the programs it starts. */
static void receive_from_pipe(char c)
{
    tty.buffer[tty.edit_index++ % TTY_BUFFER_SIZE] = c;
    if (c == '\n' || buffer_full())
        commit_line();
}

void tty_receive(char c)
{
    if (tty.input_is_pipe) {
        receive_from_pipe(c);
        return;
    }
    if (c == '\r') /* a terminal's Enter key */
        c = '\n';
    switch (c) {
    case KEY_INTERRUPT:
        interrupt_foreground();
        return;
    case KEY_BACKSPACE:
    case KEY_DELETE:
        erase_one();
        return;
    case KEY_KILL_LINE:
        while (erase_one())
            ;
        return;
    case KEY_END_OF_INPUT:
        /* Kept in the buffer as a marker, so read() can tell "end of input" from
         * "a line without its newline"; not echoed. */
        tty.buffer[tty.edit_index++ % TTY_BUFFER_SIZE] = c;
        commit_line();
        return;
    default:
        tty.buffer[tty.edit_index++ % TTY_BUFFER_SIZE] = c;
        console_put_char(c);
        /* A full buffer is committed too, so a reader can make room. */
        if (c == '\n' || buffer_full())
            commit_line();
        return;
    }
}

void tty_hang_up(void)
{
    tty.hung_up = true;
    commit_line(); /* a last line without its newline */
}

int tty_read(uint32_t user_buffer, uint32_t length)
{
    struct proc *self = current_proc();
    tty.foreground_pid = self->pgid ? self->pgid : self->pid;
    while (tty.read_index == tty.commit_index) {
        if (tty.hung_up)
            return 0;
        if (sleep_on(line_ready) < 0)
            return -EINTR;
    }
    uint32_t done = 0;
    while (done < length && tty.read_index != tty.commit_index) {
        char c = tty.buffer[tty.read_index % TTY_BUFFER_SIZE];
        if (c == KEY_END_OF_INPUT && !tty.input_is_pipe) {
            /* At the start of a read it means end of input (0); after some bytes it only
             * ends this read early. Either way it is used up. */
            tty.read_index++;
            break;
        }
        if (copy_to_user(&self->as, user_buffer + done, &c, 1) < 0) {
            if (done == 0)
                return -EFAULT;
            break;
        }
        tty.read_index++;
        done++;
        if (c == '\n')
            break;
    }
    /* Bytes read made room: input held back in the UART may come again. */
    console_resume_input();
    return (int)done;
}

void tty_set_foreground(int pid)
{
    tty.foreground_pid = pid;
}
