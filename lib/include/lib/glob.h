/* Shell-style pattern matching for test selection: '*' matches any run of
 * characters, '?' any one; a comma separates alternatives ("fmt_*,timer_*"). */
#ifndef LIB_GLOB_H
#define LIB_GLOB_H

#include <stdbool.h>
#include <stddef.h>

bool glob_match(const char *pattern, const char *name);

#endif
