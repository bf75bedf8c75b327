/* Number parsing with overflow checks for command lines and bus commands
 * (lib/include/lib/parse.h). */
#include <lib/parse.h>

enum err parse_u64(const char *s, size_t len, uint64_t *out)
{
	const char *end = s + len;
	bool hex = len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	uint64_t v = 0;

	if (hex)
		s += 2;
	if (s == end)
		return ERR_INVAL;
	for (; s < end; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (hex && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (hex && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return ERR_INVAL;
		if (hex) {
			if (v >> 60)
				return ERR_RANGE;
			v = (v << 4) | d;
		} else {
			/* UINT64_MAX is 1844674407370955161 * 10 + 5. */
			if (v > 1844674407370955161ull || (v == 1844674407370955161ull && d > 5))
				return ERR_RANGE;
			v = v * 10 + d;
		}
	}
	*out = v;
	return ERR_OK;
}
