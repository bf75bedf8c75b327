/* Validation of the ELF32 programs a boot image carries.
 *
 * A program is accepted when it is a statically linked ELF32 executable for
 * the target (EM_386 little-endian, or EM_68K big-endian for ColdFire;
 * ColdFire programs may also be position-independent, ET_DYN, whose only
 * relocations are R_68K_RELATIVE in DT_RELA — the loader places them
 * anywhere and applies those with elf_relocate) whose
 * program headers lie inside the file, whose PT_LOAD segments lie inside the
 * file, have p_filesz <= p_memsz, do not wrap the 32-bit address space and do
 * not overlap each other, and whose entry point lies in the file-backed part
 * of an executable PT_LOAD segment. Everything is read bytewise. */
#ifndef OBSTORE_ELF_H
#define OBSTORE_ELF_H

#include <lib/types.h>

#define ELF_EM_386 3
#define ELF_EM_68K 4

#define ELF_PF_X 1u
#define ELF_PF_W 2u
#define ELF_PF_R 4u

/* Limits that keep elf_info on a kernel stack; real programs have 2-4. */
#define ELF_MAX_PHDRS 32
#define ELF_MAX_LOAD 8

#define ELF_EHDR_SIZE 52
#define ELF_PHDR_SIZE 32

enum elf_code {
	ELF_OK,
	ELF_E_TRUNCATED, /* file shorter than its ELF header */
	ELF_E_MAGIC, /* not \177ELF */
	ELF_E_CLASS, /* not ELFCLASS32 */
	ELF_E_DATA, /* wrong byte order for the machine */
	ELF_E_VERSION, /* EI_VERSION or e_version is not 1 */
	ELF_E_TYPE, /* not ET_EXEC */
	ELF_E_MACHINE, /* e_machine differs from the target */
	ELF_E_EHSIZE, /* e_ehsize or e_phentsize is not the ELF32 size */
	ELF_E_PHNUM, /* no program headers, or more than ELF_MAX_PHDRS */
	ELF_E_PHDR_RANGE, /* program header table extends past the file */
	ELF_E_DYNAMIC, /* PT_INTERP or PT_DYNAMIC: not statically linked */
	ELF_E_SEG_RANGE, /* a PT_LOAD's file bytes extend past the file */
	ELF_E_SEG_SIZE, /* a PT_LOAD has p_filesz > p_memsz */
	ELF_E_SEG_WRAP, /* a PT_LOAD wraps or ends in the last page of the 32-bit space */
	ELF_E_SEG_OVERLAP, /* two PT_LOADs overlap in memory */
	ELF_E_TOO_MANY_LOAD, /* more than ELF_MAX_LOAD PT_LOADs */
	ELF_E_NO_LOAD, /* no non-empty PT_LOAD */
	ELF_E_ENTRY, /* entry not in an executable segment's file bytes */
	ELF_E_RELOC, /* ET_DYN: a relocation other than R_68K_RELATIVE, or DT_REL/DT_JMPREL */
	ELF_E_RELOC_RANGE, /* ET_DYN: the relocation table or a target outside the segments */
	ELF_CODE_COUNT
};

struct elf_segment {
	uint32_t vaddr;
	uint32_t memsz;
	uint32_t offset; /* in the file */
	uint32_t filesz;
	uint32_t flags; /* ELF_PF_* */
	uint32_t phdr; /* index of its program header */
};

#define ELF_ET_EXEC 2
#define ELF_ET_DYN 3
#define ELF_R_68K_RELATIVE 22

struct elf_info {
	uint32_t entry;
	uint16_t machine;
	uint16_t type; /* ELF_ET_EXEC or ELF_ET_DYN */
	uint32_t rela_offset; /* ET_DYN: file offset of the R_68K_RELATIVE table */
	uint32_t rela_count; /* its 12-byte entries */
	uint32_t nload; /* non-empty PT_LOAD segments, in program header order */
	struct elf_segment load[ELF_MAX_LOAD];
};

/* Why a program was refused: `phdr` and `other` are program header indices
 * (other: the segment overlapped), `value` the offending field, `expect`
 * the value wanted where there is one. */
struct elf_error {
	enum elf_code code;
	uint32_t phdr;
	uint32_t other;
	uint32_t value;
	uint32_t expect;
};

/* Validates buf[0..len) as a program for machine (ELF_EM_386 or ELF_EM_68K)
 * and fills *out. Never reads outside buf. */
enum elf_code elf_check(const void *buf, size_t len, uint16_t machine, struct elf_info *out,
			struct elf_error *why);

/* Whether [vaddr, vaddr + len) lies inside a segment of info with all of
 * `flags`; `file_backed` limits the test to the segment's file bytes. */
bool elf_contains(const struct elf_info *info, uint32_t vaddr, uint32_t len, uint32_t flags,
		  bool file_backed);

/* The lowest vaddr of any segment rounded down to a page, and the highest
 * end rounded up: the span a program occupies. */
uint32_t elf_span_low(const struct elf_info *info);
uint32_t elf_span_high(const struct elf_info *info);

/* Applies the relocations of a validated ET_DYN program (info from
 * elf_check of file) loaded with bias (load address of vaddr v = v + bias):
 * mem holds the program's memory from vaddr elf_span_low(info) on. Each
 * R_68K_RELATIVE writes bias + addend, big-endian, at its offset. */
void elf_relocate(const void *file, const struct elf_info *info, uint8_t *mem, uint32_t bias);

/* Relocation i of a validated ET_DYN program: the vaddr it writes and its
 * addend (the link-time vaddr it points at). */
void elf_rela_get(const void *file, const struct elf_info *info, uint32_t i, uint32_t *where,
		  uint32_t *addend);

/* The index of the loadable segment whose memory holds vaddr, its end
 * included (a symbol just past a segment, like _end, is that segment's), or
 * info->nload when none does. */
uint32_t elf_segment_of(const struct elf_info *info, uint32_t vaddr);

/* A one-line explanation, e.g. "program header 2 overlaps program header 1". */
int elf_describe(const struct elf_error *why, char *buf, size_t size);

/* Short name of a code ("segment overlap"), for tests and dumps. */
const char *elf_code_name(enum elf_code code);

#endif
