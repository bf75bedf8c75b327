/* CRC-32 as in zlib, PNG and Ethernet (reflected, polynomial 0xEDB88320),
 * so that any host tool (python3 -c 'zlib.crc32(...)') can check an image. */
#ifndef LIB_CRC32_H
#define LIB_CRC32_H

#include <lib/types.h>

/* Continues a CRC: start with crc = 0; crc32_update(crc32_update(0, a), b)
 * equals the CRC of a followed by b. */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t len);

#endif
