/* The space bank's user tests (tests/user/bank.img.txt). */
#ifndef TESTS_USER_BANK_H
#define TESTS_USER_BANK_H

#include <arroyo/bank.h>
#include <arroyo/utest.h>

#define B_MEMINFO 1
#define B_ROOT 10 /* the root bank, for the whole run */
#define B_T0 11 /* 11..15: scratch, emptied after every test */
#define B_OBJ0 2 /* 2..9 hold objects during a test (3..6 after the start) */

/* The kernel's banked frames (MemInfo). */
uint64_t bank_test_banked(void);
/* Empties the scratch and object registers. */
void bank_test_clear(void);

#endif
