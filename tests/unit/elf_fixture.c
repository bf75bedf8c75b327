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
