/* Benchmark workload: many small function calls and branches (in the spirit of Dhrystone,
 * but our own): a bytecode interpreter with switch dispatch, recursion, records updated
 * through pointers by non-inlined functions, and calls through a table of function
 * pointers. Mostly jal/jalr, short basic blocks and stack traffic. */
#include "bench.h"

#define ROUNDS 30
#define RECORDS 64
#define COLLATZ_NUMBERS 400
#define EXPECTED_CHECKSUM 0x2e869acbu

#define NOINLINE __attribute__((noinline))

/* ---- a small stack machine ---------------------------------------------------------- */

enum opcode { PUSH, LOAD, STORE, ADD, SUB, MUL_3, HALVE, IS_ODD, JUMP_IF_ZERO, JUMP, HALT };

struct op {
    uint8_t code;
    uint8_t operand; /* PUSH: value; LOAD, STORE: variable; jumps: target */
};

/* Counts the Collatz steps from variable 0 down to 1 into variable 1:
 *   while (n != 1) { n = odd(n) ? 3n + 1 : n / 2; steps++; } */
static const struct op collatz_program[] = {
    /*  0 */ {LOAD, 0},  {PUSH, 1},   {SUB, 0},  {JUMP_IF_ZERO, 18},
    /*  4 */ {LOAD, 0},  {IS_ODD, 0}, {JUMP_IF_ZERO, 10},
    /*  7 */ {LOAD, 0},  {MUL_3, 0},  {JUMP, 12},
    /* 10 */ {LOAD, 0},  {HALVE, 0},
    /* 12 */ {STORE, 0}, {LOAD, 1},   {PUSH, 1}, {ADD, 0}, {STORE, 1}, {JUMP, 0},
    /* 18 */ {HALT, 0},
};

static NOINLINE uint32_t run_program(const struct op *program, uint32_t *variables)
{
    uint32_t stack[16];
    int top = 0; /* number of values on the stack */
    for (const struct op *op = program;; op++) {
        switch (op->code) {
        case PUSH: stack[top++] = op->operand; break;
        case LOAD: stack[top++] = variables[op->operand]; break;
        case STORE: variables[op->operand] = stack[--top]; break;
        case ADD: top--; stack[top - 1] += stack[top]; break;
        case SUB: top--; stack[top - 1] -= stack[top]; break;
        case MUL_3: stack[top - 1] = stack[top - 1] * 3 + 1; break;
        case HALVE: stack[top - 1] >>= 1; break;
        case IS_ODD: stack[top - 1] &= 1; break;
        case JUMP_IF_ZERO:
            if (stack[--top] == 0)
                op = &program[op->operand] - 1;
            break;
        case JUMP: op = &program[op->operand] - 1; break;
        case HALT: return variables[1];
        }
    }
}

/* ---- recursion ---------------------------------------------------------------------- */

static NOINLINE uint32_t fibonacci(uint32_t n)
{
    return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

/* The number of ways to write n as a sum of parts no larger than k. */
static NOINLINE uint32_t partitions(int n, int k)
{
    if (n == 0)
        return 1;
    if (n < 0 || k == 0)
        return 0;
    return partitions(n - k, k) + partitions(n, k - 1);
}

/* ---- records and function pointers -------------------------------------------------- */

enum kind { KIND_COUNTER, KIND_ACCUMULATOR, KIND_NAME, KIND_LINK };

struct record {
    enum kind kind;
    uint32_t value;
    char name[12];
    struct record *next;
};

static struct record records[RECORDS] BENCH_DATA;

static NOINLINE void copy_name(char *to, const char *from)
{
    while ((*to++ = *from++))
        ;
}

static NOINLINE int compare_names(const char *p, const char *q)
{
    while (*p && *p == *q)
        p++, q++;
    return (uint8_t)*p - (uint8_t)*q;
}

static NOINLINE void update_record(struct record *r, uint32_t input)
{
    switch (r->kind) {
    case KIND_COUNTER: r->value++; break;
    case KIND_ACCUMULATOR: r->value += input; break;
    case KIND_NAME:
        r->name[input % 10] = (char)('a' + input % 26);
        if (compare_names(r->name, r->next->name) > 0)
            r->value ^= input;
        break;
    case KIND_LINK: r->value = r->next->value + 1; break;
    }
    if (r->value & 1)
        r->kind = (enum kind)((r->kind + 1) & 3);
}

static NOINLINE uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
static NOINLINE uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ b; }
static NOINLINE uint32_t op_rotate(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> (-b & 31)); }
static NOINLINE uint32_t op_max(uint32_t a, uint32_t b) { return a > b ? a : b; }

static uint32_t (*const operations[])(uint32_t, uint32_t) = {op_add, op_xor, op_rotate, op_max};

static void init_records(void)
{
    for (int i = 0; i < RECORDS; i++) {
        records[i] = (struct record){.kind = (enum kind)(i & 3), .value = (uint32_t)i};
        copy_name(records[i].name, "record");
        records[i].next = &records[(i * 5 + 1) % RECORDS];
    }
}

int main(void)
{
    init_records();
    uint32_t seed = 0x51f15eedu;
    uint32_t checksum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        uint32_t variables[2];
        uint32_t collatz_total = 0;
        for (uint32_t n = 1; n <= COLLATZ_NUMBERS; n++) {
            variables[0] = n + (uint32_t)round * COLLATZ_NUMBERS;
            variables[1] = 0;
            collatz_total += run_program(collatz_program, variables);
        }
        checksum = bench_mix(checksum, collatz_total);

        checksum = bench_mix(checksum, fibonacci(22 + round % 3));
        checksum = bench_mix(checksum, partitions(34 + round % 5, 20));

        uint32_t folded = 0;
        for (int step = 0; step < 60000; step++) {
            uint32_t r = bench_random(&seed);
            update_record(&records[r % RECORDS], r >> 8);
            folded = operations[r >> 30](folded, records[(r >> 6) % RECORDS].value);
        }
        checksum = bench_mix(checksum, folded);
    }
    for (int i = 0; i < RECORDS; i++)
        checksum = bench_mix(checksum, records[i].value);
    bench_finish("calls", checksum, EXPECTED_CHECKSUM);
}
