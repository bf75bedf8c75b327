/* From a parsed description to a sealed image: resolve names, read files,
 * lay out the blob area and the cap table, write, and let the kernel's
 * parser judge the result, mapping its complaint back to file:line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <obstore/image_write.h>

#include "mkimage.h"

struct builder {
	const struct mk_desc *d;
	int arch;
	const char *root;
	struct image_record *rec;
	struct image_cap *cap;
	struct mk_loc *cap_loc; /* where each cap table entry was written */
	uint32_t ncap;
	unsigned char *blob;
	uint32_t blob_len;
	struct elf_info *elf; /* per record, for programs */
};

static const char *const mk_services[] = { "console", "range", "sleep", "meminfo", "budget" };
static const uint8_t mk_service_kinds[] = { IMAGE_CAP_CONSOLE, IMAGE_CAP_RANGE, IMAGE_CAP_SLEEP,
					    IMAGE_CAP_MEMINFO, IMAGE_CAP_BUDGET };

static int mk_service(const char *word)
{
	for (size_t i = 0; i < sizeof(mk_services) / sizeof(mk_services[0]); i++)
		if (!strcmp(word, mk_services[i]))
			return mk_service_kinds[i];
	return 0;
}

static int mk_lookup(const struct mk_desc *d, const char *name)
{
	for (unsigned i = 0; i < d->nitems; i++)
		if (!strcmp(d->items[i].name, name))
			return (int)i;
	return -1;
}

static int mk_check_names(const struct mk_desc *d)
{
	for (unsigned i = 0; i < d->nitems; i++) {
		const struct mk_item *it = &d->items[i];
		size_t n = strlen(it->name);
		int first = mk_lookup(d, it->name);

		if (n == 0 || n >= IMAGE_NAME_SIZE ||
		    strspn(it->name, "abcdefghijklmnopqrstuvwxyz"
				     "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "0123456789_.-") != n) {
			mk_error(&it->loc, "%s name '%s': use 1-%d characters of A-Z a-z 0-9 _ . -",
				 image_type_name(it->type), it->name, IMAGE_NAME_SIZE - 1);
			return -1;
		}
		if (mk_service(it->name)) {
			mk_error(&it->loc, "'%s' is a kernel service capability, not a name",
				 it->name);
			return -1;
		}
		if (first != (int)i) {
			mk_error(&it->loc, "'%s' is already declared on line %u", it->name,
				 d->items[first].loc.line);
			return -1;
		}
	}
	return 0;
}

/* A reference by name to a record of type want (0: any object); optional
 * references may be empty. */
static int mk_ref(const struct builder *b, const struct mk_loc *loc, const char *what,
		  const char *name, unsigned want, uint32_t *out)
{
	int i;
	unsigned type;

	if (!name[0]) {
		*out = IMAGE_NONE;
		return 0;
	}
	i = mk_lookup(b->d, name);
	if (i < 0) {
		mk_error(loc, "%s '%s' is not declared", what, name);
		return -1;
	}
	type = b->d->items[i].type;
	if (want ? type != want : (type == IMAGE_T_PROGRAM || type == IMAGE_T_POOL)) {
		mk_error(loc, "%s '%s' is declared on line %u as %s, not as %s", what, name,
			 b->d->items[i].loc.line, image_type_name(type),
			 want ? image_type_name(want)
			      : "an object (process, endpoint, page, cappage)");
		return -1;
	}
	*out = (uint32_t)i;
	return 0;
}

static int mk_append_file(struct builder *b, const struct mk_item *it, uint32_t *off, uint32_t *len)
{
	char path[2 * MK_WORD + 2];
	unsigned char *data;
	size_t n;
	unsigned char *grown;
	uint32_t at = (b->blob_len + IMAGE_BLOB_ALIGN - 1) & ~(uint32_t)(IMAGE_BLOB_ALIGN - 1);

	if (it->path[0] == '/')
		snprintf(path, sizeof(path), "%s", it->path);
	else
		snprintf(path, sizeof(path), "%s/%s", b->root, it->path);
	data = mk_read_file(path, &n);
	if (!data) {
		mk_error(&it->loc, "%s '%s': cannot read %s: %s", image_type_name(it->type),
			 it->name, path, strerror(errno));
		return -1;
	}
	if (n > 0xffffffffu - at) {
		mk_error(&it->loc, "%s: the image would exceed 4 GiB", path);
		free(data);
		return -1;
	}
	grown = realloc(b->blob, at + n + 1);
	if (!grown) {
		free(data);
		return -1;
	}
	b->blob = grown;
	memset(b->blob + b->blob_len, 0, at - b->blob_len);
	memcpy(b->blob + at, data, n);
	free(data);
	b->blob_len = at + (uint32_t)n;
	*off = at;
	*len = (uint32_t)n;
	return 0;
}

static int mk_caps(struct builder *b, const struct mk_item *it, uint32_t *first, uint32_t *count)
{
	*first = b->ncap;
	*count = it->ncaps;
	for (unsigned i = 0; i < it->ncaps; i++) {
		const struct mk_cap *c = &it->caps[i];
		struct image_cap *out = &b->cap[b->ncap];
		int kind = mk_service(c->target);
		unsigned slots =
			it->type == IMAGE_T_PROCESS ? IMAGE_PROCESS_SLOTS : IMAGE_CAPPAGE_SLOTS;

		if (c->slot >= slots) {
			mk_error(&c->loc, "cap %llu: a %s has slots 0 to %u", c->slot,
				 image_type_name(it->type), slots - 1);
			return -1;
		}
		out->slot = (uint16_t)c->slot;
		out->rights = c->rights;
		out->kind = kind ? (uint8_t)kind : IMAGE_CAP_OBJECT;
		out->target = 0;
		if (!kind && mk_ref(b, &c->loc, "capability target", c->target, 0, &out->target))
			return -1;
		b->cap_loc[b->ncap++] = c->loc;
	}
	return 0;
}

static int mk_program(struct builder *b, unsigned i)
{
	const struct mk_item *it = &b->d->items[i];
	struct image_program *p = &b->rec[i].u.program;
	struct elf_error why;
	char line[256];

	if (mk_append_file(b, it, &p->blob_offset, &p->blob_length))
		return -1;
	if (mk_ref(b, &it->loc, "pool", it->pool, IMAGE_T_POOL, &p->pool))
		return -1;
	p->flags = (it->xip ? IMAGE_PROG_XIP : 0) | (it->sepdata ? IMAGE_PROG_SEPDATA : 0);
	p->nsegs = (uint8_t)it->nsegs;
	for (unsigned k = 0; k < it->nsegs; k++) {
		p->seg[k].segment = (uint8_t)it->seg[k];
		if (mk_ref(b, &it->loc, "pool", it->seg_pool[k], IMAGE_T_POOL, &p->seg[k].pool))
			return -1;
	}
	if (elf_check(b->blob + p->blob_offset, p->blob_length,
		      image_elf_machine((enum image_arch)b->arch), &b->elf[i], &why) != ELF_OK) {
		elf_describe(&why, line, sizeof(line));
		mk_error(&it->loc, "program '%s' (%s) for %s: %s", it->name, it->path,
			 image_arch_name((unsigned)b->arch), line);
		return -1;
	}
	return 0;
}

static int mk_process(struct builder *b, unsigned i)
{
	const struct mk_item *it = &b->d->items[i];
	struct image_process *p = &b->rec[i].u.process;

	if (!it->program[0]) {
		mk_error(&it->loc, "process '%s' has no program statement", it->name);
		return -1;
	}
	if (it->priority >= IMAGE_PRIORITIES) {
		mk_error(&it->loc, "process '%s': priority %llu is above %d", it->name,
			 it->priority, IMAGE_PRIORITIES - 1);
		return -1;
	}
	if (it->has_entry && it->entry > 0xffffffffu) {
		mk_error(&it->loc, "process '%s': entry 0x%llx is not a 32-bit address", it->name,
			 it->entry);
		return -1;
	}
	if (mk_ref(b, &it->loc, "program", it->program, IMAGE_T_PROGRAM, &p->program) ||
	    mk_ref(b, &it->loc, "pool", it->pool, IMAGE_T_POOL, &p->pool) ||
	    mk_ref(b, &it->loc, "fault endpoint", it->fault, IMAGE_T_ENDPOINT, &p->fault))
		return -1;
	p->priority = (uint8_t)it->priority;
	/* Programs are loaded in declaration order; a later one has no entry yet. */
	p->entry = (uint32_t)it->entry;
	return mk_caps(b, it, &p->cap_first, &p->cap_count);
}

static int mk_record(struct builder *b, unsigned i)
{
	const struct mk_item *it = &b->d->items[i];
	struct image_record *r = &b->rec[i];

	r->type = it->type;
	/* mk_check_names has bounded the length. */
	memcpy(r->name, it->name, strlen(it->name) + 1);
	switch (it->type) {
	case IMAGE_T_PROGRAM:
		return mk_program(b, i);
	case IMAGE_T_PROCESS:
		return mk_process(b, i);
	case IMAGE_T_PAGE:
		r->u.page.pool = IMAGE_NONE;
		if (it->path[0] &&
		    mk_append_file(b, it, &r->u.page.blob_offset, &r->u.page.blob_length))
			return -1;
		if (r->u.page.blob_length > PAGE_SIZE) {
			mk_error(&it->loc, "page '%s': %s has %u bytes, more than a page (%u)",
				 it->name, it->path, r->u.page.blob_length, PAGE_SIZE);
			return -1;
		}
		return mk_ref(b, &it->loc, "pool", it->pool, IMAGE_T_POOL, &r->u.page.pool);
	case IMAGE_T_CAPPAGE:
		return mk_caps(b, it, &r->u.cappage.cap_first, &r->u.cappage.cap_count);
	case IMAGE_T_POOL:
		if (it->stripe > 0xffffffffu || it->step > 0xffffffffu) {
			mk_error(&it->loc, "pool '%s': stripe and step must be below 4 GiB",
				 it->name);
			return -1;
		}
		r->u.pool = (struct image_pool){ it->start, it->length, (uint32_t)it->stripe,
						 (uint32_t)it->step, it->cache };
		if (it->in_ram && b->arch == IMAGE_ARCH_COLDFIRE)
			r->u.pool.start += MK_COLDFIRE_RAM;
		return 0;
	default:
		return 0;
	}
}

/* Fills in the entries left to the programs' ELF headers. */
static void mk_default_entries(struct builder *b)
{
	for (unsigned i = 0; i < b->d->nitems; i++) {
		struct image_process *p = &b->rec[i].u.process;

		if (b->rec[i].type == IMAGE_T_PROCESS && !b->d->items[i].has_entry)
			p->entry = b->elf[p->program].entry;
	}
}

static int mk_judge(const struct builder *b, unsigned char *img, size_t len)
{
	struct image_view v;
	struct image_error why;
	char line[512];
	struct mk_loc whole = { b->d->file, 1 };
	const struct mk_loc *loc = &whole;

	if (image_parse(img, len, (enum image_arch)b->arch, &v, &why) == IMAGE_OK)
		return 0;
	image_describe(&why, line, sizeof(line));
	if (why.cap != IMAGE_NONE && why.cap < b->ncap)
		loc = &b->cap_loc[why.cap];
	else if (why.record < b->d->nitems)
		loc = &b->d->items[why.record].loc;
	mk_error(loc, "%s", line);
	return -1;
}

int mk_build(const struct mk_desc *d, int arch, const char *root, unsigned char **img, size_t *len)
{
	struct builder b = { .d = d, .arch = arch, .root = root };
	unsigned total_caps = 0;
	struct image_desc desc;
	uint64_t size;
	int rc = -1;

	if (d->nitems > IMAGE_MAX_RECORDS) {
		mk_error(&d->items[IMAGE_MAX_RECORDS].loc, "more than %d records",
			 IMAGE_MAX_RECORDS);
		return -1;
	}
	for (unsigned i = 0; i < d->nitems; i++)
		total_caps += d->items[i].ncaps;
	if (mk_check_names(d))
		return -1;
	b.rec = calloc(d->nitems + 1, sizeof(*b.rec));
	b.cap = calloc(total_caps + 1, sizeof(*b.cap));
	b.cap_loc = calloc(total_caps + 1, sizeof(*b.cap_loc));
	b.elf = calloc(d->nitems + 1, sizeof(*b.elf));
	if (!b.rec || !b.cap || !b.cap_loc || !b.elf)
		goto out;
	for (unsigned i = 0; i < d->nitems; i++)
		if (mk_record(&b, i))
			goto out;
	mk_default_entries(&b);

	desc = (struct image_desc){
		(enum image_arch)arch, b.rec, d->nitems, b.cap, b.ncap, b.blob, b.blob_len
	};
	size = image_write_size(&desc);
	if (size == 0) {
		fprintf(stderr, "%s: the image exceeds the format's limits\n", d->file);
		goto out;
	}
	*img = malloc((size_t)size);
	if (!*img)
		goto out;
	*len = image_write(&desc, *img, (size_t)size);
	rc = mk_judge(&b, *img, *len);
	if (rc) {
		free(*img);
		*img = NULL;
	}
out:
	free(b.rec);
	free(b.cap);
	free(b.cap_loc);
	free(b.elf);
	free(b.blob);
	return rc;
}
