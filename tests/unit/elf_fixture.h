/* Minimal ELF32 executables built in memory for the unit tests. */
#ifndef TESTS_UNIT_ELF_FIXTURE_H
#define TESTS_UNIT_ELF_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_FIXTURE_MAX_PHDRS 12

struct elf_fixture_phdr {
	uint32_t type; /* 1 PT_LOAD, 3 PT_INTERP, 4 PT_NOTE ... */
	uint32_t vaddr;
	uint32_t filesz;
	uint32_t memsz;
	uint32_t flags;
};

struct elf_fixture {
	uint16_t machine; /* 3 or 4; 4 writes big-endian */
	uint32_t entry;
	unsigned nphdr;
	struct elf_fixture_phdr phdr[ELF_FIXTURE_MAX_PHDRS];
};

/* Two segments: code (r-x, 0x100 bytes at base) and data (rw-, 0x80 file
 * bytes of 0x200 at base + 0x1000); the entry is base + 0x10. */
void elf_fixture_default(struct elf_fixture *f, uint16_t machine, uint32_t base);

/* Writes the file (header, program headers, then each segment's file
 * bytes in order); returns its size, or 0 if cap is too small. */
size_t elf_fixture_build(const struct elf_fixture *f, uint8_t *buf, size_t cap);

/* A ColdFire position-independent program (ET_DYN, big-endian) of
 * ELF_FIXTURE_PIE_SIZE bytes: one rwx PT_LOAD over the whole file at vaddr 0,
 * and a PT_DYNAMIC at ELF_FIXTURE_PIE_DYN naming two R_68K_RELATIVE
 * relocations at ELF_FIXTURE_PIE_RELA (DT_RELA, DT_RELASZ, DT_RELAENT,
 * DT_NULL: four 8-byte entries), which patch 0x80 and 0x84. */
#define ELF_FIXTURE_PIE_ENTRY 0x74
#define ELF_FIXTURE_PIE_DYN 0x90
#define ELF_FIXTURE_PIE_RELA 0xb0
#define ELF_FIXTURE_PIE_SIZE 0xc8
void elf_fixture_pie(uint8_t *f);

/* Field writers in the fixture's byte order, for corrupting a built file. */
void elf_fixture_put16(uint8_t *p, uint16_t v, bool big);
void elf_fixture_put32(uint8_t *p, uint32_t v, bool big);

#endif
