/* The pool tests (tests/user/pools.img.txt): registers and helpers. */
#ifndef TESTS_USER_POOLS_H
#define TESTS_USER_POOLS_H

#include <arroyo/bank.h>
#include <arroyo/utest.h>

#define P_MEMINFO 1
#define P_ROOT 10 /* the root bank */
#define P_PROBE 7 /* the probes report here (pool_segments) */
#define P_T0 11 /* 11..15: scratch, emptied after every test */
#define P_OBJ 2 /* where allocated objects land (deleted at once) */
/* The bootstrap capability: the bank's endpoint unbadged, read right and
 * all (pool_caller_unstamped turns its stamp off and on). */
#define P_BANK_BOOT 6
#define POOL_MAX_ID 16 /* one past the last pool id there can be */

/* The id of the pool named name, or POOL_ANY; *info filled when found. */
unsigned pool_find(const char *name, struct pool_info *info);
/* Whether frame pa is in the pool by its own range and stripe arithmetic. */
int pool_holds(const struct pool_info *p, uint64_t pa);
/* A page from bank in pool (POOL_ANY: any); its pa. */
int pool_page(unsigned bank, unsigned pool, uint64_t *pa);
void pools_test_clear(void);

#endif
