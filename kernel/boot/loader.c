/* The boot loader of the first processes (kernel/include/kernel/loader.h). */
#include <lib/fmt.h>
#include <kernel/ipc.h>
#include <kernel/grant.h>
#include <kernel/loader.h>
#include <kernel/loader_place.h>
#include <kernel/obj.h>
#include <kernel/objmem.h>
#include <kernel/pool.h>
#include <kernel/proc.h>
#include <kernel/sched.h>

/* The object made for each record (NULL for programs and pools). In the
 * image's bss rather than the heap: the heap's size formula does not know
 * about boot images, and this is small (IMAGE_MAX_RECORDS references). */
static struct obj_ref loader_obj[IMAGE_MAX_RECORDS];

/* image_parse bounds a process record's slots by IMAGE_PROCESS_SLOTS and a
 * CapPage record's by IMAGE_CAPPAGE_SLOTS; the loader writes them into
 * p->cregs and the CapPage's frame. Should either side change, the build
 * stops here, and loader_caps checks every write against its destination. */
_Static_assert(IMAGE_PROCESS_SLOTS <= CAP_REGS, "image slots beyond the capability registers");
_Static_assert(IMAGE_CAPPAGE_SLOTS <= CAPPAGE_SLOTS, "image slots beyond a CapPage");

/* The pool the boot image lies in: "where the file is stored". */
static unsigned loader_stored = POOL_NONE;

void loader_image_at(pa_t pa)
{
	loader_stored = pool_of_pa(pa);
}

struct loader {
	const struct image_view *v;
	char *why;
	size_t whylen;
	uint32_t record;
	struct image_record rec;
};

static int loader_fail(struct loader *l, const char *what, enum inv_err e)
{
	fmt_snprintf(l->why, l->whylen, "record %u ('%s'): %s%s", (unsigned)l->record, l->rec.name,
		     what, e == INV_ERR_NO_FRAMES ? ": banked frames exhausted" : "");
	return 1;
}

/* i386: each page of a segment at its vaddr in p's own address space. A
 * page two segments share is made once (and writable if either is). */
static enum inv_err loader_page_at(struct process *p, uint32_t va, bool w, bool x, unsigned pool,
				   pa_t *pa)
{
	struct page_common *h;
	enum inv_err e;
	bool owned;

	if (arch_aspace_lookup(&p->as, va, pa, &owned) == ERR_OK) {
		if (w) { /* upgrade: map again with the union of permissions */
			pa_t old;

			/* Its table stays: the new map takes no frame. */
			arch_aspace_unmap(&p->as, va, &old);
			if (arch_aspace_map(&p->as, va, old, true, true, owned, proc_table_frame,
					    NULL) != ERR_OK)
				return INV_ERR_NO_FRAMES;
		}
		return INV_OK;
	}
	e = obj_alloc_pool(PT_OBJ_PAGE, pool, &h);
	if (e != INV_OK)
		return e;
	*pa = pagehdr_pa(h);
	e = proc_map(p, va, *pa, w, x, true);
	if (e != INV_OK)
		obj_free(h);
	return e;
}

static enum inv_err loader_paged(struct loader *l, struct process *p, const uint8_t *file,
				 const struct image_program *prog, const struct elf_info *info)
{
	for (uint32_t s = 0; s < info->nload; s++) {
		const struct elf_segment *seg = &info->load[s];
		uint32_t va = seg->vaddr & ~(PAGE_SIZE - 1);
		struct loader_place pl;
		pa_t first = 0;

		loader_place(prog, s, seg->flags, p->pool, loader_stored, &pl);
		for (; va < seg->vaddr + seg->memsz; va += PAGE_SIZE) {
			uint32_t lo = va > seg->vaddr ? va : seg->vaddr;
			uint32_t hi = va + PAGE_SIZE, fend = seg->vaddr + seg->filesz;
			enum inv_err e;
			pa_t pa;

			e = loader_page_at(p, va, seg->flags & ELF_PF_W, seg->flags & ELF_PF_X,
					   pl.pool, &pa);
			if (e != INV_OK)
				return e;
			if (!first)
				first = pa;
			if (hi > fend)
				hi = fend;
			if (lo < hi)
				objmem_write(pa, lo - va, file + seg->offset + (lo - seg->vaddr),
					     hi - lo);
		}
		loader_place_print(l->rec.name, s, seg->flags, first, pl.rule);
	}
	return INV_OK;
}

/* ColdFire: the whole span in one run of frames (at its link address for
 * ET_EXEC, anywhere for PIE), then relocated; *bias = load - link. */
static enum inv_err loader_run(struct loader *l, struct process *p, const uint8_t *file,
			       const struct image_program *prog, const struct elf_info *info,
			       uint32_t *bias)
{
	uint32_t lo = elf_span_low(info), hi = elf_span_high(info);
	uint32_t n = (hi - lo) >> PAGE_SHIFT;
	struct loader_place first, pl;
	pa_t base;
	enum inv_err e;

	/* One run, relocated by one bias: the pool segment 0's rule picks
	 * holds every segment (a -msep-data program parts them: loader_split). */
	loader_place(prog, 0, info->load[0].flags, p->pool, loader_stored, &first);
	if (info->type == ELF_ET_DYN)
		e = obj_alloc_run_pool(PT_OBJ_PAGE, n, first.pool, &base);
	else
		e = obj_alloc_run(PT_OBJ_PAGE, n, lo, &base);
	if (e != INV_OK)
		return e;
	for (uint32_t s = 0; s < info->nload; s++) {
		loader_place(prog, s, info->load[s].flags, p->pool, loader_stored, &pl);
		loader_place_print(l->rec.name, s, info->load[s].flags,
				   base + ((info->load[s].vaddr - lo) & ~(PAGE_SIZE - 1)),
				   info->type != ELF_ET_DYN	     ? "fixed address"
				   : s == 0 || pl.pool == first.pool ? pl.rule
								     : "one run with segment 0");
	}
	*bias = (uint32_t)base - lo;
	for (uint32_t s = 0; s < info->nload; s++) {
		const struct elf_segment *seg = &info->load[s];
		uint32_t at = seg->vaddr - lo;

		/* byte by byte through objmem_write, one page at a time */
		for (uint32_t done = 0; done < seg->filesz;) {
			uint32_t off = (at + done) & (PAGE_SIZE - 1);
			uint32_t chunk = PAGE_SIZE - off;

			if (chunk > seg->filesz - done)
				chunk = seg->filesz - done;
			objmem_write(base + ((at + done) & ~(PAGE_SIZE - 1)), off,
				     file + seg->offset + done, chunk);
			done += chunk;
		}
	}
	if (info->rela_count)
		elf_relocate(file, info, objmem_kva(base), *bias);
	for (uint32_t i = 0; i < n; i++) {
		pa_t pa = base + ((pa_t)i << PAGE_SHIFT);

		e = proc_map(p, (uint32_t)pa, pa, true, true, true);
		if (e != INV_OK)
			return e;
	}
	return INV_OK;
}

uint32_t loader_stack_top_i386(const struct elf_info *info)
{
	uint64_t end = 0;

	for (uint32_t i = 0; i < info->nload; i++) {
		uint64_t e = (uint64_t)info->load[i].vaddr + info->load[i].memsz;

		end = e > end ? e : end;
	}
	/* image_parse keeps segments below the kernel; a program reaching the
	 * last 2 MiB of user space has its stack refused by proc_map. */
	end = ALIGN_UP(end + LOADER_STACK_PAGES * PAGE_SIZE, LOADER_STACK_ALIGN_I386);
	return end > ARCH_USER_END ? ARCH_USER_END : (uint32_t)end;
}

static enum inv_err loader_stack(struct process *p, const struct elf_info *info, bool paged,
				 uint32_t *sp)
{
	enum inv_err e;
	pa_t base, pa;

	if (paged) {
		uint32_t top = loader_stack_top_i386(info);

		for (uint32_t i = 1; i <= LOADER_STACK_PAGES; i++) {
			e = loader_page_at(p, top - i * PAGE_SIZE, true, false, p->pool, &pa);
			if (e != INV_OK)
				return e;
		}
		*sp = top;
		return INV_OK;
	}
	e = obj_alloc_run_pool(PT_OBJ_PAGE, LOADER_STACK_PAGES, p->pool, &base);
	if (e != INV_OK)
		return e;
	for (uint32_t i = 0; i < LOADER_STACK_PAGES; i++) {
		pa = base + ((pa_t)i << PAGE_SHIFT);
		e = proc_map(p, (uint32_t)pa, pa, true, false, true);
		if (e != INV_OK)
			return e;
	}
	*sp = (uint32_t)base + LOADER_STACK_PAGES * PAGE_SIZE;
	return INV_OK;
}

static int loader_process(struct loader *l, struct process *p)
{
	const struct image_process *ip = &l->rec.u.process;
	struct image_record prog;
	struct elf_info info;
	struct elf_error ignored;
	const uint8_t *file;
	bool paged = l->v->arch == IMAGE_ARCH_I386;
	uint32_t bias = 0, sp, arg = 0;
	enum inv_err e;

	image_record_get(l->v, ip->program, &prog);
	file = image_blob(l->v, prog.u.program.blob_offset);
	elf_check(file, prog.u.program.blob_length, image_elf_machine(l->v->arch), &info,
		  &ignored); /* validated by image_parse */
	p->pool = (uint8_t)pool_of_record(ip->pool); /* the image's default, or POOL_ANY */
	if (paged)
		e = loader_paged(l, p, file, &prog.u.program, &info);
	else if (loader_split_wanted(&prog.u.program, &info, p->pool, loader_stored))
		e = loader_split(l->rec.name, p, file, &prog.u.program, &info, loader_stored,
				 ip->entry, &bias, &arg);
	else
		e = loader_run(l, p, file, &prog.u.program, &info, &bias);
	if (e != INV_OK)
		return loader_fail(l,
				   e == INV_ERR_ARG ? "program frames are not free banked frames"
						    : "loading the program",
				   e);
	e = loader_stack(p, &info, paged, &sp);
	if (e != INV_OK)
		return loader_fail(l, "making the stack", e);
	/* Like its program and stack, the kernel pays for a boot process's
	 * first grant frame: init and the bank have no bank to ask. */
	e = grant_attach_new(p);
	if (e != INV_OK)
		return loader_fail(l, "making the grant frame", e);
	arch_user_regs_init(&p->regs, ip->entry + bias, sp, arg);
	p->prio = ip->priority;
	return 0;
}

static int loader_object(struct loader *l)
{
	struct process *p;
	enum inv_err e = INV_OK;
	struct obj_ref *r = &loader_obj[l->record];

	switch (l->rec.type) {
	case IMAGE_T_ENDPOINT:
		e = endpoint_create(OBJ_FRAME_ANY, r);
		break;
	case IMAGE_T_CAPPAGE:
		e = obj_make(PT_OBJ_CAPPAGE, OBJ_FRAME_ANY, r);
		break;
	case IMAGE_T_PAGE:
		e = obj_make(PT_OBJ_PAGE, OBJ_FRAME_ANY, r);
		if (e == INV_OK && l->rec.u.page.blob_length)
			objmem_write(pagehdr_pa(r->h), 0,
				     image_blob(l->v, l->rec.u.page.blob_offset),
				     l->rec.u.page.blob_length);
		break;
	case IMAGE_T_PROCESS:
		e = proc_create(OBJ_FRAME_ANY, &p);
		if (e == INV_OK) {
			proc_ref(p, r);
			if (loader_process(l, p))
				return 1;
		}
		break;
	default: /* programs and pools are not objects */
		r->h = NULL;
		return 0;
	}
	if (e != INV_OK)
		return loader_fail(l, "making the object", e);
	/* A whole frame carries its object's OID; a pot's frame keeps the OID
	 * of the pot (its first object), which names the frame, not a slot. */
	if (!pot_packed(obj_kind_of_type(pagehdr_type(r->h))))
		pagehdr_set_oid(r->h, image_record_oid(l->record));
	return 0;
}

static unsigned loader_cap_type(uint16_t record_type)
{
	switch (record_type) {
	case IMAGE_T_PROCESS:
		return CT_PROCESS;
	case IMAGE_T_ENDPOINT:
		return CT_ENDPOINT;
	case IMAGE_T_PAGE:
		return CT_PAGE;
	default:
		return CT_CAPPAGE;
	}
}

static void loader_cap(const struct image_view *v, const struct image_cap *ic, struct cap *c)
{
	static const uint8_t service[IMAGE_CAP_LIMIT] = {
		[IMAGE_CAP_CONSOLE] = CT_CONSOLE, [IMAGE_CAP_RANGE] = CT_RANGE,
		[IMAGE_CAP_SLEEP] = CT_SLEEP,	  [IMAGE_CAP_MEMINFO] = CT_MEMINFO,
		[IMAGE_CAP_BUDGET] = CT_BUDGET,
	};
	unsigned rights = CR_ALL;
	struct image_record t;

	if (ic->rights & IMAGE_RIGHT_RO)
		rights &= ~CR_WRITE;
	if (ic->rights & IMAGE_RIGHT_NX)
		rights &= ~CR_EXEC;
	if (ic->kind == IMAGE_CAP_OBJECT) {
		image_record_get(v, ic->target, &t);
		cap_mint(c, loader_cap_type(t.type), rights, &loader_obj[ic->target]);
	} else {
		cap_mint_service(c, service[ic->kind], rights);
	}
	if (ic->rights & IMAGE_RIGHT_WEAK)
		cap_weaken(c);
}

/* Fills slots[0..nslots) from the image's caps [first, first + count). */
static int loader_caps(struct loader *l, uint32_t first, uint32_t count, struct cap *slots,
		       unsigned nslots)
{
	for (uint32_t i = first; i < first + count; i++) {
		struct image_cap ic;

		image_cap_get(l->v, i, &ic);
		if (ic.slot >= nslots) {
			fmt_snprintf(l->why, l->whylen,
				     "record %u ('%s'): cap %u slot %u is beyond the kernel's %u",
				     (unsigned)l->record, l->rec.name, (unsigned)i,
				     (unsigned)ic.slot, nslots);
			return 1;
		}
		loader_cap(l->v, &ic, &slots[ic.slot]);
	}
	return 0;
}

/* Second pass: capabilities (every object exists now), then start. */
static int loader_finish(struct loader *l)
{
	const struct image_view *v = l->v;

	for (uint32_t i = 0; i < v->record_count; i++) {
		struct image_record *r = &l->rec;
		struct process *p;

		l->record = i;
		image_record_get(v, i, r);
		if (r->type == IMAGE_T_CAPPAGE) {
			if (loader_caps(l, r->u.cappage.cap_first, r->u.cappage.cap_count,
					loader_obj[i].kva, CAPPAGE_SLOTS))
				return 1;
		} else if (r->type == IMAGE_T_PROCESS) {
			p = loader_obj[i].kva;
			if (loader_caps(l, r->u.process.cap_first, r->u.process.cap_count, p->cregs,
					CAP_REGS))
				return 1;
			if (r->u.process.fault != IMAGE_NONE)
				cap_mint(&p->fault, CT_ENDPOINT, CR_ALL,
					 &loader_obj[r->u.process.fault]);
		}
	}
	for (uint32_t i = 0; i < v->record_count; i++) {
		struct image_record r;

		image_record_get(v, i, &r);
		if (r.type == IMAGE_T_PROCESS)
			sched_ready(loader_obj[i].kva);
	}
	return 0;
}

int loader_load(const void *buf, size_t len, enum image_arch arch, char *why, size_t whylen)
{
	struct image_view v;
	struct image_error err;
	struct loader l = { .v = &v, .why = why, .whylen = whylen };

	if (image_parse(buf, len, arch, &v, &err) != IMAGE_OK) {
		image_describe(&err, why, whylen);
		return 1;
	}
	obj_set_next_oid(image_next_oid(&v));
	proc_restart_pids();
	for (l.record = 0; l.record < v.record_count; l.record++) {
		image_record_get(&v, l.record, &l.rec);
		if (loader_object(&l))
			return 1;
	}
	return loader_finish(&l);
}
