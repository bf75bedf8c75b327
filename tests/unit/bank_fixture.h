/* What the bank's host suites (test_bank*.c) share over the invocation
 * double: a fresh bank tree, a child bank, and the books checked exact. */
#ifndef TESTS_UNIT_BANK_FIXTURE_H
#define TESTS_UNIT_BANK_FIXTURE_H

#include "../../spacebank/bank.h"

/* The double reset with kva_chunks 1 MiB chunks, its pools read, the root bank alone. */
void bank_fixture_reset(unsigned kva_chunks);
/* A new child of parent (the test fails if the bank refuses it). */
struct bank *bank_child_of(struct bank *parent);
/* Charged objects equal the double's objects, the frames charged equal its
 * frames, and no call was a misuse. */
void bank_books_exact(void);

#endif
