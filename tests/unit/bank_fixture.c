/* tests/unit/bank_fixture.h: the bank suites' shared steps. */
#include <check.h>

#include "bank_double.h"
#include "bank_fixture.h"

void bank_fixture_reset(unsigned kva_chunks)
{
	bdbl_reset(kva_chunks);
	ck_assert_int_eq(pools_load(), BANK_OK);
	tree_init();
}

struct bank *bank_child_of(struct bank *parent)
{
	struct bank *b = NULL;

	ck_assert_int_eq(tree_child(parent, &b), BANK_OK);
	return b;
}

void bank_books_exact(void)
{
	uint32_t charged = 0;

	ck_assert_msg(bdbl.misuse == 0, "misuse: %s", bdbl.why);
	for (unsigned k = 1; k < BANK_KINDS; k++)
		if (k != CT_DEVICE_RANGE)
			charged += bank_table[0].used[k];
	ck_assert_uint_eq(charged, bdbl_objects());
	ck_assert_uint_eq(bank_table[0].used[BANK_KIND_FRAMES], bdbl_frames());
}
