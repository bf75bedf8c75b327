/* Unit tests of the 64-bit message-word helpers (include/arroyo/abi.h) and the
 * saturating count (lib/include/lib/types.h). */
#include <check.h>

#include <arroyo/abi.h>
#include <lib/types.h>

#include "unit.h"

static const uint64_t samples[] = {
	0, 1, 0xffffffffu, 0x100000000ull, 0x123456789abcdef0ull, UINT64_MAX
};

START_TEST(abi_words_round_trip)
{
	for (size_t i = 0; i < ARRAY_SIZE(samples); i++) {
		uint32_t w[3] = { 0, 0, 0x5a5a5a5au };
		const uint32_t init[2] = { MSG_U64(samples[i]) };

		msg_put_u64(w, samples[i]);
		ck_assert_uint_eq(msg_u64(w), samples[i]);
		ck_assert_uint_eq(w[0], (uint32_t)samples[i]);
		ck_assert_uint_eq(w[2], 0x5a5a5a5au); /* two words, no more */
		ck_assert_uint_eq(msg_u64(init), samples[i]);
	}
}
END_TEST

START_TEST(abi_words_saturate)
{
	ck_assert_uint_eq(sat_u32(0), 0);
	ck_assert_uint_eq(sat_u32(0xfffffffeu), 0xfffffffeu);
	ck_assert_uint_eq(sat_u32(0xffffffffu), 0xffffffffu);
	ck_assert_uint_eq(sat_u32(0x100000000ull), 0xffffffffu);
	ck_assert_uint_eq(sat_u32(UINT64_MAX), 0xffffffffu);
}
END_TEST

Suite *abi_words_suite(void)
{
	Suite *s = suite_create("abi_words");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, abi_words_round_trip);
	tcase_add_test(tc, abi_words_saturate);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(abi_words)
