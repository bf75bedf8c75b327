/* What the fuzzer made and held, and the way back to a known state: every
 * FUZZ_RESTORE_EVERY calls it destroys its objects, gives back its held
 * runs and reloads its registers from the vault. */
#include "fuzz.h"

#define FUZZ_MADE_MAX 256
#define FUZZ_HELD_MAX 32

static uint64_t fuzz_made[FUZZ_MADE_MAX];
static unsigned fuzz_nmade;
static struct {
	uint64_t base;
	uint32_t frames;
} fuzz_held[FUZZ_HELD_MAX];
static unsigned fuzz_nheld;

static void fuzz_give(uint64_t base, uint32_t frames)
{
	struct msg m = { { MSG_U64(base), frames, 0 }, 0 };

	invoke(F_RANGE, RANGE_OP_GIVE, CAP_NONE, CAP_NONE, 0, &m);
}

static void fuzz_destroy_at(uint64_t pa)
{
	struct msg m = { { MSG_U64(pa), 0, 0 }, 0 };

	invoke(F_RANGE, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE, 0, &m);
}

#define FUZZ_VA_MAX 64

static uint32_t fuzz_vas[FUZZ_VA_MAX];
static unsigned fuzz_nvas;
uint32_t fuzz_unmapped;

uint32_t fuzz_known_va(void)
{
	return fuzz_nvas ? fuzz_vas[fuzz_rand() % fuzz_nvas] : 0;
}

/* Maps and unmaps of any process: the addresses maps returned. */
static void fuzz_note_map(const struct fuzz_call *c, const struct msg *out)
{
	if (c->op == PROC_OP_MAP && fuzz_nvas < FUZZ_VA_MAX) {
		fuzz_vas[fuzz_nvas++] = out->w[0];
		return;
	}
	for (unsigned i = 0; c->op == PROC_OP_UNMAP && i < fuzz_nvas; i++)
		if (fuzz_vas[i] == c->w[0]) {
			fuzz_vas[i] = fuzz_vas[--fuzz_nvas];
			fuzz_unmapped++;
			return;
		}
}

void fuzz_note(const struct fuzz_call *c, int err, const struct msg *out)
{
	struct msg m = { { 0 }, 0 };

	if (err != INV_OK || c->op > RANGE_OP_TAKE || c->op == RANGE_OP_DESTROY)
		return;
	if (invoke(c->cap, CAP_OP_IDENTIFY, CAP_NONE, CAP_NONE, 0, &m) != INV_OK)
		return;
	if (m.w[0] == CT_PROCESS)
		fuzz_note_map(c, out);
	if (m.w[0] != CT_RANGE)
		return;
	if (c->op == RANGE_OP_CREATE) {
		if (fuzz_nmade == FUZZ_MADE_MAX)
			fuzz_destroy_at(fuzz_made[--fuzz_nmade]);
		fuzz_made[fuzz_nmade++] = msg_u64(out->w);
	} else if (c->op == RANGE_OP_TAKE) {
		if (fuzz_nheld == FUZZ_HELD_MAX) {
			fuzz_give(msg_u64(out->w), c->w[0]);
			return;
		}
		fuzz_held[fuzz_nheld].base = msg_u64(out->w);
		fuzz_held[fuzz_nheld++].frames = c->w[0];
	}
}

uint64_t fuzz_known_pa(void)
{
	return fuzz_nmade ? fuzz_made[fuzz_rand() % fuzz_nmade] : 0;
}

/* A fresh CapPage in F_EXT with a few capabilities, attached; recorded, so
 * the next restore destroys it (and every copy the fuzz made goes stale). */
static void fuzz_restore_ext(void)
{
	static const unsigned fill[] = { F_CONSOLE, F_SLEEP, F_PAGE, F_EP_SPARE, F_SERVE };
	uint64_t pa;

	cap_delete(F_EXT);
	if (range_create(F_RANGE, CT_CAPPAGE, F_EXT, &pa) != INV_OK)
		return;
	fuzz_made[fuzz_nmade++] = pa;
	for (unsigned i = 0; i < sizeof fill / sizeof fill[0]; i++)
		cappage_store(F_EXT, i, fill[i]);
	process_cappage(CAP_SELF, F_EXT);
}

void fuzz_restore(void)
{
	unsigned type = 0, rights = 0;
	struct msg m = { { 0 }, 0 };

	/* the calling peer waits for a reply: give it one, it calls again */
	if (cap_identify(CAP_REPLY, &type, &rights) == INV_OK && type == CT_REPLY)
		reply_send(CAP_REPLY, &m, CAP_NONE);
	process_cappage(CAP_SELF, CAP_NONE);
	/* registers first: the fuzz may have deleted or weakened F_RANGE */
	for (unsigned k = 0; k < F_FUZZED; k++) {
		if (k == F_EXT)
			continue;
		cap_delete(k);
		if (k < F_RESTORED)
			cappage_load(F_VAULT, k, k);
	}
	cappage_load(F_VAULT, F_VAULT_VICTIM, F_VICTIM);
	while (fuzz_nmade)
		fuzz_destroy_at(fuzz_made[--fuzz_nmade]);
	while (fuzz_nheld) {
		fuzz_nheld--;
		fuzz_give(fuzz_held[fuzz_nheld].base, fuzz_held[fuzz_nheld].frames);
	}
	fuzz_restore_ext();
}
