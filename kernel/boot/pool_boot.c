/* The pool registry at boot: the arch's pools, the memory map and the
 * boot image in module 0 (kernel/include/kernel/pool.h). */
#include <arch/mm.h>
#include <arch/user.h>
#include <kernel/arch.h>
#include <kernel/kprintf.h>
#include <kernel/pool.h>

/* Module 0 parsed as an image, when it is one the direct map reaches. */
static bool pool_image(const struct boot_info *bi, struct image_view *v)
{
	struct image_error ignored;
	pa_t start = bi->mod_count ? bi->mods[0].start : 0;

	if (!bi->mod_count || bi->mods[0].end < start || bi->mods[0].end > ARCH_DIRECT_MAP_END)
		return false;
	return image_parse(arch_kva(start), (size_t)(bi->mods[0].end - start),
			   (enum image_arch)ARCH_IMAGE_ID, v, &ignored) == IMAGE_OK;
}

void pool_boot(const struct boot_info *bi, const struct pmem_map *map)
{
	struct pool_desc arch[POOL_MAX];
	unsigned narch = arch_pools(bi, arch, POOL_MAX);
	struct image_view v;
	bool have = pool_image(bi, &v);
	char why[200];

	if (!pool_build(arch, narch, map, have ? &v : NULL, why, sizeof(why))) {
		kprintf("image: refused: %s\n", why);
		kernel_halt(POOL_BAD_STATUS);
	}
	for (unsigned i = 0; i < pool_count(); i++)
		pool_print(i);
	kprintf("pool: registry bytes=%u (%u per pool) cells=%u\n",
		(unsigned)sizeof(struct pool_map), (unsigned)(sizeof(struct pool_map) / POOL_MAX),
		pool_registry()->cells);
	if (!arch_pool_cache_apply(why, sizeof(why))) {
		kprintf("image: refused: %s\n", why);
		kernel_halt(POOL_BAD_STATUS);
	}
}
