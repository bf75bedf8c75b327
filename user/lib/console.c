/* Console invocations: write bytes, write a string. */
#include <arroyo/user.h>

/* Byte k travels in bits 8 * (k % 4) of word k / 4 on both arches (abi.h),
 * so the packing shifts rather than copying memory. */
int console_write(unsigned cap, const void *buf, unsigned len)
{
	struct msg m = { { 0 }, 0 };
	const unsigned char *b = buf;

	if (len > CONSOLE_CHUNK)
		return INV_ERR_ARG;
	for (unsigned k = 0; k < len; k++)
		m.w[k / 4] |= (uint32_t)b[k] << (8 * (k % 4));
	return invoke(cap, CONSOLE_OP_WRITE, CAP_NONE, CAP_NONE, len, &m);
}

int console_puts(unsigned cap, const char *s)
{
	size_t len = strlen(s);

	while (len) {
		unsigned n = len < CONSOLE_CHUNK ? (unsigned)len : CONSOLE_CHUNK;
		int err = console_write(cap, s, n);

		if (err)
			return err;
		s += n;
		len -= n;
	}
	return INV_OK;
}
