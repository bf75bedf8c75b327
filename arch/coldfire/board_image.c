/* The boot image a runner loads into SDRAM (doc/boot.md): `image=<pa>` on the
 * command line says where. It becomes boot module 0, so the memory code
 * classifies its frames as `module` and never banks or overwrites them. The
 * kernel's loader validates the contents; this only finds the extent. */
#include <kernel/cmdline.h>
#include <obstore/image_format.h>

#include "board.h"

static uint32_t board_le32(const volatile uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool board_image_magic(const volatile uint8_t *p)
{
	for (unsigned i = 0; i < sizeof(IMAGE_MAGIC) - 1; i++)
		if (p[IMAGE_H_MAGIC + i] != (uint8_t)IMAGE_MAGIC[i])
			return false;
	return true;
}

void board_image(struct boot_info *bi, const struct memmap_entry *sdram)
{
	/* The line kernel_main will parse; it refuses a malformed one itself. */
	const char *src = bi->cmdline && *bi->cmdline ? bi->cmdline : cmdline_builtin;
	const volatile uint8_t *hdr;
	struct cmdline cl;
	uint64_t start, len;
	pa_t end = sdram->base + sdram->len;
	enum err e;

	if (cmdline_parse(&cl, src) != ERR_OK)
		return;
	e = cmdline_get_u64(&cl, "image", &start);
	if (e == ERR_NOTFOUND)
		return;
	if (e != ERR_OK)
		boot_refuse("image=%s is not an address", cmdline_get(&cl, "image") ?: "");
	if (start < sdram->base || start > end || end - start < IMAGE_HEADER_SIZE)
		boot_refuse("the boot image header at 0x%llx (image=) is not inside SDRAM "
			    "0x%llx-0x%llx",
			    (unsigned long long)start, (unsigned long long)sdram->base,
			    (unsigned long long)end);
	hdr = (const volatile uint8_t *)(uintptr_t)start;
	/* Without the magic the length means nothing: hand the loader the
	 * header alone, and it reports what is wrong. */
	len = board_image_magic(hdr) ? board_le32(hdr + IMAGE_H_LENGTH) : IMAGE_HEADER_SIZE;
	if (len > end - start)
		boot_refuse("the boot image at 0x%llx is %llu bytes long and runs past the end of "
			    "SDRAM at 0x%llx",
			    (unsigned long long)start, (unsigned long long)len,
			    (unsigned long long)end);
	if (start < bi->image_end && bi->image_start < start + len)
		boot_refuse("the boot image 0x%llx-0x%llx overlaps the kernel 0x%llx-0x%llx",
			    (unsigned long long)start, (unsigned long long)(start + len),
			    (unsigned long long)bi->image_start, (unsigned long long)bi->image_end);
	bi->mods[0] = (struct boot_module){ start, start + len, "image" };
	bi->mod_count = 1;
}
