/* Builds small ELF files in memory for the ELF and loader tests. */
#include <string.h>

#include "elf_fixture.h"

void elf_fixture_put16(uint8_t *p, uint16_t v, bool big)
{
	p[big ? 0 : 1] = (uint8_t)(v >> 8);
	p[big ? 1 : 0] = (uint8_t)v;
}

void elf_fixture_put32(uint8_t *p, uint32_t v, bool big)
{
	for (int i = 0; i < 4; i++)
		p[big ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}

void elf_fixture_default(struct elf_fixture *f, uint16_t machine, uint32_t base)
{
	memset(f, 0, sizeof(*f));
	f->machine = machine;
	f->entry = base + 0x10;
	f->nphdr = 2;
	f->phdr[0] = (struct elf_fixture_phdr){ 1, base, 0x100, 0x100, 5 };
	f->phdr[1] = (struct elf_fixture_phdr){ 1, base + 0x1000, 0x80, 0x200, 6 };
}

size_t elf_fixture_build(const struct elf_fixture *f, uint8_t *buf, size_t cap)
{
	bool big = f->machine == 4;
	size_t off = 52 + 32 * (size_t)f->nphdr;
	size_t size = off;

	for (unsigned i = 0; i < f->nphdr; i++)
		size += f->phdr[i].filesz;
	if (size > cap)
		return 0;
	memset(buf, 0, off);
	memcpy(buf, "\177ELF", 4);
	buf[4] = 1;
	buf[5] = big ? 2 : 1;
	buf[6] = 1;
	elf_fixture_put16(buf + 16, 2, big);
	elf_fixture_put16(buf + 18, f->machine, big);
	elf_fixture_put32(buf + 20, 1, big);
	elf_fixture_put32(buf + 24, f->entry, big);
	elf_fixture_put32(buf + 28, 52, big);
	elf_fixture_put16(buf + 40, 52, big);
	elf_fixture_put16(buf + 42, 32, big);
	elf_fixture_put16(buf + 44, (uint16_t)f->nphdr, big);
	for (unsigned i = 0; i < f->nphdr; i++) {
		const struct elf_fixture_phdr *s = &f->phdr[i];
		uint8_t *ph = buf + 52 + 32 * i;

		elf_fixture_put32(ph, s->type, big);
		elf_fixture_put32(ph + 4, (uint32_t)off, big);
		elf_fixture_put32(ph + 8, s->vaddr, big);
		elf_fixture_put32(ph + 12, s->vaddr, big);
		elf_fixture_put32(ph + 16, s->filesz, big);
		elf_fixture_put32(ph + 20, s->memsz, big);
		elf_fixture_put32(ph + 24, s->flags, big);
		elf_fixture_put32(ph + 28, 0x1000, big);
		memset(buf + off, 0xa0 + (int)i, s->filesz);
		off += s->filesz;
	}
	return size;
}

void elf_fixture_pie(uint8_t *f)
{
	static const uint8_t ident[8] = { 0x7f, 'E', 'L', 'F', 1, 2, 1, 0 };
	uint8_t *ph = f + 52, *dyn = f + ELF_FIXTURE_PIE_DYN, *rela = f + ELF_FIXTURE_PIE_RELA;

	memset(f, 0, ELF_FIXTURE_PIE_SIZE);
	memcpy(f, ident, sizeof(ident));
	elf_fixture_put16(f + 16, 3, true); /* ET_DYN */
	elf_fixture_put16(f + 18, 4, true); /* EM_68K */
	elf_fixture_put32(f + 20, 1, true);
	elf_fixture_put32(f + 24, ELF_FIXTURE_PIE_ENTRY, true);
	elf_fixture_put32(f + 28, 52, true);
	elf_fixture_put16(f + 40, 52, true);
	elf_fixture_put16(f + 42, 32, true);
	elf_fixture_put16(f + 44, 2, true);
	/* PT_LOAD: offset 0, vaddr 0, the whole file, 0x100 more in memory, rwx */
	elf_fixture_put32(ph, 1, true);
	elf_fixture_put32(ph + 16, ELF_FIXTURE_PIE_SIZE, true);
	elf_fixture_put32(ph + 20, ELF_FIXTURE_PIE_SIZE + 0x100, true);
	elf_fixture_put32(ph + 24, 7, true);
	/* PT_DYNAMIC: 32 bytes at ELF_FIXTURE_PIE_DYN */
	elf_fixture_put32(ph + 32, 2, true);
	elf_fixture_put32(ph + 36, ELF_FIXTURE_PIE_DYN, true);
	elf_fixture_put32(ph + 40, ELF_FIXTURE_PIE_DYN, true);
	elf_fixture_put32(ph + 48, 32, true);
	elf_fixture_put32(ph + 52, 32, true);
	elf_fixture_put32(ph + 56, 6, true);
	elf_fixture_put32(dyn, 7, true); /* DT_RELA */
	elf_fixture_put32(dyn + 4, ELF_FIXTURE_PIE_RELA, true);
	elf_fixture_put32(dyn + 8, 8, true); /* DT_RELASZ: two entries */
	elf_fixture_put32(dyn + 12, 24, true);
	elf_fixture_put32(dyn + 16, 9, true); /* DT_RELAENT */
	elf_fixture_put32(dyn + 20, 12, true);
	elf_fixture_put32(f + 0x80, 0xdeadbeef, true);
	elf_fixture_put32(rela, 0x80, true);
	elf_fixture_put32(rela + 4, 22, true); /* R_68K_RELATIVE */
	elf_fixture_put32(rela + 8, 0x10, true);
	elf_fixture_put32(rela + 12, 0x84, true);
	elf_fixture_put32(rela + 16, 22, true);
	elf_fixture_put32(rela + 20, 0x200, true);
}
