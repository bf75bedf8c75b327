/* A client's cache of Pages from its space bank (user/lib/pagecache.c,
 * doc/spacebank.md "The client's page cache"). The cache owns a set of
 * capability indices; it fills empty ones from the bank in batches, hands
 * out the Page in one as the caller asks (the caller uses the capability
 * where it is, in the index returned) and takes it back without a call to
 * the bank. Cached pages stay allocated, so they stay charged to the bank
 * (BANK_OP_QUERY counts them) and go when the bank is destroyed. A page the
 * client frees into the cache and takes again is not zeroed; a page that
 * leaves the cache for the bank is freed with BANK_FREE_SCRUB, so it is
 * zeroed before anyone, its own bank included, uses it again. */
#ifndef ARROYO_PAGECACHE_H
#define ARROYO_PAGECACHE_H

#include <arroyo/bank.h>

#define PAGECACHE_MAX 32u
#define PAGECACHE_NONE 0xffu

struct pagecache {
	unsigned bank; /* the bank capability's register */
	unsigned batch; /* pages one refill asks for; a trim after a free keeps this many */
	unsigned scratch; /* an empty register refills receive into for CapPage slots */
	unsigned n; /* indices the cache owns */
	unsigned nfree; /* cached pages, not handed out: free[0..nfree) */
	unsigned nempty; /* indices holding no page: empty[0..nempty) */
	uint8_t cap[PAGECACHE_MAX]; /* entry -> capability index */
	uint8_t free[PAGECACHE_MAX], empty[PAGECACHE_MAX]; /* stacks of entries */
	uint8_t out[PAGECACHE_MAX]; /* entry handed out */
	uint64_t pa[PAGECACHE_MAX];
	uint8_t entry_of[256]; /* capability index -> entry, PAGECACHE_NONE */
};

/* caps: n (<= PAGECACHE_MAX) distinct empty capability indices the cache
 * takes over: registers, or slots of the attached CapPage when scratch is an
 * empty register (a receive lands only in a register). batch >= 1. Returns
 * BANK_ERR_ARG for a bad argument. */
int pagecache_init(struct pagecache *c, unsigned bank, const uint8_t *caps, unsigned n,
		   unsigned batch, unsigned scratch);
/* A page: *cap is the index holding its capability, *pa its frame. When the
 * cache is empty it first asks the bank for up to batch pages (from the
 * caller's current pool); the bank's error if it gave none, BANK_ERR_FULL
 * when every index is handed out. */
int pagecache_alloc(struct pagecache *c, unsigned *cap, uint64_t *pa);
/* Takes back the page in cap (one pagecache_alloc handed out); the caller
 * must have unmapped it. Beyond 2 x batch cached pages, gives the extra back
 * to the bank, scrubbed. BANK_ERR_ARG if cap is not a page handed out. */
int pagecache_free(struct pagecache *c, unsigned cap);
/* Gives cached pages back to the bank (scrubbed) until keep are left. */
int pagecache_trim(struct pagecache *c, unsigned keep);
/* The bank was destroyed (its pages went with it): deletes every capability
 * the cache holds, handed out or not, and starts empty. */
void pagecache_forget(struct pagecache *c);

#endif
