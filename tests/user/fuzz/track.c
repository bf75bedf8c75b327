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

/* Mappings a map made, by process: an entry goes when an unmap removes it
 * or finds nothing there (the page or the process went meanwhile), and a
 * new one takes a random entry's place when all are in use, so that the
 * list never fills with mappings that are gone. */
static struct {
	uint32_t pid, va;
} fuzz_vas[FUZZ_VA_MAX];
static unsigned fuzz_nvas;
uint32_t fuzz_unmapped;

uint32_t fuzz_known_va(uint32_t pid)
{
	unsigned n = 0, pick;

	for (unsigned i = 0; i < fuzz_nvas; i++)
		n += fuzz_vas[i].pid == pid;
	if (!n)
		return 0;
	pick = fuzz_rand() % n;
	for (unsigned i = 0;; i++)
		if (fuzz_vas[i].pid == pid && !pick--)
			return fuzz_vas[i].va;
}

/* A map's or an unmap's outcome (err INV_OK or INV_ERR_ARG) in process
 * index `proc`. */
static void fuzz_note_map(const struct fuzz_call *c, int err, unsigned proc, const struct msg *out)
{
	struct msg m = { { 0 }, 0 };
	unsigned i;

	if ((c->op != PROC_OP_MAP && c->op != PROC_OP_UNMAP) ||
	    invoke(proc, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, &m) != INV_OK)
		return;
	if (c->op == PROC_OP_MAP) {
		if (err != INV_OK)
			return;
		i = fuzz_nvas < FUZZ_VA_MAX ? fuzz_nvas++ : fuzz_rand() % FUZZ_VA_MAX;
		fuzz_vas[i].pid = m.w[0];
		fuzz_vas[i].va = out->w[0];
		return;
	}
	for (i = 0; i < fuzz_nvas; i++)
		if (fuzz_vas[i].pid == m.w[0] && fuzz_vas[i].va == c->w[0]) {
			fuzz_vas[i] = fuzz_vas[--fuzz_nvas];
			fuzz_unmapped += err == INV_OK;
			return;
		}
}

uint32_t fuzz_page_answers;

/* An answer that made or destroyed a Page went (a non-blocking ReplyRecv's
 * answer went when its receive found no sender): a Page made is recorded,
 * so that a restore destroys it. */
static void fuzz_note_page(const struct fuzz_call *c, int err)
{
	if (!c->page_answer || (err != INV_OK && err != INV_ERR_WOULD_BLOCK))
		return;
	fuzz_page_answers++;
	if ((c->flags & INV_F_PAGE_MAKE) && fuzz_nmade < FUZZ_MADE_MAX)
		fuzz_made[fuzz_nmade++] = msg_u64(&c->w[1]);
}

void fuzz_note(const struct fuzz_call *c, int err, const struct msg *out)
{
	struct msg m = { { 0 }, 0 };

	fuzz_note_page(c, err);

	if ((err != INV_OK && err != INV_ERR_ARG) || c->op > RANGE_OP_TAKE ||
	    c->op == RANGE_OP_DESTROY)
		return;
	if (invoke(c->cap, CAP_OP_IDENTIFY, CAP_NONE, CAP_NONE, 0, &m) != INV_OK)
		return;
	if (m.w[0] == CT_PROCESS)
		fuzz_note_map(c, err, c->cap, out);
	if (m.w[0] != CT_RANGE || err != INV_OK)
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

uint64_t fuzz_known_held(void)
{
	unsigned i;

	if (!fuzz_nheld)
		return 0;
	i = fuzz_rand() % fuzz_nheld;
	return fuzz_held[i].base + (uint64_t)(fuzz_rand() % fuzz_held[i].frames) * 4096;
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

uint64_t fuzz_page_pa;

/* F_PAGE made anew in the vault once the fuzz destroyed it (the image's
 * page, or one made here before), so that maps go on succeeding. */
static void fuzz_restore_page(void)
{
	unsigned type = 0;

	if (cap_identify(F_PAGE, &type, NULL) == INV_OK && type == CT_PAGE)
		return;
	cap_delete(F_PAGE);
	if (range_create(F_RANGE, CT_PAGE, F_PAGE, &fuzz_page_pa) != INV_OK)
		return;
	/* the vault's slot is full (a store needs an empty one): emptied
	 * through the vault attached for the moment */
	process_cappage(CAP_SELF, F_VAULT);
	cap_delete(CAP_EXT_FIRST + F_PAGE);
	process_cappage(CAP_SELF, CAP_NONE);
	if (cappage_store(F_VAULT, F_PAGE, F_PAGE) != INV_OK) {
		range_destroy(F_RANGE, F_PAGE); /* kept nowhere: it would leak */
		fuzz_page_pa = 0;
	}
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
	fuzz_restore_page();
	while (fuzz_nmade)
		fuzz_destroy_at(fuzz_made[--fuzz_nmade]);
	while (fuzz_nheld) {
		fuzz_nheld--;
		fuzz_give(fuzz_held[fuzz_nheld].base, fuzz_held[fuzz_nheld].frames);
	}
	fuzz_restore_ext();
}
