/* The string functions of the freestanding library (lib/string.c), for the
 * kernel and user programs; the host build takes its C library's. */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <lib/types.h>

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
