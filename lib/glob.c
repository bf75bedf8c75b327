/* Glob matching with *, ? and comma-separated alternatives (lib/include/lib/glob.h). */
#include <lib/glob.h>

/* Matches one alternative, pattern[0..plen), against name. Iterative with a
 * single backtrack point: the last '*' seen. */
static bool glob_match_one(const char *p, const char *pend, const char *name)
{
	const char *star = NULL, *resume = NULL;

	while (*name) {
		if (p < pend && (*p == '?' || *p == *name)) {
			p++;
			name++;
		} else if (p < pend && *p == '*') {
			star = p++;
			resume = name;
		} else if (star) {
			p = star + 1;
			name = ++resume;
		} else {
			return false;
		}
	}
	while (p < pend && *p == '*')
		p++;
	return p == pend;
}

bool glob_match(const char *pattern, const char *name)
{
	const char *start = pattern;

	for (const char *p = pattern;; p++) {
		if (*p == ',' || *p == '\0') {
			if (glob_match_one(start, p, name))
				return true;
			if (*p == '\0')
				return false;
			start = p + 1;
		}
	}
}
