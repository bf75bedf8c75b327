/* The ELF validator shared by the kernel's loader and tools/mkimage: checks a
 * program's headers and loadable segments, and applies ColdFire relocations. */
#include <lib/bytes.h>
#include <obstore/elf.h>

#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EV_CURRENT 1
#define ET_EXEC ELF_ET_EXEC
#define ET_DYN ELF_ET_DYN
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3

/* An ELF file read in its own byte order. */
struct elf_file {
	const uint8_t *p;
	bool big;
};

static uint16_t elf_u16(const struct elf_file *f, uint32_t off)
{
	return f->big ? bytes_be16(f->p + off) : bytes_le16(f->p + off);
}

static uint32_t elf_u32(const struct elf_file *f, uint32_t off)
{
	return f->big ? bytes_be32(f->p + off) : bytes_le32(f->p + off);
}

static enum elf_code elf_fail(struct elf_error *why, enum elf_code code, uint32_t phdr,
			      uint32_t other, uint32_t value, uint32_t expect)
{
	why->code = code;
	why->phdr = phdr;
	why->other = other;
	why->value = value;
	why->expect = expect;
	return code;
}

static enum elf_code elf_check_ident(const struct elf_file *f, size_t len, uint16_t machine,
				     struct elf_error *why)
{
	const uint8_t *p = f->p;
	uint8_t want_data = machine == ELF_EM_68K ? ELFDATA2MSB : ELFDATA2LSB;

	if (len < ELF_EHDR_SIZE)
		return elf_fail(why, ELF_E_TRUNCATED, 0, 0, (uint32_t)len, ELF_EHDR_SIZE);
	if (p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' || p[3] != 'F')
		return elf_fail(why, ELF_E_MAGIC, 0, 0, bytes_be32(p), 0x7f454c46);
	if (p[4] != ELFCLASS32)
		return elf_fail(why, ELF_E_CLASS, 0, 0, p[4], ELFCLASS32);
	if (p[5] != ELFDATA2LSB && p[5] != ELFDATA2MSB)
		return elf_fail(why, ELF_E_DATA, 0, 0, p[5], want_data);
	if (p[6] != EV_CURRENT || elf_u32(f, 20) != EV_CURRENT)
		return elf_fail(why, ELF_E_VERSION, 0, 0,
				p[6] != EV_CURRENT ? p[6] : elf_u32(f, 20), EV_CURRENT);
	/* ET_DYN only for ColdFire, which has one address space to place it in */
	if (elf_u16(f, 16) != ET_EXEC && !(elf_u16(f, 16) == ET_DYN && machine == ELF_EM_68K))
		return elf_fail(why, ELF_E_TYPE, 0, 0, elf_u16(f, 16), ET_EXEC);
	/* Machine before byte order: "machine 3, expected 4" says more about an
	 * i386 program in a ColdFire image than "wrong byte order" would. */
	if (elf_u16(f, 18) != machine)
		return elf_fail(why, ELF_E_MACHINE, 0, 0, elf_u16(f, 18), machine);
	if (p[5] != want_data)
		return elf_fail(why, ELF_E_DATA, 0, 0, p[5], want_data);
	if (elf_u16(f, 40) != ELF_EHDR_SIZE)
		return elf_fail(why, ELF_E_EHSIZE, 0, 0, elf_u16(f, 40), ELF_EHDR_SIZE);
	if (elf_u16(f, 42) != ELF_PHDR_SIZE)
		return elf_fail(why, ELF_E_EHSIZE, 0, 0, elf_u16(f, 42), ELF_PHDR_SIZE);
	return ELF_OK;
}

/* Checks one PT_LOAD against the file and the segments already accepted. */
static enum elf_code elf_add_load(const struct elf_file *f, size_t len, uint32_t ph, uint32_t index,
				  struct elf_info *out, struct elf_error *why)
{
	struct elf_segment s;
	uint64_t end;

	s.offset = elf_u32(f, ph + 4);
	s.vaddr = elf_u32(f, ph + 8);
	s.filesz = elf_u32(f, ph + 16);
	s.memsz = elf_u32(f, ph + 20);
	s.flags = elf_u32(f, ph + 24);
	s.phdr = index;
	if ((uint64_t)s.offset + s.filesz > len)
		return elf_fail(why, ELF_E_SEG_RANGE, index, 0, s.offset, (uint32_t)len);
	if (s.filesz > s.memsz)
		return elf_fail(why, ELF_E_SEG_SIZE, index, 0, s.filesz, s.memsz);
	end = (uint64_t)s.vaddr + s.memsz;
	/* The span's page-rounded end must fit 32 bits: a segment in the last
	 * page would lie outside elf_span_high, and so outside what a loader
	 * allocates for the span. */
	if (end > 0x100000000ull - PAGE_SIZE)
		return elf_fail(why, ELF_E_SEG_WRAP, index, 0, s.vaddr, s.memsz);
	if (s.memsz == 0)
		return ELF_OK;
	for (uint32_t i = 0; i < out->nload; i++) {
		const struct elf_segment *o = &out->load[i];
		if (s.vaddr < (uint64_t)o->vaddr + o->memsz && o->vaddr < end)
			return elf_fail(why, ELF_E_SEG_OVERLAP, index, o->phdr, s.vaddr, o->vaddr);
	}
	if (out->nload == ELF_MAX_LOAD)
		return elf_fail(why, ELF_E_TOO_MANY_LOAD, index, 0, out->nload + 1, ELF_MAX_LOAD);
	out->load[out->nload++] = s;
	return ELF_OK;
}

#define DT_NULL 0
#define DT_NEEDED 1
#define DT_PLTRELSZ 2
#define DT_RELA 7
#define DT_RELASZ 8
#define DT_RELAENT 9
#define DT_REL 17
#define DT_RELSZ 18
#define DT_JMPREL 23
#define ELF_RELA_SIZE 12
#define ELF_DYN_SIZE 8

/* The file offset of [vaddr, vaddr + len) when it lies in a segment's file
 * bytes; false otherwise. */
static bool elf_file_offset(const struct elf_info *info, uint32_t vaddr, uint32_t len,
			    uint32_t *off)
{
	for (uint32_t i = 0; i < info->nload; i++) {
		const struct elf_segment *s = &info->load[i];

		if (vaddr >= s->vaddr && (uint64_t)vaddr + len <= (uint64_t)s->vaddr + s->filesz) {
			*off = s->offset + (vaddr - s->vaddr);
			return true;
		}
	}
	return false;
}

/* ET_DYN: the dynamic table (in the file) may name only R_68K_RELATIVE
 * relocations in DT_RELA, each aimed inside a segment. */
static enum elf_code elf_check_dynamic(const struct elf_file *f, size_t len, uint32_t ph,
				       struct elf_info *out, struct elf_error *why)
{
	uint32_t idx = (ph - elf_u32(f, 28)) / ELF_PHDR_SIZE;
	uint32_t off = elf_u32(f, ph + 4), size = elf_u32(f, ph + 16);
	uint32_t rela = 0, relasz = 0, relaent = ELF_RELA_SIZE, table;

	if ((uint64_t)off + size > len)
		return elf_fail(why, ELF_E_SEG_RANGE, idx, 0, off, (uint32_t)len);
	for (uint32_t d = off; d + ELF_DYN_SIZE <= off + size; d += ELF_DYN_SIZE) {
		uint32_t tag = elf_u32(f, d), val = elf_u32(f, d + 4);

		if (tag == DT_NULL)
			break;
		if (tag == DT_NEEDED)
			return elf_fail(why, ELF_E_DYNAMIC, idx, 0, tag, 0);
		if (tag == DT_REL || tag == DT_RELSZ || (tag == DT_JMPREL && val) ||
		    (tag == DT_PLTRELSZ && val))
			return elf_fail(why, ELF_E_RELOC, idx, 0, tag, DT_RELA);
		if (tag == DT_RELA)
			rela = val;
		else if (tag == DT_RELASZ)
			relasz = val;
		else if (tag == DT_RELAENT)
			relaent = val;
	}
	if (relaent != ELF_RELA_SIZE || relasz % ELF_RELA_SIZE)
		return elf_fail(why, ELF_E_RELOC_RANGE, idx, 0, relasz, relaent);
	if (!relasz)
		return ELF_OK;
	if (!elf_file_offset(out, rela, relasz, &table))
		return elf_fail(why, ELF_E_RELOC_RANGE, idx, 0, rela, relasz);
	for (uint32_t r = 0; r < relasz / ELF_RELA_SIZE; r++) {
		uint32_t at = table + r * ELF_RELA_SIZE;
		uint32_t where = elf_u32(f, at), info = elf_u32(f, at + 4);

		if (info != ELF_R_68K_RELATIVE) /* type 22, symbol 0 */
			return elf_fail(why, ELF_E_RELOC, idx, r, info & 0xff, ELF_R_68K_RELATIVE);
		if (!elf_contains(out, where, 4, 0, false))
			return elf_fail(why, ELF_E_RELOC_RANGE, idx, r, where, 0);
	}
	out->rela_offset = table;
	out->rela_count = relasz / ELF_RELA_SIZE;
	return ELF_OK;
}

uint32_t elf_span_low(const struct elf_info *info)
{
	uint32_t lo = 0xffffffffu;

	for (uint32_t i = 0; i < info->nload; i++)
		if (info->load[i].vaddr < lo)
			lo = info->load[i].vaddr;
	return lo & ~(uint32_t)(PAGE_SIZE - 1);
}

uint32_t elf_span_high(const struct elf_info *info)
{
	uint64_t hi = 0;

	for (uint32_t i = 0; i < info->nload; i++)
		if ((uint64_t)info->load[i].vaddr + info->load[i].memsz > hi)
			hi = (uint64_t)info->load[i].vaddr + info->load[i].memsz;
	hi = (hi + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	return hi > 0xfffff000u ? 0xfffff000u : (uint32_t)hi;
}

void elf_relocate(const void *file, const struct elf_info *info, uint8_t *mem, uint32_t bias)
{
	struct elf_file f = { .p = file, .big = true };
	uint32_t lo = elf_span_low(info);

	for (uint32_t r = 0; r < info->rela_count; r++) {
		uint32_t at = info->rela_offset + r * ELF_RELA_SIZE;
		uint32_t v = bias + elf_u32(&f, at + 8);
		uint8_t *p = mem + (elf_u32(&f, at) - lo);

		p[0] = (uint8_t)(v >> 24);
		p[1] = (uint8_t)(v >> 16);
		p[2] = (uint8_t)(v >> 8);
		p[3] = (uint8_t)v;
	}
}

void elf_rela_get(const void *file, const struct elf_info *info, uint32_t i, uint32_t *where,
		  uint32_t *addend)
{
	struct elf_file f = { .p = file, .big = true };
	uint32_t at = info->rela_offset + i * ELF_RELA_SIZE;

	*where = elf_u32(&f, at);
	*addend = elf_u32(&f, at + 8);
}

uint32_t elf_segment_of(const struct elf_info *info, uint32_t vaddr)
{
	for (uint32_t s = 0; s < info->nload; s++)
		if (vaddr >= info->load[s].vaddr &&
		    (uint64_t)vaddr <= (uint64_t)info->load[s].vaddr + info->load[s].memsz)
			return s;
	return info->nload;
}

enum elf_code elf_check(const void *buf, size_t len, uint16_t machine, struct elf_info *out,
			struct elf_error *why)
{
	struct elf_file f = { .p = buf, .big = false };
	enum elf_code code;
	uint32_t phoff, phnum, dyn = 0;

	why->code = ELF_OK;
	out->nload = 0;
	out->entry = 0;
	out->machine = machine;
	out->type = ET_EXEC;
	out->rela_offset = 0;
	out->rela_count = 0;
	if (len >= 6)
		f.big = f.p[5] == ELFDATA2MSB;
	code = elf_check_ident(&f, len, machine, why);
	if (code != ELF_OK)
		return code;

	out->type = elf_u16(&f, 16);
	phoff = elf_u32(&f, 28);
	phnum = elf_u16(&f, 44);
	if (phnum == 0 || phnum > ELF_MAX_PHDRS)
		return elf_fail(why, ELF_E_PHNUM, 0, 0, phnum, ELF_MAX_PHDRS);
	if ((uint64_t)phoff + (uint64_t)phnum * ELF_PHDR_SIZE > len)
		return elf_fail(why, ELF_E_PHDR_RANGE, 0, 0, phoff, (uint32_t)len);

	for (uint32_t i = 0; i < phnum; i++) {
		uint32_t ph = phoff + i * ELF_PHDR_SIZE;
		uint32_t type = elf_u32(&f, ph);

		if (type == PT_INTERP || (type == PT_DYNAMIC && (out->type != ET_DYN || dyn)))
			return elf_fail(why, ELF_E_DYNAMIC, i, 0, type, 0);
		if (type == PT_DYNAMIC)
			dyn = ph;
		if (type != PT_LOAD)
			continue;
		code = elf_add_load(&f, len, ph, i, out, why);
		if (code != ELF_OK)
			return code;
	}
	if (out->nload == 0)
		return elf_fail(why, ELF_E_NO_LOAD, 0, 0, 0, 0);
	out->entry = elf_u32(&f, 24);
	if (!elf_contains(out, out->entry, 1, ELF_PF_X, true))
		return elf_fail(why, ELF_E_ENTRY, 0, 0, out->entry, 0);
	if (dyn)
		return elf_check_dynamic(&f, len, dyn, out, why);
	return ELF_OK;
}

bool elf_contains(const struct elf_info *info, uint32_t vaddr, uint32_t len, uint32_t flags,
		  bool file_backed)
{
	for (uint32_t i = 0; i < info->nload; i++) {
		const struct elf_segment *s = &info->load[i];
		uint32_t size = file_backed ? s->filesz : s->memsz;

		if ((s->flags & flags) != flags)
			continue;
		if (vaddr >= s->vaddr && (uint64_t)vaddr + len <= (uint64_t)s->vaddr + size)
			return true;
	}
	return false;
}
