/* A host double of the kernel invocations the space bank's bookkeeping makes
 * (spacebank/frames.c, objects.c, devices.c, budget.c): a small fake of the
 * Range (frames held in 1 MiB chunks, objects typed at a frame), the budget
 * channel and the bank's capability registers, with failure injection and a
 * record of every misuse, so test_bank*.c run the real bank sources. */
#ifndef TESTS_UNIT_BANK_DOUBLE_H
#define TESTS_UNIT_BANK_DOUBLE_H

#include <stdbool.h>
#include <stdint.h>

/* Chunks of 256 frames the fake kernel can hand out: the first bdbl_kva_chunks
 * are kernel-addressable (from pa BDBL_KVA_BASE on), the rest are not (from
 * BDBL_HIGH_BASE, above 4 GiB like hot-plugged DIMMs). */
#define BDBL_CHUNK_FRAMES 256u
#define BDBL_CHUNKS 64u
#define BDBL_KVA_BASE 0x01000000ull
#define BDBL_HIGH_BASE 0x100000000ull
#define BDBL_REGS 16u
/* Objects a pot frame holds, as the 32-bit kernels answer: 8 processes,
 * 128 endpoints. */
#define BDBL_POT_PROCESSES 8u
#define BDBL_POT_ENDPOINTS 128u
#define BDBL_POT_MAX BDBL_POT_ENDPOINTS
/* The pools RANGE_OP_POOL describes: "low" holds the kernel-addressable
 * chunks, "high" the rest. Tests may change them or add more (up to
 * BDBL_POOLS_MAX) before pools_load. */
#define BDBL_POOLS 2u
#define BDBL_POOL_LOW 0u
#define BDBL_POOL_HIGH 1u
#define BDBL_POOLS_MAX 16u /* POOL_MAX: a full registry */
/* bdbl_add_small_pool: a system-layer pool of BDBL_SMALL_FRAMES frames over
 * part of "low", too small for a whole MiB, so the bank takes its frames one
 * at a time; it shares its 16 MiB region with low's first chunks. */
#define BDBL_SMALL_BASE 0x01f00000ull
#define BDBL_SMALL_FRAMES 64u

struct bdbl_pool {
	char name[16];
	uint64_t start, length;
	uint32_t stripe, step;
	uint8_t cache, layer;
};

struct bank_double {
	unsigned kva_chunks; /* chunks below 4 GiB; the rest of BDBL_CHUNKS are high */
	uint32_t stride; /* frames from one chunk's start to the next (>= 256) */
	/* Per frame; the last "chunk" holds the small pool's frames, if any. */
	bool held[BDBL_CHUNKS + 1][BDBL_CHUNK_FRAMES];
	uint8_t object[BDBL_CHUNKS + 1][BDBL_CHUNK_FRAMES]; /* cap type of the object, 0 none */
	/* Pots (Process, Endpoint): the live slots of each frame, a bit each. */
	uint32_t slots[BDBL_CHUNKS + 1][BDBL_CHUNK_FRAMES][BDBL_POT_MAX / 32];
	unsigned takes, gives, creates, destroys;
	unsigned single_takes, single_gives; /* of them, one frame at a time */
	unsigned npools;
	struct bdbl_pool pool[BDBL_POOLS_MAX];
	unsigned small_pool; /* its id, or BDBL_POOLS_MAX when there is none */
	unsigned pool_calls, fail_pool_call; /* RANGE_OP_POOL call number fail_pool_call fails */
	unsigned unzeroed; /* creates with RANGE_CREATE_UNZEROED */
	unsigned misuse; /* calls the real kernel would refuse: tests expect 0 */
	char why[160]; /* the first misuse */

	/* Failure injection: how many of the next calls fail (with this error). */
	unsigned fail_take, fail_create, fail_identify, fail_copy, fail_page;
	int budget_error; /* RECLAIM / RANGE_DONE return this (0: OK) */
	uint32_t reclaim_outcome, range_outcome;
	uint32_t reclaim_consent; /* what the last RECLAIM consented to */

	/* Capability registers: the type each holds (CT_NULL empty). */
	unsigned reg[BDBL_REGS];
	uint64_t reg_addr[BDBL_REGS]; /* the object address a created object's register names */
	/* A register of type CT_PROCESS answers PROC_OP_TABLE: proc_need tables
	 * still wanted; each PageTable sent is counted in proc_tables. */
	uint32_t proc_need, proc_tables;
	unsigned fail_table; /* the next gives the fake process refuses */
	/* Published device ranges range_device lists, in order. */
	unsigned ndev;
	uint64_t dev_base[8];
	uint32_t dev_frames[8];
	unsigned pages_made; /* device_range_page successes */

	char out[8192]; /* what the bank printed */
	unsigned out_len;
};

extern struct bank_double bdbl;

/* Empties the double: kva chunks below 4 GiB, the rest high, back to back
 * (stride 256), no failures. */
void bdbl_reset(unsigned kva_chunks);
/* Adds the small pool (BDBL_SMALL_BASE, BDBL_SMALL_FRAMES) as the next pool;
 * at most 15 kernel-addressable chunks, so that none covers it. */
unsigned bdbl_add_small_pool(void);
/* Frames the fake kernel has handed to the bank and not got back. */
uint32_t bdbl_held_frames(void);
/* Objects created and not destroyed (every live slot of a pot counts). */
unsigned bdbl_objects(void);
/* Frames holding at least one object. */
unsigned bdbl_frames(void);
/* The kernel destroyed the object at frame pa on its own, leaving the frame
 * held (a table handed back when its process died). */
void bdbl_kernel_destroyed(uint64_t pa);

/* The device part of the bank suite (test_bank_devices.c). */
struct Suite;
void bank_add_device_tests(struct Suite *s);

/* What the bank's printf is renamed to for the host (bank.mk). */
int bank_host_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
