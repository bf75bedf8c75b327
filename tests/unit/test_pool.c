/* Unit tests for memory pools: the shared pool map (lib/poolmap.c) and
 * the kernel's registry built from a memory map and an image (kernel/pool.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/mm.h>
#include <kernel/pool.h>

#include "image_fixture.h"
#include "unit.h"

#define MIB 0x100000ull
#define GIB 0x40000000ull
#define PG 0x1000u

static struct pool_map m;

static struct pool_desc desc(const char *name, uint64_t start, uint64_t len, uint32_t stripe,
			     uint32_t step, unsigned layer)
{
	struct pool_desc d;

	memset(&d, 0, sizeof(d));
	strncpy(d.name, name, POOL_NAME_SIZE - 1);
	d.start = start;
	d.length = len;
	d.stripe = stripe;
	d.step = step;
	d.cache = POOL_CACHE_WB;
	d.layer = (uint8_t)layer;
	return d;
}

static unsigned add(struct pool_desc d)
{
	struct poolmap_error why;
	unsigned id = POOL_NONE;

	ck_assert_int_eq(poolmap_add(&m, &d, &id, &why), POOLMAP_OK);
	return id;
}

static void pc_arch(void)
{
	poolmap_init(&m);
	ck_assert_uint_eq(add(desc("isa", 0, 16 * MIB, 0, 0, POOL_LAYER_ARCH)), 0);
	ck_assert_uint_eq(add(desc("dma32", 16 * MIB, 4 * GIB - 16 * MIB, 0, 0, POOL_LAYER_ARCH)),
			  1);
	ck_assert_uint_eq(add(desc("high", 4 * GIB, (1ull << 52) - 4 * GIB, 0, 0, POOL_LAYER_ARCH)),
			  2);
}

START_TEST(background_by_address)
{
	pc_arch();
	ck_assert_int_eq(poolmap_build(&m, NULL), POOLMAP_OK);
	ck_assert_uint_eq(poolmap_of(&m, 0), 0);
	ck_assert_uint_eq(poolmap_of(&m, 16 * MIB - PG), 0);
	ck_assert_uint_eq(poolmap_of(&m, 16 * MIB), 1);
	ck_assert_uint_eq(poolmap_of(&m, 4 * GIB - PG), 1);
	ck_assert_uint_eq(poolmap_of(&m, 4 * GIB), 2);
	ck_assert_uint_eq(poolmap_of(&m, (1ull << 52) - PG), 2);
	ck_assert_uint_eq(poolmap_of(&m, 1ull << 52), POOL_NONE);
	ck_assert_uint_eq(poolmap_find(&m, "dma32"), 1);
	ck_assert_uint_eq(poolmap_find(&m, "nope"), POOL_NONE);
	for (unsigned i = 1; i < m.cells; i++) /* sorted and disjoint */
		ck_assert_uint_le(m.cell[i - 1].end, m.cell[i].start);
}
END_TEST

START_TEST(overlay_takes_precedence)
{
	unsigned sys;

	pc_arch();
	sys = add(desc("system", 1 * MIB, 2 * MIB, 0, 0, POOL_LAYER_SYSTEM));
	ck_assert_int_eq(poolmap_build(&m, NULL), POOLMAP_OK);
	ck_assert_uint_eq(poolmap_of(&m, MIB - PG), 0);
	ck_assert_uint_eq(poolmap_of(&m, MIB), sys);
	ck_assert_uint_eq(poolmap_of(&m, 3 * MIB - PG), sys);
	ck_assert_uint_eq(poolmap_of(&m, 3 * MIB), 0);
}
END_TEST

/* Four colours of 16 KiB steps over one MiB: every frame is in exactly the
 * pool its arithmetic says, and frames no stripe claims stay dma32's. */
START_TEST(disjoint_stripes_accepted)
{
	unsigned red, green;

	pc_arch();
	red = add(desc("red", 32 * MIB, MIB, PG, 4 * PG, POOL_LAYER_IMAGE));
	green = add(desc("green", 32 * MIB + PG, MIB - PG, 2 * PG, 4 * PG, POOL_LAYER_IMAGE));
	ck_assert_int_eq(poolmap_build(&m, NULL), POOLMAP_OK);
	for (uint64_t pa = 32 * MIB; pa < 33 * MIB; pa += PG) {
		unsigned slot = (unsigned)((pa >> 12) & 3), want = slot == 0   ? red
								   : slot <= 2 ? green
									       : 1;

		ck_assert_uint_eq(poolmap_of(&m, pa), want);
		ck_assert(poolmap_covers(&m.pool[red], pa) == (want == red));
		ck_assert(poolmap_covers(&m.pool[green], pa) == (want == green));
	}
	ck_assert_uint_eq(poolmap_of(&m, 33 * MIB), 1);
}
END_TEST

/* Steps of 8 and 16 KiB: even frames are red's, frames 1 mod 4 blue's. */
START_TEST(different_steps_disjoint)
{
	unsigned red, blue;

	pc_arch();
	red = add(desc("red", 32 * MIB, MIB, PG, 2 * PG, POOL_LAYER_IMAGE));
	blue = add(desc("blue", 32 * MIB + PG, MIB - PG, PG, 4 * PG, POOL_LAYER_IMAGE));
	ck_assert_int_eq(poolmap_build(&m, NULL), POOLMAP_OK);
	ck_assert_uint_eq(poolmap_of(&m, 32 * MIB), red);
	ck_assert_uint_eq(poolmap_of(&m, 32 * MIB + PG), blue);
	ck_assert_uint_eq(poolmap_of(&m, 32 * MIB + 2 * PG), red);
	ck_assert_uint_eq(poolmap_of(&m, 32 * MIB + 3 * PG), 1);
}
END_TEST

START_TEST(intersecting_stripes_refused)
{
	struct poolmap_error why;
	unsigned red, green;

	pc_arch();
	red = add(desc("red", 32 * MIB, MIB, 2 * PG, 4 * PG, POOL_LAYER_IMAGE));
	green = add(desc("green", 32 * MIB + PG, MIB - PG, PG, 4 * PG, POOL_LAYER_IMAGE));
	ck_assert_int_eq(poolmap_build(&m, &why), POOLMAP_CLASH);
	ck_assert_uint_eq(why.pool, green);
	ck_assert_uint_eq(why.other, red);
	ck_assert_uint_eq(why.at, 32 * MIB + PG);
}
END_TEST

START_TEST(whole_pool_over_stripe_refused)
{
	struct poolmap_error why;

	pc_arch();
	add(desc("red", 32 * MIB, MIB, PG, 4 * PG, POOL_LAYER_IMAGE));
	add(desc("solid", 32 * MIB + 512 * 1024, MIB, 0, 0, POOL_LAYER_IMAGE));
	ck_assert_int_eq(poolmap_build(&m, &why), POOLMAP_CLASH);
	ck_assert_uint_eq(why.at, 32 * MIB + 512 * 1024);
}
END_TEST

/* A stripe that never lands in the shared span is no clash. */
START_TEST(stripe_missing_the_span_accepted)
{
	pc_arch();
	add(desc("red", 32 * MIB, MIB, PG, 64 * PG, POOL_LAYER_IMAGE));
	add(desc("solid", 32 * MIB + PG, 8 * PG, 0, 0, POOL_LAYER_IMAGE));
	ck_assert_int_eq(poolmap_build(&m, NULL), POOLMAP_OK);
	ck_assert_uint_eq(poolmap_of(&m, 32 * MIB), 3);
	ck_assert_uint_eq(poolmap_of(&m, 32 * MIB + PG), 4);
}
END_TEST

START_TEST(overlapping_backgrounds_refused)
{
	struct poolmap_error why;

	pc_arch();
	add(desc("more", 15 * MIB, 2 * MIB, 0, 0, POOL_LAYER_ARCH));
	ck_assert_int_eq(poolmap_build(&m, &why), POOLMAP_CLASH);
}
END_TEST

START_TEST(shapes_refused)
{
	static const struct {
		uint64_t start, len;
		uint32_t stripe, step;
		unsigned cache, layer;
		enum poolmap_code code;
	} bad[] = {
		{ 0x800, MIB, 0, 0, 0, POOL_LAYER_IMAGE, POOLMAP_SHAPE },
		{ MIB, 0, 0, 0, 0, POOL_LAYER_IMAGE, POOLMAP_SHAPE },
		{ ~0ull - PG + 1, 2 * PG, 0, 0, 0, POOL_LAYER_IMAGE, POOLMAP_SHAPE },
		{ MIB, MIB, PG, 0, 0, POOL_LAYER_IMAGE, POOLMAP_STRIPE },
		{ MIB, MIB, 2 * PG, PG, 0, POOL_LAYER_IMAGE, POOLMAP_STRIPE },
		{ MIB, MIB, 0x800, PG, 0, POOL_LAYER_IMAGE, POOLMAP_STRIPE },
		{ MIB, MIB, PG, 3 * PG, 0, POOL_LAYER_IMAGE, POOLMAP_STEP },
		{ MIB, MIB, PG, 128 * PG, 0, POOL_LAYER_IMAGE, POOLMAP_STEP },
		{ MIB, MIB, 0, 0, POOL_CACHE_COUNT, POOL_LAYER_IMAGE, POOLMAP_CACHE },
		{ MIB, MIB, PG, 2 * PG, 0, POOL_LAYER_ARCH, POOLMAP_ARCH_STRIPED },
	};

	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct pool_desc d = desc("p", bad[i].start, bad[i].len, bad[i].stripe, bad[i].step,
					  bad[i].layer);
		struct poolmap_error why;
		unsigned id;

		d.cache = (uint8_t)bad[i].cache;
		poolmap_init(&m);
		ck_assert_msg(poolmap_add(&m, &d, &id, &why) == bad[i].code, "case %u", i);
		ck_assert_uint_eq(why.code, bad[i].code);
		ck_assert_uint_eq(m.count, 0);
	}
}
END_TEST

START_TEST(names_and_capacity)
{
	struct poolmap_error why;
	struct pool_desc d;
	unsigned id;

	poolmap_init(&m);
	d = desc("", MIB, MIB, 0, 0, POOL_LAYER_IMAGE);
	ck_assert_int_eq(poolmap_add(&m, &d, &id, &why), POOLMAP_NAME);
	d = desc("a", MIB, MIB, 0, 0, POOL_LAYER_IMAGE);
	ck_assert_int_eq(poolmap_add(&m, &d, &id, &why), POOLMAP_OK);
	ck_assert_int_eq(poolmap_add(&m, &d, &id, &why), POOLMAP_NAME);
	ck_assert_uint_eq(why.other, 0);
	for (unsigned i = 1; i < POOL_MAX; i++) {
		d.name[0] = (char)('b' + i);
		ck_assert_int_eq(poolmap_add(&m, &d, &id, &why), POOLMAP_OK);
	}
	d.name[0] = 'Z';
	ck_assert_int_eq(poolmap_add(&m, &d, &id, &why), POOLMAP_FULL);
}
END_TEST

/* ---- the kernel registry ---- */

static struct pmem_map map;

static void map_add(pa_t base, pa_t end, unsigned cls)
{
	map.e[map.count].base = base;
	map.e[map.count].end = end;
	map.e[map.count].cls = (uint8_t)cls;
	map.e[map.count].source = -1;
	map.count++;
}

/* 128 MiB PC: low RAM, the image at 1 MiB, heap and reserve after it, the
 * boot module at 8 MiB. */
static void pc_map(void)
{
	memset(&map, 0, sizeof(map));
	map_add(0, 640 * 1024, PMEM_RAM);
	map_add(MIB, 2 * MIB, PMEM_IMAGE);
	map_add(2 * MIB, 3 * MIB, PMEM_HEAP);
	map_add(3 * MIB, 4 * MIB, PMEM_RESERVE);
	map_add(4 * MIB, 8 * MIB, PMEM_RAM);
	map_add(8 * MIB, 9 * MIB, PMEM_MODULE);
	map_add(9 * MIB, 128 * MIB, PMEM_RAM);
}

static struct range slots[RANGE_MAX];

/* The resource tree as mm builds it: every RAM run of the map cut at the
 * registry's cells, one range per piece (no headers: only pools are read).
 * Returns how many ranges. */
static unsigned map_ranges(void)
{
	range_table_init(slots, RANGE_MAX);
	for (unsigned i = 0; i < map.count; i++)
		for (pa_t a = map.e[i].base, b; a < map.e[i].end; a = b) {
			struct range *r = range_alloc();

			b = pool_piece_end(a, map.e[i].end);
			ck_assert_uint_gt(b, a);
			range_describe(r, RANGE_RAM, a, (b - a) / PG, RANGE_OWNER_BOOT);
			ck_assert_int_eq(range_insert(r), ERR_OK);
			ck_assert_uint_ne(r->pool, POOL_MIXED);
		}
	return range_count();
}

static void pc_pools(struct pool_desc *a)
{
	a[0] = desc("isa", 0, 16 * MIB, 0, 0, POOL_LAYER_ARCH);
	a[1] = desc("dma32", 16 * MIB, 4 * GIB - 16 * MIB, 0, 0, POOL_LAYER_ARCH);
	a[2] = desc("high", 4 * GIB, (1ull << 52) - 4 * GIB, 0, 0, POOL_LAYER_ARCH);
}

START_TEST(registry_counts_frames)
{
	struct pool_desc a[3];
	char why[200];
	uint64_t sum = 0;

	pc_map();
	pc_pools(a);
	ck_assert_msg(pool_build(a, 3, &map, NULL, why, sizeof(why)), "%s", why);
	ck_assert_uint_eq(pool_count(), 4);
	ck_assert_uint_eq(pool_system(), 3);
	ck_assert_uint_eq(pool_get(3)->start, MIB);
	ck_assert_uint_eq(pool_get(3)->length, 3 * MIB);
	ck_assert_uint_eq(pool_frames(3), 3 * MIB / PG);
	ck_assert_uint_eq(pool_frames(0), (640 * 1024 + 12 * MIB) / PG);
	ck_assert_uint_eq(pool_frames(1), 112 * MIB / PG);
	ck_assert_uint_eq(pool_frames(2), 0);
	for (unsigned i = 0; i < pool_count(); i++)
		sum += pool_frames(i);
	ck_assert_uint_eq(sum, (640 * 1024 + 127 * MIB) / PG);
	/* the map's 7 entries; the ones of the system pool [1, 4) MiB and of
	 * isa (< 16 MiB) each lie in one cell, 9..128 MiB is cut at 16 MiB */
	ck_assert_uint_eq(map_ranges(), 8);
	ck_assert_uint_eq(pool_of_pa(2 * MIB), 3);
	ck_assert_uint_eq(pool_of_pa(5 * MIB), 0);
	ck_assert_uint_eq(pool_of_pa(16 * MIB - PG), 0);
	ck_assert_uint_eq(pool_of_pa(16 * MIB), 1);
	ck_assert_uint_eq(pool_of_pa(128 * MIB - PG), 1);
	ck_assert_uint_eq(pool_of_pa(128 * MIB), POOL_NONE); /* no range there */
	ck_assert_uint_eq(pool_cache_of_pa(5 * MIB), POOL_CACHE_WB);
	ck_assert(pool_run_in(16 * MIB, 16, 1));
	ck_assert(!pool_run_in(16 * MIB - 8 * PG, 16, 1)); /* half isa: two ranges */

	/* a DIMM at 4 GiB joins high, and leaves it */
	{
		struct range *r = range_alloc();

		range_describe(r, RANGE_RAM_HOTPLUG, 4 * GIB, 16384, 1);
		ck_assert_int_eq(range_insert(r), ERR_OK);
		ck_assert_uint_eq(r->pool, 2);
		pool_ram_added(4 * GIB, 16384);
		ck_assert_uint_eq(pool_frames(2), 16384);
		ck_assert_uint_eq(pool_of_pa(4 * GIB + 64 * MIB - PG), 2);
		pool_ram_removed(4 * GIB, 16384);
		range_remove(r);
		range_free(r);
	}
	ck_assert_uint_eq(pool_frames(2), 0);

	/* a range inserted later across a pool boundary: looked up by address */
	{
		struct range *r = range_alloc();

		range_describe(r, RANGE_DEVICE, 4 * GIB - MIB, 512, 2);
		ck_assert_int_eq(range_insert(r), ERR_OK);
		ck_assert_uint_eq(r->pool, POOL_MIXED);
		ck_assert_uint_eq(pool_of_pa(4 * GIB - PG), 1);
		ck_assert_uint_eq(pool_of_pa(4 * GIB), 2);
		ck_assert(!pool_run_in(4 * GIB - PG, 2, 1));
		ck_assert(pool_run_in(4 * GIB, 2, 2));
	}
}
END_TEST

static struct image_view fixture_view(struct image_fixture *f, uint8_t **buf)
{
	struct image_view v;
	struct image_error err;
	size_t len;

	*buf = image_fixture_write(f, &len);
	ck_assert_int_eq(image_parse(*buf, len, f->arch, &v, &err), IMAGE_OK);
	return v;
}

/* The fixture's pools lie at ram + 4 MiB and ram + 16 MiB (ram = 0 on i386). */
START_TEST(registry_takes_image_pools)
{
	struct image_fixture f;
	struct pool_desc a[3];
	struct image_view v;
	uint8_t *buf;
	char why[200];
	unsigned fast, colour;

	image_fixture_init(&f, IMAGE_ARCH_I386);
	f.rec[FX_SYSTEM].u.pool.start = 32 * MIB;
	f.rec[FX_COLOUR].u.pool.start = 48 * MIB;
	f.rec[FX_COLOUR].u.pool.cache = IMAGE_CACHE_WT;
	v = fixture_view(&f, &buf);
	pc_map();
	pc_pools(a);
	ck_assert_msg(pool_build(a, 3, &map, &v, why, sizeof(why)), "%s", why);
	fast = pool_of_record(FX_SYSTEM);
	colour = pool_of_record(FX_COLOUR);
	ck_assert_str_eq(pool_get(fast)->name, "fast");
	ck_assert_str_eq(pool_get(colour)->name, "colour");
	ck_assert_uint_eq(pool_of_record(FX_INIT), POOL_NONE);
	ck_assert_uint_eq(pool_frames(fast), 4 * MIB / PG);
	/* one frame in four of 1 MiB */
	ck_assert_uint_eq(pool_frames(colour), MIB / PG / 4);
	map_ranges();
	ck_assert_uint_eq(pool_of_pa(32 * MIB), fast);
	ck_assert_uint_eq(pool_of_pa(36 * MIB - PG), fast);
	ck_assert_uint_eq(pool_of_pa(36 * MIB), 1);
	ck_assert_uint_eq(range_of_pa(48 * MIB)->pool_colours, 4);
	ck_assert_uint_eq(pool_of_pa(48 * MIB + 4 * PG), colour);
	ck_assert_uint_eq(pool_of_pa(48 * MIB + 5 * PG), 1);
	ck_assert(!pool_run_in(48 * MIB, 2, colour));
	ck_assert_uint_eq(pool_of_pa(48 * MIB), colour);
	ck_assert_uint_eq(pool_of_pa(48 * MIB + PG), 1);
	ck_assert_uint_eq(pool_cache_of_pa(48 * MIB), POOL_CACHE_WT);
	free(buf);
}
END_TEST

static void refused(uint64_t start, uint64_t len, const char *want)
{
	struct image_fixture f;
	struct pool_desc a[3];
	struct image_view v;
	uint8_t *buf;
	char why[200];

	image_fixture_init(&f, IMAGE_ARCH_I386);
	f.rec[FX_SYSTEM].u.pool.start = start;
	f.rec[FX_SYSTEM].u.pool.length = len;
	f.rec[FX_COLOUR].u.pool.start = 48 * MIB;
	v = fixture_view(&f, &buf);
	pc_map();
	pc_pools(a);
	ck_assert(!pool_build(a, 3, &map, &v, why, sizeof(why)));
	ck_assert_msg(strstr(why, want) != NULL, "'%s' lacks '%s'", why, want);
	ck_assert_msg(strstr(why, "pool 'fast'") != NULL, "'%s' does not name the pool", why);
	free(buf);
}

START_TEST(registry_refusals)
{
	refused(120 * MIB, 16 * MIB, "outside RAM");
	refused(640 * 1024, 16 * PG, "outside RAM");
	refused(MIB, PG, "over the image");
	refused(2 * MIB, PG, "over the heap");
	refused(3 * MIB, PG, "over the reserve");
	refused(8 * MIB, 2 * MIB, "over the boot modules");
}
END_TEST

START_TEST(registry_refuses_a_clash_with_system)
{
	struct pool_desc a[3];
	char why[200];

	pc_map();
	pc_pools(a);
	a[1] = desc("dma32", 2 * MIB, 4 * GIB - 16 * MIB, 0, 0, POOL_LAYER_ARCH);
	ck_assert(!pool_build(a, 3, &map, NULL, why, sizeof(why)));
	ck_assert_msg(strstr(why, "also pool 'isa'") != NULL, "%s", why);
}
END_TEST

/* An arch pool the registry cannot take is named in the refusal, whichever
 * it is, and so is the system pool when no slot is left for it. */
START_TEST(registry_refusal_names_the_pool)
{
	struct pool_desc a[POOL_MAX];
	char why[200], name[16];

	pc_map();
	pc_pools(a);
	a[1] = desc("dma32", 16 * MIB, 0, 0, 0, POOL_LAYER_ARCH); /* empty */
	ck_assert(!pool_build(a, 3, &map, NULL, why, sizeof(why)));
	ck_assert_msg(strstr(why, "pool 'dma32': ") == why, "%s", why);
	/* every slot an arch pool's: the system pool does not fit */
	for (unsigned i = 0; i < POOL_MAX; i++) {
		snprintf(name, sizeof(name), "b%u", i);
		a[i] = desc(name, (uint64_t)i * GIB, GIB, 0, 0, POOL_LAYER_ARCH);
	}
	ck_assert(!pool_build(a, POOL_MAX, &map, NULL, why, sizeof(why)));
	ck_assert_msg(strstr(why, "pool 'system': ") == why, "%s", why);
}
END_TEST

/* A map with nothing of the kernel's (no image, heap or reserve) makes no
 * system pool; an image pool reaching past RAM into a reserved entry, or
 * one the full registry has no slot for, is refused and named. */
START_TEST(registry_without_system_and_image_pool_refusals)
{
	struct pool_desc a[3];
	char why[200];

	memset(&map, 0, sizeof(map));
	map_add(MIB, 128 * MIB, PMEM_RAM);
	pc_pools(a);
	ck_assert_msg(pool_build(a, 3, &map, NULL, why, sizeof(why)), "%s", why);
	ck_assert_uint_eq(pool_count(), 3);
	ck_assert_uint_eq(pool_system(), POOL_NONE);

	/* 120 MiB + 16 MiB: RAM up to 128 MiB, then a reserved entry */
	memset(&map, 0, sizeof(map));
	{
		struct image_fixture f;
		struct image_view v;
		uint8_t *buf;

		image_fixture_init(&f, IMAGE_ARCH_I386);
		f.rec[FX_SYSTEM].u.pool.start = 120 * MIB;
		f.rec[FX_SYSTEM].u.pool.length = 16 * MIB;
		f.rec[FX_COLOUR].u.pool.start = 48 * MIB;
		v = fixture_view(&f, &buf);
		pc_map();
		map_add(128 * MIB, 256 * MIB, PMEM_RESERVED);
		ck_assert(!pool_build(a, 3, &map, &v, why, sizeof(why)));
		ck_assert_msg(strstr(why, "pool 'fast'") &&
				      strstr(why, "outside RAM (at 0x8000000)"),
			      "%s", why);
		free(buf);

		/* the arch pools and the system pool fill the registry: no
		 * slot is left for the image's first pool */
		struct pool_desc full[POOL_MAX - 1];
		char name[16];

		for (unsigned i = 0; i < POOL_MAX - 1; i++) {
			snprintf(name, sizeof(name), "b%u", i);
			full[i] = desc(name, (uint64_t)i * GIB, GIB, 0, 0, POOL_LAYER_ARCH);
		}
		image_fixture_init(&f, IMAGE_ARCH_I386);
		f.rec[FX_SYSTEM].u.pool.start = 32 * MIB;
		f.rec[FX_COLOUR].u.pool.start = 48 * MIB;
		v = fixture_view(&f, &buf);
		pc_map();
		ck_assert(!pool_build(full, POOL_MAX - 1, &map, &v, why, sizeof(why)));
		ck_assert_msg(strstr(why, "pool 'fast': ") == why, "%s", why);
		free(buf);
	}
}
END_TEST

START_TEST(background_desc_filled)
{
	struct pool_desc d;

	memset(&d, 0x5a, sizeof(d));
	pool_desc_background(&d, "dma32", 0x1000000, 0xff000000);
	ck_assert_str_eq(d.name, "dma32");
	ck_assert_uint_eq(d.start, 0x1000000);
	ck_assert_uint_eq(d.length, 0xff000000);
	ck_assert_uint_eq(d.stripe, 0);
	ck_assert_uint_eq(d.step, 0);
	ck_assert_uint_eq(d.cache, POOL_CACHE_WB);
	ck_assert_uint_eq(d.layer, POOL_LAYER_ARCH);
	for (unsigned i = strlen("dma32"); i < POOL_NAME_SIZE; i++)
		ck_assert_int_eq(d.name[i], 0);
	/* a name too long for the field is cut, and still ends in a NUL */
	pool_desc_background(&d, "a-name-longer-than-sixteen", 0, 1);
	ck_assert_uint_eq(strlen(d.name), POOL_NAME_SIZE - 1);
}
END_TEST

Suite *pool_suite(void)
{
	Suite *s = suite_create("pool");
	TCase *t = tcase_create("map");

	tcase_add_test(t, background_by_address);
	tcase_add_test(t, background_desc_filled);
	tcase_add_test(t, overlay_takes_precedence);
	tcase_add_test(t, disjoint_stripes_accepted);
	tcase_add_test(t, different_steps_disjoint);
	tcase_add_test(t, intersecting_stripes_refused);
	tcase_add_test(t, whole_pool_over_stripe_refused);
	tcase_add_test(t, stripe_missing_the_span_accepted);
	tcase_add_test(t, overlapping_backgrounds_refused);
	tcase_add_test(t, shapes_refused);
	tcase_add_test(t, names_and_capacity);
	suite_add_tcase(s, t);
	t = tcase_create("registry");
	tcase_add_test(t, registry_counts_frames);
	tcase_add_test(t, registry_takes_image_pools);
	tcase_add_test(t, registry_refusals);
	tcase_add_test(t, registry_refuses_a_clash_with_system);
	tcase_add_test(t, registry_refusal_names_the_pool);
	tcase_add_test(t, registry_without_system_and_image_pool_refusals);
	suite_add_tcase(s, t);
	return s;
}
UNIT_SUITE(pool)
