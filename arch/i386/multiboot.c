/* Reads the multiboot v1 information block into struct boot_info. The block
 * and everything it points to lie in low physical memory, which the boot page
 * tables direct-map at KERNEL_VIRT_BASE. */
#include <arch/layout.h>
#include <kernel/boot.h>
#include <kernel/mbmap.h>

#include "multiboot.h"

#define MBI_FLAG_MEM 0x001
#define MBI_FLAG_CMDLINE 0x004
#define MBI_FLAG_MODS 0x008
#define MBI_FLAG_MMAP 0x040
#define MBI_FLAG_LOADER 0x200

struct mbi {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
};

struct mb_module {
	uint32_t start, end;
	uint32_t string;
	uint32_t reserved;
};

/* Pointers in the block are physical; only the direct map reaches them. */
static const void *mb_ptr(uint32_t pa)
{
	if (pa >= DIRECT_MAP_SIZE)
		boot_refuse("multiboot pointer 0x%08x lies outside the direct map", pa);
	return PA_TO_VIRT(pa);
}

void multiboot_read(uint32_t magic, uint32_t mbi_pa, struct boot_info *bi)
{
	const struct mbi *mbi;
	struct mbmap_error why;
	char reason[80];

	if (magic != MULTIBOOT_LOADER_MAGIC)
		boot_refuse("loader magic is 0x%08x, not multiboot's 0x%08x", magic,
			    MULTIBOOT_LOADER_MAGIC);
	mbi = mb_ptr(mbi_pa);
	bi->loader = mbi->flags & MBI_FLAG_LOADER ? mb_ptr(mbi->boot_loader_name) : "unknown";
	bi->cmdline = mbi->flags & MBI_FLAG_CMDLINE ? mb_ptr(mbi->cmdline) : NULL;

	if (!(mbi->flags & MBI_FLAG_MMAP))
		boot_refuse("the loader gave no memory map (multiboot flags 0x%x)", mbi->flags);
	if (mbmap_parse(mb_ptr(mbi->mmap_addr), mbi->mmap_length, bi->mem, BOOT_MEM_MAX,
			&bi->mem_count, &why) != ERR_OK) {
		mbmap_describe(&why, reason, sizeof(reason));
		boot_refuse("bad memory map at 0x%08x (%u bytes): %s", mbi->mmap_addr,
			    mbi->mmap_length, reason);
	}

	bi->mod_count = 0;
	if (mbi->flags & MBI_FLAG_MODS) {
		const struct mb_module *m = mb_ptr(mbi->mods_addr);

		if (mbi->mods_count > BOOT_MOD_MAX)
			boot_refuse("%u boot modules; at most %u are supported", mbi->mods_count,
				    BOOT_MOD_MAX);
		for (uint32_t i = 0; i < mbi->mods_count; i++) {
			if (m[i].end < m[i].start)
				boot_refuse("module %u ends (0x%x) before it starts (0x%x)", i,
					    m[i].end, m[i].start);
			bi->mods[i].start = m[i].start;
			bi->mods[i].end = m[i].end;
			bi->mods[i].name = m[i].string ? mb_ptr(m[i].string) : "";
		}
		bi->mod_count = mbi->mods_count;
	}
}
