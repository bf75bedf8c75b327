/* QEMU's fw_cfg over I/O ports: write a 16-bit key to the selector, then read
 * the item's bytes one at a time from the data port. Key 0 is the signature,
 * key 0x19 the file directory (big-endian count, then 64-byte entries of
 * big-endian size and key, and a 56-byte name). */
#include "io.h"

#include "fw_cfg.h"

#define FW_CFG_SELECTOR 0x510
#define FW_CFG_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_FILE_DIR 0x0019
#define FW_CFG_NAME_LEN 56
/* QEMU has a few dozen files; the walk stops here whatever the count says. */
#define FW_CFG_FILES_MAX 1024

static void fw_cfg_select(uint16_t key)
{
	outw(FW_CFG_SELECTOR, key);
}

static uint32_t fw_cfg_be32(void)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 4; i++)
		v = v << 8 | inb(FW_CFG_DATA);
	return v;
}

bool fw_cfg_present(void)
{
	static const char sig[4] = { 'Q', 'E', 'M', 'U' };

	fw_cfg_select(FW_CFG_SIGNATURE);
	for (unsigned i = 0; i < 4; i++)
		if (inb(FW_CFG_DATA) != (uint8_t)sig[i])
			return false;
	return true;
}

/* Reads the rest of an entry's name and compares it with name. */
static bool fw_cfg_name_is(const char *name)
{
	bool same = true;
	unsigned i = 0;

	for (; i < FW_CFG_NAME_LEN; i++) {
		char c = (char)inb(FW_CFG_DATA);

		if (same && c != name[i])
			same = false;
		if (c == '\0') {
			i++;
			break;
		}
	}
	for (; i < FW_CFG_NAME_LEN; i++)
		(void)inb(FW_CFG_DATA); /* the directory is read in order */
	return same;
}

enum err fw_cfg_read_u64(const char *name, uint64_t *out)
{
	uint32_t count;

	if (!fw_cfg_present())
		return ERR_NOTFOUND;
	fw_cfg_select(FW_CFG_FILE_DIR);
	count = fw_cfg_be32();
	for (uint32_t n = 0; n < count && n < FW_CFG_FILES_MAX; n++) {
		uint32_t size = fw_cfg_be32(), key = fw_cfg_be32() >> 16;
		uint64_t v = 0;

		if (!fw_cfg_name_is(name))
			continue;
		if (size != 8)
			return ERR_INVAL;
		fw_cfg_select((uint16_t)key);
		for (unsigned i = 0; i < 8; i++)
			v |= (uint64_t)inb(FW_CFG_DATA) << (8 * i);
		*out = v;
		return ERR_OK;
	}
	return ERR_NOTFOUND;
}
