/* Builds boot images in memory for the image tests, with pokes for mutations. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <lib/bytes.h>

#include "elf_fixture.h"
#include "image_fixture.h"

static uint32_t fx_add_elf(struct image_fixture *f, uint32_t base, uint32_t *entry)
{
	struct elf_fixture e;
	uint32_t off = f->blob_len;
	size_t n;

	elf_fixture_default(&e, f->arch == IMAGE_ARCH_COLDFIRE ? 4 : 3, base);
	n = elf_fixture_build(&e, f->blob + off, sizeof(f->blob) - off);
	ck_assert_uint_gt(n, 0);
	f->blob_len += (uint32_t)(n + 3) & ~3u;
	*entry = e.entry;
	return off;
}

static struct image_record *fx_rec(struct image_fixture *f, uint32_t i, uint16_t type,
				   const char *name)
{
	struct image_record *r = &f->rec[i];

	memset(r, 0, sizeof(*r));
	r->type = type;
	strncpy(r->name, name, sizeof(r->name) - 1);
	return r;
}

static void fx_cap(struct image_fixture *f, uint16_t slot, uint8_t kind, uint8_t rights,
		   uint32_t target)
{
	f->cap[f->ncap++] = (struct image_cap){ slot, kind, rights, target };
}

void image_fixture_init(struct image_fixture *f, enum image_arch arch)
{
	uint32_t base = arch == IMAGE_ARCH_COLDFIRE ? 0x40100000u : 0x08048000u;
	uint32_t ram = arch == IMAGE_ARCH_COLDFIRE ? 0x40000000u : 0;
	uint32_t entry_hello, entry_other, off;
	struct image_record *r;

	memset(f, 0, sizeof(*f));
	f->arch = arch;
	f->nrec = FX_COUNT;

	off = fx_add_elf(f, base, &entry_hello);
	r = fx_rec(f, FX_HELLO, IMAGE_T_PROGRAM, "hello");
	r->u.program = (struct image_program){ .blob_offset = off,
					       .blob_length = f->blob_len - off,
					       .pool = IMAGE_NONE };
	off = fx_add_elf(f, base + 0x100000, &entry_other);
	r = fx_rec(f, FX_OTHER, IMAGE_T_PROGRAM, "other");
	r->u.program = (struct image_program){ .blob_offset = off,
					       .blob_length = f->blob_len - off,
					       .pool = IMAGE_NONE };

	fx_rec(f, FX_EP, IMAGE_T_ENDPOINT, "ep0");

	r = fx_rec(f, FX_INIT, IMAGE_T_PROCESS, "init");
	r->u.process = (struct image_process){ .program = FX_HELLO,
					       .entry = entry_hello,
					       .pool = FX_SYSTEM,
					       .fault = FX_EP,
					       .cap_first = 0,
					       .cap_count = 5,
					       .priority = 10 };
	fx_cap(f, 0, IMAGE_CAP_CONSOLE, 0, 0);
	fx_cap(f, 1, IMAGE_CAP_RANGE, 0, 0);
	fx_cap(f, 2, IMAGE_CAP_OBJECT, IMAGE_RIGHT_RO, FX_EP);
	fx_cap(f, 3, IMAGE_CAP_OBJECT, IMAGE_RIGHT_NX, FX_GREET);
	fx_cap(f, 15, IMAGE_CAP_OBJECT, IMAGE_RIGHT_WEAK, FX_CP);

	r = fx_rec(f, FX_PEER, IMAGE_T_PROCESS, "peer");
	r->u.process = (struct image_process){ .program = FX_OTHER,
					       .entry = entry_other,
					       .pool = IMAGE_NONE,
					       .fault = IMAGE_NONE,
					       .cap_first = 5,
					       .cap_count = 2,
					       .priority = 31 };
	fx_cap(f, 0, IMAGE_CAP_OBJECT, 0, FX_EP);
	fx_cap(f, 1, IMAGE_CAP_SLEEP, 0, 0);

	r = fx_rec(f, FX_GREET, IMAGE_T_PAGE, "greet");
	memcpy(f->blob + f->blob_len, "hello world", 11);
	r->u.page = (struct image_page){ f->blob_len, 11, FX_SYSTEM };
	f->blob_len += 12;

	r = fx_rec(f, FX_CP, IMAGE_T_CAPPAGE, "cp0");
	r->u.cappage = (struct image_cappage){ 7, 2 };
	fx_cap(f, 0, IMAGE_CAP_OBJECT, 0, FX_INIT);
	fx_cap(f, IMAGE_CAPPAGE_SLOTS - 1, IMAGE_CAP_BUDGET, 0, 0);

	r = fx_rec(f, FX_SYSTEM, IMAGE_T_POOL, "fast");
	r->u.pool = (struct image_pool){ ram + 0x400000, 0x400000, 0, 0, IMAGE_CACHE_WB };
	r = fx_rec(f, FX_COLOUR, IMAGE_T_POOL, "colour");
	r->u.pool =
		(struct image_pool){ ram + 0x1000000, 0x100000, 0x1000, 0x4000, IMAGE_CACHE_UC };
	ck_assert_uint_eq(f->ncap, FX_CAPS);
}

uint8_t *image_fixture_write(const struct image_fixture *f, size_t *len)
{
	struct image_desc d = { f->arch, f->rec, f->nrec, f->cap, f->ncap, f->blob, f->blob_len };
	uint64_t size = image_write_size(&d);
	uint8_t *p;

	ck_assert_uint_gt(size, 0);
	p = malloc((size_t)size);
	ck_assert_uint_eq(image_write(&d, p, (size_t)size), size);
	*len = (size_t)size;
	return p;
}

void image_fixture_poke16(uint8_t *p, uint16_t v)
{
	bytes_put_le16(p, v);
}

void image_fixture_poke32(uint8_t *p, uint32_t v)
{
	bytes_put_le32(p, v);
}

uint8_t *image_fixture_record(uint8_t *img, uint32_t index)
{
	return img + bytes_le32(img + IMAGE_H_REC_OFF) + index * IMAGE_RECORD_SIZE;
}
