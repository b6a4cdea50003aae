/* screen [PROCESSES] [ROUNDS]: time-sharing you can watch in vmsim's window. Each of up to
 * four processes maps the shared framebuffer (fbmap) and draws its own shape in its own
 * quarter of the screen: a square, a circle, a triangle and a diamond, growing ring by
 * ring and changing colour each round. None of them yields; the timer interrupt and the
 * scheduler decide who draws, and the shapes grow in turns. */
#include "lib/user.h"

static const uint32_t colours[4][2] = {
    {0x00e04040, 0x00802020}, {0x0040c040, 0x00206020}, {0x004060ff, 0x00203080}, {0x00e0c030, 0x00806010}};

/* Whether (x, y), relative to the quarter's centre, is inside shape `kind` of size r. */
static bool inside(int kind, int x, int y, int r)
{
    int ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
    switch (kind) {
    case 0: return ax <= r && ay <= r;
    case 1: return x * x + y * y <= r * r;
    case 2: return y <= r && y >= -r && 2 * ax <= y + r;
    default: return ax + ay <= r;
    }
}

static void draw(const struct fbinfo *fb, int kind, int rounds)
{
    volatile uint32_t *pixels = (volatile uint32_t *)fb->pixels;
    int qw = (int)fb->width / 2, qh = (int)fb->height / 2;
    int left = (kind % 2) * qw, top = (kind / 2) * qh;
    int cx = left + qw / 2, cy = top + qh / 2, max = (qh < qw ? qh : qw) / 2 - 8;
    for (int round = 0; round < rounds; round++) {
        uint32_t colour = colours[kind][round % 2];
        for (int r = 2; r <= max; r += 2) {
            for (int y = -r; y <= r; y++)
                for (int x = -r; x <= r; x++)
                    if (inside(kind, x, y, r) && !inside(kind, x, y, r - 2))
                        pixels[(cy + y) * (int)(fb->stride / 4) + cx + x] = colour;
        }
    }
}

int main(int argc, char **argv)
{
    int processes = argc > 1 ? atoi(argv[1]) : 4;
    int rounds = argc > 2 ? atoi(argv[2]) : 6;
    if (processes < 1 || processes > 4 || rounds < 1) {
        dprintf(2, "usage: screen [PROCESSES 1..4] [ROUNDS]\n");
        return 2;
    }
    struct fbinfo fb;
    int error = fbmap(&fb);
    if (error < 0) {
        dprintf(2, "screen: no framebuffer: %s\n", strerror(errno));
        return 1;
    }
    static const char *names[] = {"square", "circle", "triangle", "diamond"};
    for (int i = 0; i < processes; i++) {
        int pid = fork();
        if (pid == 0) {
            int start = uptime();
            draw(&fb, i, rounds);
            printf("screen: pid %d drew the %s %d times in %d ms\n", getpid(), names[i], rounds, uptime() - start);
            exit(0);
        }
        if (pid < 0)
            dprintf(2, "screen: fork: %s\n", strerror(errno));
    }
    int status, failures = 0;
    while (wait(&status) > 0)
        failures += status != 0;
    return failures;
}
