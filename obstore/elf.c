#include <obstore/bytes.h>
#include <obstore/elf.h>

#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EV_CURRENT 1
#define ET_EXEC 2
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
	if (elf_u16(f, 16) != ET_EXEC)
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
	if (end > 0x100000000ull)
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

enum elf_code elf_check(const void *buf, size_t len, uint16_t machine, struct elf_info *out,
			struct elf_error *why)
{
	struct elf_file f = { .p = buf, .big = false };
	enum elf_code code;
	uint32_t phoff, phnum;

	why->code = ELF_OK;
	out->nload = 0;
	out->entry = 0;
	out->machine = machine;
	if (len >= 6)
		f.big = f.p[5] == ELFDATA2MSB;
	code = elf_check_ident(&f, len, machine, why);
	if (code != ELF_OK)
		return code;

	phoff = elf_u32(&f, 28);
	phnum = elf_u16(&f, 44);
	if (phnum == 0 || phnum > ELF_MAX_PHDRS)
		return elf_fail(why, ELF_E_PHNUM, 0, 0, phnum, ELF_MAX_PHDRS);
	if ((uint64_t)phoff + (uint64_t)phnum * ELF_PHDR_SIZE > len)
		return elf_fail(why, ELF_E_PHDR_RANGE, 0, 0, phoff, (uint32_t)len);

	for (uint32_t i = 0; i < phnum; i++) {
		uint32_t ph = phoff + i * ELF_PHDR_SIZE;
		uint32_t type = elf_u32(&f, ph);

		if (type == PT_INTERP || type == PT_DYNAMIC)
			return elf_fail(why, ELF_E_DYNAMIC, i, 0, type, 0);
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
