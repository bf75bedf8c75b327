/* The interrupt-masking atomics (atomic.c), reached through gcc's builtins. */
#include <kernel/ktest.h>

#define ATOMIC_CHECK(ty)                                                                        \
	do {                                                                                    \
		volatile ty v = 5;                                                              \
		ty expect = 5;                                                                  \
		KT_EQ(__sync_val_compare_and_swap(&v, 5, 9), 5);                                \
		KT_EQ(v, 9);                                                                    \
		KT_EQ(__sync_val_compare_and_swap(&v, 5, 1), 9);                                \
		KT_EQ(v, 9);                                                                    \
		KT_ASSERT(!__sync_bool_compare_and_swap(&v, 5, 1));                             \
		KT_EQ(__sync_fetch_and_add(&v, 3), 9);                                          \
		KT_EQ(__sync_sub_and_fetch(&v, 2), 10);                                         \
		KT_EQ(__sync_fetch_and_or(&v, 0x21), 10);                                       \
		KT_EQ(__sync_and_and_fetch(&v, 0x0f), 0x0b);                                    \
		KT_EQ(__sync_fetch_and_xor(&v, 0x0f), 0x0b);                                    \
		KT_EQ(__atomic_exchange_n(&v, 7, __ATOMIC_SEQ_CST), 0x04);                      \
		KT_ASSERT(!__atomic_compare_exchange_n(&v, &expect, 8, false, __ATOMIC_SEQ_CST, \
						       __ATOMIC_SEQ_CST));                      \
		KT_EQ(expect, 7);                                                               \
		KT_ASSERT(__atomic_compare_exchange_n(&v, &expect, 8, false, __ATOMIC_SEQ_CST,  \
						      __ATOMIC_SEQ_CST));                       \
		KT_EQ(__atomic_load_n(&v, __ATOMIC_SEQ_CST), 8);                                \
		KT_EQ(__sync_lock_test_and_set(&v, 1), 8);                                      \
		KT_EQ(__atomic_fetch_nand(&v, 3, __ATOMIC_SEQ_CST), 1);                         \
		KT_EQ(v, (ty) ~(1 & 3));                                                        \
	} while (0)

KTEST(coldfire_atomics_all_sizes)
{
	ATOMIC_CHECK(uint8_t);
	ATOMIC_CHECK(uint16_t);
	ATOMIC_CHECK(uint32_t);
	ATOMIC_CHECK(uint64_t);
	return KTEST_OK;
}

KTEST(coldfire_atomics_64bit_halves)
{
	volatile uint64_t v = 0xffffffffull;

	KT_EQ(__atomic_add_fetch(&v, 1, __ATOMIC_SEQ_CST), 0x100000000ull);
	__atomic_store_n(&v, 0x123456789abcdef0ull, __ATOMIC_SEQ_CST);
	KT_EQ(__atomic_load_n(&v, __ATOMIC_SEQ_CST), 0x123456789abcdef0ull);
	KT_EQ(__atomic_fetch_sub(&v, 0x9abcdef1ull, __ATOMIC_SEQ_CST), 0x123456789abcdef0ull);
	KT_EQ(v, 0x12345677ffffffffull);
	return KTEST_OK;
}
