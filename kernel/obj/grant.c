/* Grants: the per-process grant table and the grant frames grants are made
 * in (kernel/include/kernel/grant.h, doc/grants.md). */
#include <kernel/alarm.h>
#include <kernel/obj.h>
#include <kernel/objmem.h>
#include <kernel/proc.h>
#include <lib/string.h>

/* Grants start 4-byte aligned in their frame: every field in them is at
 * most 4-byte aligned on both arches (ColdFire needs 2, i386 4). */
#define GRANT_ALIGN 4u

static struct grant_frame_hdr *grant_frame_at(pa_t pa)
{
	return objmem_kva(pa);
}

/* Kept out of line, even under LTO, so that bench/grant.sh can count the
 * lookup's instructions in the kernel's own disassembly. */
__attribute__((noinline)) void *grant_find(const struct grant_table *t, unsigned s)
{
	return t->slot[s];
}

enum inv_err grant_get(struct process *p, unsigned s, unsigned size, void **out)
{
	struct grant_table *t = &p->grants;
	struct grant_hdr *g;

	*out = NULL;
	if (s >= GRANT_SERVICES || size < sizeof(struct grant_hdr))
		return INV_ERR_ARG;
	if (t->slot[s]) {
		*out = t->slot[s];
		return INV_OK;
	}
	size = (size + GRANT_ALIGN - 1) & ~(GRANT_ALIGN - 1);
	for (unsigned i = 0; i < t->nframes; i++) {
		struct grant_frame_hdr *f = grant_frame_at(grant_frame_pa(t, i));

		if (PAGE_SIZE - f->used < size)
			continue;
		g = (struct grant_hdr *)((char *)f + f->used);
		memset(g, 0, size);
		g->service = (uint8_t)s;
		g->frame = (uint8_t)i;
		g->size = (uint16_t)size;
		f->used = (uint16_t)(f->used + size);
		t->slot[s] = g;
		*out = g;
		return INV_OK;
	}
	return INV_ERR_NO_GRANT;
}

static void grant_frame_reset(struct grant_frame_hdr *f)
{
	f->owner_pid = 0;
	f->used = sizeof(*f);
	f->owned = 0;
}

enum inv_err grant_attach(struct process *p, struct page_common *h, bool owned)
{
	struct grant_table *t = &p->grants;
	struct grant_frame_hdr *f = obj_kva(h);

	if (t->nframes == GRANT_FRAMES || f->owner_pid)
		return INV_ERR_BUSY;
	if (f->used < sizeof(*f))
		grant_frame_reset(f); /* a frame fresh from Range is all zeroes */
	f->owner_pid = p->pid;
	f->owned = owned;
	t->frame[t->nframes++] = (uint32_t)(pagehdr_pa(h) >> PAGE_SHIFT);
	return INV_OK;
}

enum inv_err grant_attach_new(struct process *p)
{
	struct page_common *h;
	enum inv_err e = obj_alloc(PT_OBJ_GRANT, OBJ_FRAME_ANY, &h);

	if (e != INV_OK)
		return e;
	e = grant_attach(p, h, true);
	if (e != INV_OK)
		obj_free(h);
	return e;
}

/* Tears down the grants of p that live in frame i (every grant if i < 0). */
static void grant_drop_grants(struct process *p, int i)
{
	struct grant_table *t = &p->grants;

	for (unsigned s = 0; s < GRANT_SERVICES; s++) {
		struct grant_hdr *g = t->slot[s];

		if (!g || (i >= 0 && g->frame != (unsigned)i))
			continue;
		if (s == GS_ALARM)
			alarm_grant_release((void *)g);
		t->slot[s] = NULL;
	}
}

/* Removes frame i from p's list; grants in later frames keep their index
 * right (they are renumbered). */
static void grant_detach(struct process *p, unsigned i)
{
	struct grant_table *t = &p->grants;
	struct grant_frame_hdr *f = grant_frame_at(grant_frame_pa(t, i));

	if (f->owned) {
		obj_free(pagehdr_of_pa(grant_frame_pa(t, i)));
	} else {
		/* The bank's frame: empty it for its next holder. */
		memset(f, 0, PAGE_SIZE);
		grant_frame_reset(f);
	}
	for (unsigned k = i + 1; k < t->nframes; k++)
		t->frame[k - 1] = t->frame[k];
	t->nframes--;
	for (unsigned s = 0; s < GRANT_SERVICES; s++)
		if (t->slot[s] && t->slot[s]->frame > i)
			t->slot[s]->frame--;
}

void grant_release_all(struct process *p)
{
	struct grant_table *t = &p->grants;

	grant_drop_grants(p, -1);
	while (t->nframes)
		grant_detach(p, t->nframes - 1u);
	t->next_upcall = 0;
}

void grant_frame_destroy(struct page_common *h)
{
	struct grant_frame_hdr *f = obj_kva(h);
	struct process *p = f->owner_pid ? proc_find(f->owner_pid) : NULL;

	if (p)
		for (unsigned i = 0; i < p->grants.nframes; i++)
			if (grant_frame_pa(&p->grants, i) == pagehdr_pa(h)) {
				grant_drop_grants(p, (int)i);
				grant_detach(p, i);
				break;
			}
}

bool grant_frame_owned(struct page_common *h)
{
	return pagehdr_type(h) == PT_OBJ_GRANT && ((struct grant_frame_hdr *)obj_kva(h))->owned;
}

unsigned grant_bytes_free(const struct process *p)
{
	unsigned n = 0;

	for (unsigned i = 0; i < p->grants.nframes; i++)
		n += PAGE_SIZE - grant_frame_at(grant_frame_pa(&p->grants, i))->used;
	return n;
}

unsigned grant_bytes_used(const struct process *p)
{
	unsigned n = 0;

	for (unsigned s = 0; s < GRANT_SERVICES; s++)
		n += grant_size_of(p, s);
	return n;
}

unsigned grant_size_of(const struct process *p, unsigned s)
{
	return s < GRANT_SERVICES && p->grants.slot[s] ? p->grants.slot[s]->size : 0;
}
