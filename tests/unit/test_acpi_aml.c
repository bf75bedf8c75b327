/* The ACPI bus-selector walk (arch/i386/acpi_aml.c), compiled for the host,
 * on AML built here the way QEMU lays out its DSDT. */
#include <stdlib.h>
#include <string.h>

#include "../../arch/i386/acpi_aml.h"
#include "unit.h"

static uint8_t aml[4096];
static size_t at;
static size_t open_pkg[8];
static unsigned opened;

static void emit(const void *p, size_t n)
{
	ck_assert_uint_le(at + n, sizeof(aml));
	memcpy(aml + at, p, n);
	at += n;
}

static void byte(uint8_t b)
{
	emit(&b, 1);
}

/* Opens a package: its PkgLength (3 bytes, patched by close_pkg) follows
 * the opcode bytes already emitted. */
static void open_pkgl(void)
{
	open_pkg[opened++] = at;
	emit("\0\0\0", 3);
}

static void close_pkg(void)
{
	size_t start = open_pkg[--opened], len = at - start;

	aml[start] = (uint8_t)(0x80 | (len & 0x0f));
	aml[start + 1] = (uint8_t)(len >> 4);
	aml[start + 2] = (uint8_t)(len >> 12);
}

static void scope(const char *path)
{
	byte(0x10);
	open_pkgl();
	emit(path, strlen(path));
}

static void device(const char *seg)
{
	emit("\x5b\x82", 2);
	open_pkgl();
	emit(seg, 4);
}

static void name_dword(const char *seg, uint32_t v)
{
	byte(0x08);
	emit(seg, 4);
	byte(0x0c);
	for (unsigned i = 0; i < 4; i++)
		byte((uint8_t)(v >> (8 * i)));
}

static void name_byte(const char *seg, uint8_t v)
{
	byte(0x08);
	emit(seg, 4);
	byte(0x0a);
	byte(v);
}

static void method(const char *seg)
{
	byte(0x14);
	open_pkgl();
	emit(seg, 4);
	byte(0x00); /* flags */
	emit("\x70\x01\x60", 3); /* Store (One, Local0): code the walk never reads */
	close_pkg();
}

/* QEMU's shape: the host bridge declared in \_SB, reopened by a Scope that
 * lists the root bus's slots, a bridge at 00:05.0 with a bridge at its
 * device 1 behind it, an OperationRegion and a Field before the slots. */
static void qemu_like(void)
{
	at = opened = 0;
	scope("\\_SB_");
	device("PCI0");
	name_dword("_HID", 0x030ad041u);
	name_byte("_ADR", 0);
	method("_OSC");
	close_pkg();
	close_pkg();
	scope("\\\x2e_SB_PCI0");
	emit("\x5b\x80PCST\x01\x0b\x00\xae\x0a\x08", 12); /* OperationRegion, SystemIO */
	emit("\x5b\x81", 2);
	open_pkgl();
	emit("PCST\x43\x50\x43\x49\x55\x20", 10); /* a field list, skipped whole */
	close_pkg();
	emit("\x08"
	     "BSEL\x00",
	     6);
	device("S00_");
	name_byte("_ADR", 0);
	close_pkg();
	device("S28_");
	name_dword("_ADR", 0x00050000u);
	emit("\x08"
	     "BSEL\x01",
	     6);
	device("S08_");
	name_dword("_ADR", 0x00010000u);
	name_byte("BSEL", 2);
	close_pkg();
	method("PCNT");
	close_pkg();
	method("PCNT");
	close_pkg();
}

START_TEST(aml_finds_qemu_selectors)
{
	struct acpi_bsel b[4];
	unsigned n = 0;

	qemu_like();
	ck_assert(acpi_aml_find_bsel(aml, at, b, 4, &n));
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(b[0].bsel, 0);
	ck_assert_uint_eq(b[0].depth, 0);
	ck_assert_uint_eq(b[1].bsel, 1);
	ck_assert_uint_eq(b[1].depth, 1);
	ck_assert_uint_eq(b[1].adr[0], 0x00050000u);
	ck_assert_uint_eq(b[2].bsel, 2);
	ck_assert_uint_eq(b[2].depth, 2);
	ck_assert_uint_eq(b[2].adr[0], 0x00050000u);
	ck_assert_uint_eq(b[2].adr[1], 0x00010000u);
}
END_TEST

START_TEST(aml_counts_more_than_it_stores)
{
	struct acpi_bsel b[1];
	unsigned n = 0;

	qemu_like();
	ck_assert(acpi_aml_find_bsel(aml, at, b, 1, &n));
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(b[0].bsel, 0);
}
END_TEST

/* Every cut of the table ends cleanly: what was found before stays, a cut
 * inside an object is reported, and nothing is read past the end (ASan). */
START_TEST(aml_truncated_tables)
{
	struct acpi_bsel b[4];
	size_t full;

	qemu_like();
	full = at;
	for (size_t cut = 0; cut < full; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		unsigned n = 0;

		memcpy(copy, aml, cut);
		acpi_aml_find_bsel(copy, cut, b, 4, &n);
		ck_assert_uint_le(n, 3);
		free(copy);
	}
	{
		unsigned n = 0;

		ck_assert(!acpi_aml_find_bsel(aml, full - 1, b, 4, &n));
	}
}
END_TEST

/* An opcode the walk does not know ends the scope it is in, not the table;
 * a selector outside any PCI host bridge is not one. */
START_TEST(aml_unknown_opcode_ends_its_scope_only)
{
	struct acpi_bsel b[4];
	unsigned n = 0;

	at = opened = 0;
	scope("\\_SB_");
	device("PCI0");
	name_dword("_HID", 0x080ad041u); /* PNP0A08 */
	emit("\x70\x01\x60", 3); /* Store: ends PCI0's list */
	name_byte("BSEL", 7);
	close_pkg();
	device("PCI1");
	name_dword("_HID", 0x030ad041u);
	name_byte("BSEL", 4);
	close_pkg();
	close_pkg();
	scope("\\_GPE");
	name_byte("BSEL", 9);
	close_pkg();
	ck_assert(acpi_aml_find_bsel(aml, at, b, 4, &n));
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(b[0].bsel, 4);
	ck_assert_uint_eq(b[0].depth, 0);
}
END_TEST

/* A one-byte PkgLength, a string and a package as Name values, and a
 * bridge Device without _ADR (its selector cannot be placed). */
START_TEST(aml_short_packages_and_other_values)
{
	static const uint8_t t[] = {
		0x5b, 0x82, 0x2d, 'P', 'C', 'I',  '0', /* Device (PCI0), 45 bytes */
		0x08, '_',  'H',  'I', 'D', 0x0c, 0x41, 0xd0, 0x0a, 0x03, /* EisaId PNP0A03 */
		0x08, '_',  'U',  'I', 'D', 0x0d, 'x',	0x00, /* a string */
		0x08, 'P',  'K',  'G', '_', 0x12, 0x03, 0x01, 0x00, /* Package (1) { Zero } */
		0x5b, 0x82, 0x0b, 'S', '1', '0',  '_', /* Device without _ADR */
		0x08, 'B',  'S',  'E', 'L', 0x01, /* ... holds BSEL 1 */
	};
	struct acpi_bsel b[4];
	unsigned n = 0;

	ck_assert(acpi_aml_find_bsel(t, sizeof(t), b, 4, &n));
	ck_assert_uint_eq(n, 0);
}
END_TEST

Suite *acpi_aml_suite(void)
{
	Suite *s = suite_create("acpi_aml");
	TCase *tc = tcase_create("acpi_aml");

	tcase_add_test(tc, aml_finds_qemu_selectors);
	tcase_add_test(tc, aml_counts_more_than_it_stores);
	tcase_add_test(tc, aml_truncated_tables);
	tcase_add_test(tc, aml_unknown_opcode_ends_its_scope_only);
	tcase_add_test(tc, aml_short_packages_and_other_values);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(acpi_aml)
