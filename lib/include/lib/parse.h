/* Numbers in text (command line, the ColdFire bus's commands). */
#ifndef LIB_PARSE_H
#define LIB_PARSE_H

#include <lib/err.h>
#include <lib/types.h>

/* Parses s[0..len) as an unsigned decimal or 0x-hex number. ERR_INVAL when
 * it is empty or not a number, ERR_RANGE when it does not fit in 64 bits;
 * *out is written only on success. No 64-bit division (ColdFire has no
 * libgcc). */
enum err parse_u64(const char *s, size_t len, uint64_t *out);

#endif
