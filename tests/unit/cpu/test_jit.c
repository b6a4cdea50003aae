/* The block translator against the interpreter: the same programs, run with the
 * translator on and off, must end in the same state after the same number of steps, however
 * the budget is cut into batches; faults in the middle of a block must be precise; stores
 * into translated code must take effect. On hosts without a translator these tests run the
 * interpreter twice and still pass. */

#include <string.h>

#include "cpu/csr.h"
#include "cpu/jit/jit.h"
#include "hart_fixture.h"

#define DATA_WORDS 32

/* A loop over an array with loads, stores, mul, compares and shifts, then a jal/jalr pair
 * that bounces forever: every block shape the translator makes, and its exits. */
static void write_loop_program(struct hart_fixture *f)
{
    FIXTURE_PROGRAM(f,
        encode_i(OP_slli, T1, T0, 2),      /* 0: loop */
        encode_r(OP_add, T1, S0, T1),
        encode_i(OP_lw, T2, T1, 0),
        encode_r(OP_mul, T3, T2, T2),
        encode_r(OP_add, A0, A0, T3),
        encode_i(OP_xori, T3, A0, 0x55),
        encode_s(OP_sw, T3, T1, 64),
        encode_i(OP_lbu, T4, T1, 1),
        encode_r(OP_sub, A0, A0, T4),
        encode_r(OP_sltu, T5, T4, T2),
        encode_r(OP_mulhu, T6, T2, A0),
        encode_r(OP_add, A0, A0, T5),
        encode_r(OP_xor, A0, A0, T6),
        encode_i(OP_addi, T0, T0, 1),
        encode_b(OP_blt, T0, S1, -56),     /* 14: back to loop */
        encode_j(OP_jal, RA, 8),           /* 15: to 17 */
        encode_i(OP_addi, A0, A0, 1000),   /* 16 */
        encode_i(OP_jalr, ZERO, RA, 0));   /* 17: to 16, forever */
}

static void reset_loop_state(struct hart_fixture *f)
{
    uint32_t data[DATA_WORDS];
    for (unsigned i = 0; i < DATA_WORDS; i++)
        data[i] = i * 0x01010101u + 7;
    fixture_write_words(f, FIXTURE_DATA, data, DATA_WORDS);
    memset(f->hart.x, 0, sizeof f->hart.x);
    f->hart.x[S0] = FIXTURE_DATA;
    f->hart.x[S1] = 16;
    f->hart.pc = FIXTURE_CODE;
    f->hart.steps = 0;
}

struct snapshot {
    uint32_t x[32], pc, data[DATA_WORDS];
    uint64_t steps;
};

static struct snapshot take_snapshot(struct hart_fixture *f)
{
    struct snapshot s;
    memset(&s, 0, sizeof s); /* the padding too: snapshots are compared with memcmp */
    memcpy(s.x, f->hart.x, sizeof s.x);
    s.pc = f->hart.pc;
    s.steps = f->hart.steps;
    for (unsigned i = 0; i < DATA_WORDS; i++)
        s.data[i] = fixture_read_word(f, FIXTURE_DATA + 4 * i);
    return s;
}

static void translator_is_on_where_available(void **state)
{
    struct hart_fixture *f = *state;
    assert_int_equal(f->hart.jit != NULL, jit_available());
}

static void every_budget_split_matches_the_interpreter(void **state)
{
    struct hart_fixture *f = *state;
    const uint64_t total = 400;
    write_loop_program(f);

    hart_set_jit(&f->hart, false);
    reset_loop_state(f);
    fixture_run(f, total);
    struct snapshot expected = take_snapshot(f);

    static const uint64_t batches[] = {1, 2, 3, 5, 7, 13, 14, 15, 64, 400};
    for (size_t b = 0; b < sizeof batches / sizeof batches[0]; b++) {
        hart_set_jit(&f->hart, true);
        reset_loop_state(f);
        for (uint64_t done = 0; done < total; done += batches[b])
            fixture_run(f, total - done < batches[b] ? total - done : batches[b]);
        struct snapshot got = take_snapshot(f);
        if (memcmp(&got, &expected, sizeof got) != 0)
            fail_msg("batches of %llu: pc 0x%08x a0 0x%08x steps %llu; interpreter: pc 0x%08x "
                     "a0 0x%08x steps %llu", (unsigned long long)batches[b], got.pc, got.x[A0],
                     (unsigned long long)got.steps, expected.pc, expected.x[A0],
                     (unsigned long long)expected.steps);
    }
}

static void a_budget_shorter_than_a_block_stops_inside_it(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, A0, 1), encode_i(OP_addi, A0, A0, 1),
                    encode_i(OP_addi, A0, A0, 1), encode_i(OP_addi, A0, A0, 1),
                    encode_i(OP_addi, A0, A0, 1), encode_i(OP_addi, A0, A0, 1),
                    encode_j(OP_jal, ZERO, -24));
    fixture_run(f, 7); /* the whole block once: it is translated now */
    assert_int_equal(f->hart.x[A0], 6);
    fixture_run(f, 3);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 12);
    assert_int_equal(f->hart.x[A0], 9);
    fixture_run(f, 5);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 4);
    assert_int_equal(f->hart.x[A0], 13);
    assert_int_equal(f->hart.steps, 15);
}

/* Three instructions retire, the fourth faults: the trap names it exactly. */
static void check_fault_in_block(struct hart_fixture *f, uint32_t faulting, uint32_t cause,
                                 uint32_t tval)
{
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, ZERO, 1), encode_i(OP_addi, A1, ZERO, 2),
                    encode_i(OP_addi, A2, ZERO, 3), faulting, encode_i(OP_addi, A3, ZERO, 4),
                    encode_j(OP_jal, ZERO, -20));
    f->hart.pc = FIXTURE_CODE;
    fixture_run(f, 4);
    assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER);
    assert_int_equal(f->hart.mepc, FIXTURE_CODE + 12);
    assert_int_equal(f->hart.mcause, cause);
    assert_int_equal(f->hart.mtval, tval);
    assert_int_equal(f->hart.x[A2], 3);
    assert_int_equal(f->hart.x[A3], 0);
    assert_int_equal(f->hart.steps, 4);
    assert_int_equal(f->hart.traps, 1);
}

static void a_load_fault_in_the_middle_of_a_block_is_precise(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[S0] = FIXTURE_UNMAPPED;
    check_fault_in_block(f, encode_i(OP_lw, A4, S0, 8), CAUSE_LOAD_ACCESS, FIXTURE_UNMAPPED + 8);
}

static void a_store_fault_in_the_middle_of_a_block_is_precise(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[S0] = FIXTURE_UNMAPPED;
    check_fault_in_block(f, encode_s(OP_sh, A0, S0, -2), CAUSE_STORE_ACCESS,
                         FIXTURE_UNMAPPED - 2);
}

static void a_misaligned_load_in_a_block_traps_when_set_to(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.trap_misaligned = true;
    f->hart.x[S0] = FIXTURE_DATA;
    check_fault_in_block(f, encode_i(OP_lw, A4, S0, 2), CAUSE_MISALIGNED_LOAD, FIXTURE_DATA + 2);
}

static void a_misaligned_jalr_target_traps_at_the_jalr(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[S0] = FIXTURE_CODE + 2;
    check_fault_in_block(f, encode_i(OP_jalr, RA, S0, 0), CAUSE_MISALIGNED_FETCH,
                         FIXTURE_CODE + 2);
    assert_int_equal(f->hart.x[RA], 0);
}

/* A loop whose body rewrites its own first instruction each time round. */
static void a_store_into_a_translated_block_changes_it(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, A0, 1), encode_s(OP_sw, T1, S0, 0),
                    encode_j(OP_jal, ZERO, -8));
    f->hart.x[S0] = FIXTURE_CODE;
    f->hart.x[T1] = encode_i(OP_addi, A0, A0, 100);
    fixture_run(f, 7);
    assert_int_equal(f->hart.x[A0], 201);
}

/* A store into a later instruction of the block it is in. */
static void a_store_ahead_in_its_own_block_is_seen(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A1, A1, 1), encode_s(OP_sw, T1, S0, 12),
                    encode_i(OP_addi, A1, A1, 1), encode_i(OP_addi, A0, A0, 1),
                    encode_j(OP_jal, ZERO, -16));
    f->hart.x[S0] = FIXTURE_CODE;
    f->hart.x[T1] = encode_i(OP_addi, A0, A0, 1); /* the first time round, no change */
    fixture_run(f, 5);
    f->hart.x[T1] = encode_i(OP_addi, A0, A0, 100);
    fixture_run(f, 5);
    assert_int_equal(f->hart.x[A0], 101);
}

/* Data beside code on one page: the store to the data line lands (and keeps the block),
 * the store into the code still changes it. */
static void a_store_beside_translated_code_lands_and_code_stores_still_count(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, A0, 1), encode_s(OP_sw, T2, S0, 0x200),
                    encode_s(OP_sw, T1, S0, 0), encode_j(OP_jal, ZERO, -12));
    f->hart.x[S0] = FIXTURE_CODE;
    f->hart.x[T1] = encode_i(OP_addi, A0, A0, 100);
    f->hart.x[T2] = 0x5eed;
    fixture_run(f, 8);
    assert_int_equal(f->hart.x[A0], 101);
    assert_int_equal(fixture_read_word(f, FIXTURE_CODE + 0x200), 0x5eed);
}

static void code_rewritten_by_the_host_runs_fresh(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, A0, 1), encode_j(OP_jal, ZERO, -4));
    fixture_run(f, 4);
    assert_int_equal(f->hart.x[A0], 2);
    fixture_write_word(f, FIXTURE_CODE, encode_i(OP_addi, A0, A0, 10));
    fixture_run(f, 4);
    assert_int_equal(f->hart.x[A0], 22);
}

/* Code in two lines of a page, words[0] jumping to words[32] and back by `jump`: as two
 * blocks chained to each other (a branch), or as one block that follows the jump (jal). */
static void check_rewritten_jump_target_runs_its_new_code(struct hart_fixture *f, bool branch)
{
    uint32_t words[34];
    for (unsigned i = 0; i < 34; i++)
        words[i] = encode_i(OP_addi, ZERO, ZERO, 0);
    words[0] = encode_i(OP_addi, A0, A0, 1);
    words[1] = branch ? encode_b(OP_beq, ZERO, ZERO, 31 * 4) /* to words[32], two lines on */
                      : encode_j(OP_jal, ZERO, 31 * 4);
    words[32] = encode_i(OP_addi, A0, A0, 2);
    words[33] = encode_j(OP_jal, ZERO, -33 * 4); /* back to words[0] */
    fixture_write_words(f, FIXTURE_CODE, words, 34);
    fixture_run(f, 12); /* three times round: both blocks translated and chained */
    assert_int_equal(f->hart.x[A0], 9);
    fixture_write_word(f, FIXTURE_CODE + 32 * 4, encode_i(OP_addi, A0, A0, 50));
    fixture_run(f, 8);
    assert_int_equal(f->hart.x[A0], 9 + 2 * 51);
    assert_int_equal(f->hart.pc, FIXTURE_CODE);
}

/* Chained jumps go straight into the block they reach: rewriting the second block must not
 * leave the first jumping into its old code. */
static void a_block_that_jumps_into_a_rewritten_block_runs_its_new_code(void **state)
{
    check_rewritten_jump_target_runs_its_new_code(*state, true);
}

/* A block that followed a jal holds code of the line it jumped to: a store there drops it. */
static void a_block_through_a_jal_drops_when_the_code_it_jumped_to_changes(void **state)
{
    check_rewritten_jump_target_runs_its_new_code(*state, false);
}

/* Runs the program written from reset_loop_state `total` steps on the interpreter, then
 * with the translator in batches of several sizes: each must end in the interpreter's
 * state, which is returned. */
static struct snapshot same_as_the_interpreter(struct hart_fixture *f, uint64_t total)
{
    const uint64_t batches[] = {1, 2, 3, 6, 7, total};
    struct snapshot expected;
    for (size_t b = 0; b <= sizeof batches / sizeof batches[0]; b++) {
        bool interpreter = b == 0;
        uint64_t batch = interpreter ? total : batches[b - 1];
        hart_set_jit(&f->hart, !interpreter);
        reset_loop_state(f);
        for (uint64_t done = 0; done < total; done += batch)
            fixture_run(f, total - done < batch ? total - done : batch);
        struct snapshot got = take_snapshot(f);
        if (interpreter)
            expected = got;
        else if (memcmp(&got, &expected, sizeof got) != 0)
            fail_msg("batches of %llu: pc 0x%08x a0 0x%08x a1 0x%08x ra 0x%08x; interpreter: pc "
                     "0x%08x a0 0x%08x a1 0x%08x ra 0x%08x", (unsigned long long)batch, got.pc,
                     got.x[A0], got.x[A1], got.x[RA], expected.pc, expected.x[A0],
                     expected.x[A1], expected.x[RA]);
    }
    return expected;
}

/* A block goes on through a jal to its page (a call: the link is written; the words it
 * jumps over never run), and a fault after the jal names the instruction there. */
static void a_block_through_a_jal_matches_the_interpreter_and_faults_precisely(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f,
        encode_i(OP_addi, A0, A0, 1),     /* 0 */
        encode_j(OP_jal, RA, 12),         /* 1: to 4 */
        encode_i(OP_addi, A5, A5, 99),    /* 2: jumped over */
        encode_i(OP_addi, A5, A5, 99),    /* 3: jumped over */
        encode_i(OP_addi, A1, A1, 2),     /* 4 */
        encode_i(OP_lw, A4, S0, 8),       /* 5 */
        encode_j(OP_jal, ZERO, -24));     /* 6: back to 0, which the block holds: it ends */
    struct snapshot expected = same_as_the_interpreter(f, 70);
    assert_int_equal(expected.x[A0], 14); /* five instructions a time round */
    assert_int_equal(expected.x[A1], 28);
    assert_int_equal(expected.x[RA], FIXTURE_CODE + 8);
    assert_int_equal(expected.x[A5], 0);

    /* Translated by now: the load faults inside the block, after the jal. */
    f->hart.x[S0] = FIXTURE_UNMAPPED;
    f->hart.pc = FIXTURE_CODE;
    f->hart.x[RA] = 0;
    uint64_t steps = f->hart.steps;
    fixture_run(f, 4);
    assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER);
    assert_int_equal(f->hart.mepc, FIXTURE_CODE + 20);
    assert_int_equal(f->hart.mcause, CAUSE_LOAD_ACCESS);
    assert_int_equal(f->hart.mtval, FIXTURE_UNMAPPED + 8);
    assert_int_equal(f->hart.x[RA], FIXTURE_CODE + 8);
    assert_int_equal(f->hart.x[A5], 0);
    assert_int_equal(f->hart.steps, steps + 4);
}

/* A branch in the middle of a block: taken, it leaves (to another block, or back to the
 * block's own start) with the steps of what it did not run given back; not taken, the
 * block goes on. Every fourth time round the branch goes to code whose block jumps back
 * into the first one's loop. */
static void a_branch_in_the_middle_of_a_block_matches_the_interpreter(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f,
        encode_i(OP_addi, A0, A0, 1),      /* 0 */
        encode_i(OP_andi, T0, A0, 3),      /* 1 */
        encode_b(OP_beq, T0, ZERO, 12),    /* 2: to 5 every fourth time */
        encode_i(OP_addi, A1, A1, 1),      /* 3 */
        encode_j(OP_jal, ZERO, -16),       /* 4: back to 0 */
        encode_i(OP_addi, A2, A2, 1),      /* 5 */
        encode_j(OP_jal, ZERO, -24));      /* 6: back to 0 */
    struct snapshot expected = same_as_the_interpreter(f, 101);
    assert_int_equal(expected.x[A0], 21);
    assert_int_equal(expected.x[A1], 15);
    assert_int_equal(expected.x[A2], 5);
}

/* A block that followed a jal and stops before an instruction it cannot translate leaves
 * for that instruction, where the jal went, not after the jal. */
static void a_block_through_a_jal_stops_where_the_jal_went(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f,
        encode_i(OP_addi, A0, A0, 1),                  /* 0 */
        encode_j(OP_jal, ZERO, 8),                     /* 1: to 3 */
        encode_i(OP_addi, A5, A5, 99),                 /* 2: jumped over */
        encode_csr(OP_csrrs, A1, CSR_MSCRATCH, ZERO),  /* 3: not translated */
        encode_j(OP_jal, ZERO, -16));                  /* 4: back to 0 */
    struct snapshot expected = same_as_the_interpreter(f, 40);
    assert_int_equal(expected.x[A0], 10);
    assert_int_equal(expected.x[A5], 0);
}

/* Divisions in a block give RISC-V's results where x86's division would fault: by zero,
 * and the most negative number by -1. */
static void divisions_in_a_block_give_the_riscv_results_at_the_edges(void **state)
{
    struct hart_fixture *f = *state;
    static const struct {
        uint32_t dividend, divisor;
        uint32_t div, divu, rem, remu;
    } cases[] = {
        {20, 6, 3, 3, 2, 2},
        {(uint32_t)-20, 6, (uint32_t)-3, 0x2aaaaaa7u, (uint32_t)-2, 2},
        {7, 0, UINT32_MAX, UINT32_MAX, 7, 7},
        {0x80000000u, UINT32_MAX, 0x80000000u, 0, 0, 0x80000000u},
        {0x80000000u, 1, 0x80000000u, 0x80000000u, 0, 0},
    };
    FIXTURE_PROGRAM(f, encode_r(OP_div, A2, A0, A1), encode_r(OP_divu, A3, A0, A1),
                    encode_r(OP_rem, A4, A0, A1), encode_r(OP_remu, A5, A0, A1),
                    encode_j(OP_jal, ZERO, -16));
    for (unsigned round = 0; round < 2; round++) { /* the second time from a made block */
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            f->hart.x[A0] = cases[i].dividend;
            f->hart.x[A1] = cases[i].divisor;
            f->hart.pc = FIXTURE_CODE;
            fixture_run(f, 5);
            assert_int_equal(f->hart.x[A2], cases[i].div);
            assert_int_equal(f->hart.x[A3], cases[i].divu);
            assert_int_equal(f->hart.x[A4], cases[i].rem);
            assert_int_equal(f->hart.x[A5], cases[i].remu);
        }
    }
}

/* Operations whose destination is also a source (translated as one operation on the
 * register in the hart): each gives what the interpreter gives. */
static void operations_on_their_own_destination_match_the_interpreter(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, A0, -5), encode_i(OP_xori, A1, A1, 0x7f0),
                    encode_i(OP_ori, A2, A2, -256), encode_i(OP_andi, A3, A3, 0x3c),
                    encode_i(OP_slli, A4, A4, 31), encode_i(OP_srli, A5, A5, 3),
                    encode_i(OP_srai, A6, A6, 4), encode_r(OP_add, A7, A7, A7),
                    encode_r(OP_sub, S2, S2, A0), encode_r(OP_and, S3, A1, S3),
                    encode_r(OP_or, S4, S4, ZERO), encode_r(OP_xor, S5, A2, S5),
                    encode_r(OP_sub, S6, A3, S6), encode_j(OP_jal, ZERO, -52));
    struct snapshot results[2];
    for (unsigned run = 0; run < 2; run++) {
        hart_set_jit(&f->hart, run == 0);
        memset(f->hart.x, 0, sizeof f->hart.x);
        static const unsigned regs[] = {A0, A1, A2, A3, A4, A5, A6, A7, S2, S3, S4, S5, S6};
        for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++)
            f->hart.x[regs[i]] = 0x80000001u + 0x01234567u * (uint32_t)i;
        f->hart.pc = FIXTURE_CODE;
        f->hart.steps = 0;
        fixture_run(f, 14 * 3); /* three times round: from the made block too */
        results[run] = take_snapshot(f);
    }
    assert_memory_equal(results[0].x, results[1].x, sizeof results[0].x);
    assert_int_equal(results[0].x[A7], (0x80000001u + 0x01234567u * 7) << 3);
}

/* li, mv and branches against x0 (translated without their x0 operand): a countdown
 * that takes each kind of branch both ways gives what the interpreter gives. */
static void moves_and_branches_against_zero_match_the_interpreter(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f,
        encode_i(OP_addi, A0, ZERO, 5),    /* 0: li a0, 5 */
        encode_i(OP_xori, A2, ZERO, -3),   /* 4: li a2, -3 (xori) */
        encode_i(OP_addi, A1, A0, 0),      /* 8: loop: mv a1, a0 */
        encode_b(OP_bge, A2, ZERO, 8),     /* 12: bgez a2, +8 */
        encode_i(OP_addi, A3, A3, 1),      /* 16: a3 counts negative a2 */
        encode_b(OP_blt, ZERO, A2, 8),     /* 20: bgtz a2 (x0 first), +8 */
        encode_i(OP_addi, A4, A4, 1),      /* 24: a4 counts a2 <= 0 */
        encode_b(OP_bltu, ZERO, A1, 8),    /* 28: snez-like: x0 <u a1, +8 */
        encode_i(OP_addi, A5, A5, 1),      /* 32: a5 counts a1 == 0 */
        encode_i(OP_addi, A2, A2, 1),      /* 36 */
        encode_i(OP_addi, A0, A0, -1),     /* 40 */
        encode_b(OP_bne, A0, ZERO, -36),   /* 44: bnez a0, loop */
        encode_b(OP_beq, ZERO, ZERO, 0));  /* 48: beq x0, x0: stays here */
    struct snapshot results[2];
    for (unsigned run = 0; run < 2; run++) {
        hart_set_jit(&f->hart, run == 0);
        memset(f->hart.x, 0, sizeof f->hart.x);
        f->hart.pc = FIXTURE_CODE;
        f->hart.steps = 0;
        fixture_run(f, 80);
        results[run] = take_snapshot(f);
    }
    assert_memory_equal(&results[0], &results[1], sizeof results[0]);
    assert_int_equal(results[0].pc, FIXTURE_CODE + 48);
    assert_int_equal(results[0].x[A3], 3); /* a2 = -3, -2, -1 */
    assert_int_equal(results[0].x[A4], 4); /* a2 = -3 .. 0 */
}

/* Comparisons and products with a register in the hart, or with x0. */
static void comparisons_and_products_with_x0_match_the_interpreter(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f, encode_r(OP_slt, S2, A0, ZERO), encode_r(OP_sltu, S3, A0, ZERO),
                    encode_r(OP_slt, S4, A0, A1), encode_r(OP_sltu, S5, A0, A1),
                    encode_r(OP_mul, S6, A0, A1), encode_r(OP_mul, S7, A0, ZERO),
                    encode_j(OP_jal, ZERO, -24));
    for (unsigned round = 0; round < 2; round++) { /* the second time from a made block */
        f->hart.x[A0] = 0xfffffff0u; /* -16 */
        f->hart.x[A1] = 3;
        f->hart.x[S7] = 99;
        f->hart.pc = FIXTURE_CODE;
        fixture_run(f, 7);
        assert_int_equal(f->hart.x[S2], 1);
        assert_int_equal(f->hart.x[S3], 0);
        assert_int_equal(f->hart.x[S4], 1);
        assert_int_equal(f->hart.x[S5], 0);
        assert_int_equal(f->hart.x[S6], (uint32_t)-48);
        assert_int_equal(f->hart.x[S7], 0);
    }
}

/* The fixture with the translator on, even under VMSIM_NO_JIT: these tests are about it. */
static int jit_fixture_setup(void **state)
{
    int status = hart_fixture_setup(state);
    if (status == 0)
        hart_set_jit(&((struct hart_fixture *)*state)->hart, true);
    return status;
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, jit_fixture_setup, hart_fixture_teardown)
    const struct CMUnitTest tests[] = {
        TEST(translator_is_on_where_available),
        TEST(every_budget_split_matches_the_interpreter),
        TEST(a_budget_shorter_than_a_block_stops_inside_it),
        TEST(a_load_fault_in_the_middle_of_a_block_is_precise),
        TEST(a_store_fault_in_the_middle_of_a_block_is_precise),
        TEST(a_misaligned_load_in_a_block_traps_when_set_to),
        TEST(a_misaligned_jalr_target_traps_at_the_jalr),
        TEST(a_store_into_a_translated_block_changes_it),
        TEST(a_store_ahead_in_its_own_block_is_seen),
        TEST(a_store_beside_translated_code_lands_and_code_stores_still_count),
        TEST(code_rewritten_by_the_host_runs_fresh),
        TEST(a_block_that_jumps_into_a_rewritten_block_runs_its_new_code),
        TEST(a_block_through_a_jal_drops_when_the_code_it_jumped_to_changes),
        TEST(a_block_through_a_jal_matches_the_interpreter_and_faults_precisely),
        TEST(a_block_through_a_jal_stops_where_the_jal_went),
        TEST(a_branch_in_the_middle_of_a_block_matches_the_interpreter),
        TEST(divisions_in_a_block_give_the_riscv_results_at_the_edges),
        TEST(operations_on_their_own_destination_match_the_interpreter),
        TEST(moves_and_branches_against_zero_match_the_interpreter),
        TEST(comparisons_and_products_with_x0_match_the_interpreter),
    };
    return cmocka_run_group_tests_name("jit", tests, NULL, NULL);
}
