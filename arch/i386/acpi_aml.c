/* The ACPI bus-selector walk (acpi_aml.h): declarations only, no interpreter. */
#include "acpi_aml.h"

#define AML_ZERO 0x00
#define AML_ONE 0x01
#define AML_ALIAS 0x06
#define AML_NAME 0x08
#define AML_BYTE 0x0a
#define AML_WORD 0x0b
#define AML_DWORD 0x0c
#define AML_STRING 0x0d
#define AML_QWORD 0x0e
#define AML_SCOPE 0x10
#define AML_BUFFER 0x11
#define AML_PACKAGE 0x12
#define AML_VARPACKAGE 0x13
#define AML_METHOD 0x14
#define AML_EXTERNAL 0x15
#define AML_ROOT '\\'
#define AML_PARENT '^'
#define AML_DUAL 0x2e
#define AML_MULTI 0x2f
#define AML_EXT 0x5b
#define AML_IF 0xa0
#define AML_ELSE 0xa1
#define AML_WHILE 0xa2
#define AML_ONES 0xff
#define AML_EXT_MUTEX 0x01
#define AML_EXT_EVENT 0x02
#define AML_EXT_REGION 0x80
#define AML_EXT_FIELD 0x81
#define AML_EXT_DEVICE 0x82
#define AML_EXT_PROCESSOR 0x83
#define AML_EXT_POWERRES 0x84
#define AML_EXT_THERMAL 0x85
#define AML_EXT_INDEXFIELD 0x86
#define AML_EXT_BANKFIELD 0x87

/* EISA ids of PCI host bridges: PNP0A03 (PCI), PNP0A08 (PCI Express). */
#define EISA_PNP0A03 0x030ad041u
#define EISA_PNP0A08 0x080ad041u

#define AML_NEST_MAX 16
#define AML_HOSTS_MAX 4

/* A scope being walked: a Device or a Scope, by its last name segment. */
struct aml_frame {
	bool device, has_adr, host;
	uint32_t adr;
	uint8_t seg[4];
};

struct aml_walk {
	const uint8_t *p;
	size_t len;
	struct aml_frame stack[AML_NEST_MAX];
	unsigned depth;
	struct acpi_bsel *out;
	unsigned max, *n;
	bool truncated;
	/* Host bridges declared so far, by last name segment: QEMU reopens
	 * them with `Scope (\_SB.PCI0)` to list the root bus's slots. */
	uint8_t hosts[AML_HOSTS_MAX][4];
	unsigned nhosts;
};

/* PkgLength at *pos: sets *end to the end of the package (its length counts
 * its own bytes) and moves *pos past it. */
static bool aml_pkglen(struct aml_walk *w, size_t *pos, size_t limit, size_t *end)
{
	size_t start = *pos;
	uint8_t lead;
	unsigned extra;
	uint32_t v;

	if (*pos >= limit)
		return false;
	lead = w->p[(*pos)++];
	extra = lead >> 6;
	v = extra ? lead & 0x0f : lead & 0x3f;
	if (*pos + extra > limit)
		return false;
	for (unsigned i = 0; i < extra; i++)
		v |= (uint32_t)w->p[(*pos)++] << (4 + 8 * i);
	if (v < *pos - start || v > limit - start)
		return false;
	*end = start + v;
	return true;
}

static bool aml_lead_char(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || c == '_';
}

/* NameString at *pos; *last receives its last segment (4 bytes, or zeros
 * for the null name). */
static bool aml_name(struct aml_walk *w, size_t *pos, size_t limit, uint8_t last[4])
{
	unsigned segs = 1;

	for (unsigned i = 0; i < 4; i++)
		last[i] = 0;
	if (*pos < limit && w->p[*pos] == AML_ROOT)
		(*pos)++;
	else
		while (*pos < limit && w->p[*pos] == AML_PARENT)
			(*pos)++;
	if (*pos >= limit)
		return false;
	if (w->p[*pos] == AML_ZERO) {
		(*pos)++;
		return true;
	}
	if (w->p[*pos] == AML_DUAL) {
		segs = 2;
		(*pos)++;
	} else if (w->p[*pos] == AML_MULTI) {
		if (*pos + 1 >= limit)
			return false;
		segs = w->p[*pos + 1];
		*pos += 2;
	}
	if (segs == 0 || *pos + 4 * (size_t)segs > limit || !aml_lead_char(w->p[*pos]))
		return false;
	for (unsigned i = 0; i < 4; i++)
		last[i] = w->p[*pos + 4 * (segs - 1) + i];
	*pos += 4 * (size_t)segs;
	return true;
}

static bool aml_is(const uint8_t seg[4], const char *want)
{
	return seg[0] == (uint8_t)want[0] && seg[1] == (uint8_t)want[1] &&
	       seg[2] == (uint8_t)want[2] && seg[3] == (uint8_t)want[3];
}

/* An integer constant at *pos. */
static bool aml_integer(struct aml_walk *w, size_t *pos, size_t limit, uint64_t *v)
{
	unsigned bytes;
	uint8_t op;

	if (*pos >= limit)
		return false;
	op = w->p[(*pos)++];
	switch (op) {
	case AML_ZERO:
		*v = 0;
		return true;
	case AML_ONE:
		*v = 1;
		return true;
	case AML_ONES:
		*v = ~0ull;
		return true;
	case AML_BYTE:
		bytes = 1;
		break;
	case AML_WORD:
		bytes = 2;
		break;
	case AML_DWORD:
		bytes = 4;
		break;
	case AML_QWORD:
		bytes = 8;
		break;
	default:
		return false;
	}
	if (*pos + bytes > limit)
		return false;
	*v = 0;
	for (unsigned i = 0; i < bytes; i++)
		*v |= (uint64_t)w->p[*pos + i] << (8 * i);
	*pos += bytes;
	return true;
}

/* The data object of a Name: an integer, or a string, buffer or package
 * (skipped). *is_int says which. */
static bool aml_data(struct aml_walk *w, size_t *pos, size_t limit, uint64_t *v, bool *is_int)
{
	size_t end;
	uint8_t op;

	*is_int = false;
	if (*pos >= limit)
		return false;
	op = w->p[*pos];
	if (op == AML_STRING) {
		while (++(*pos) < limit && w->p[*pos])
			;
		if (*pos >= limit)
			return false;
		(*pos)++;
		return true;
	}
	if (op == AML_BUFFER || op == AML_PACKAGE || op == AML_VARPACKAGE) {
		(*pos)++;
		if (!aml_pkglen(w, pos, limit, &end))
			return false;
		*pos = end;
		return true;
	}
	*is_int = true;
	return aml_integer(w, pos, limit, v);
}

/* The selector's path from the root bus: the _ADRs of the Devices between
 * the innermost host bridge and the scope holding BSEL. */
static void aml_record_bsel(struct aml_walk *w, uint64_t bsel)
{
	struct acpi_bsel b = { (uint32_t)bsel, 0, { 0 } };
	unsigned from = w->depth;

	while (from > 0 && !w->stack[from - 1].host)
		from--;
	if (from == 0)
		return; /* not under a PCI host bridge */
	for (unsigned i = from; i < w->depth; i++) {
		if (!w->stack[i].device || !w->stack[i].has_adr || b.depth == ACPI_BSEL_DEPTH)
			return; /* a scope the walk cannot place on the bus tree */
		b.adr[b.depth++] = w->stack[i].adr;
	}
	if (*w->n < w->max)
		w->out[*w->n] = b;
	(*w->n)++;
}

/* A Name declaration in the current scope. */
static void aml_declare(struct aml_walk *w, const uint8_t seg[4], uint64_t v, bool is_int)
{
	struct aml_frame *f = w->depth ? &w->stack[w->depth - 1] : NULL;

	if (!f || !is_int)
		return;
	if (aml_is(seg, "_ADR") && f->device) {
		f->has_adr = true;
		f->adr = (uint32_t)v;
	} else if (aml_is(seg, "_HID") && f->device) {
		f->host = v == EISA_PNP0A03 || v == EISA_PNP0A08;
		if (f->host && w->nhosts < AML_HOSTS_MAX) {
			for (unsigned i = 0; i < 4; i++)
				w->hosts[w->nhosts][i] = f->seg[i];
			w->nhosts++;
		}
	} else if (aml_is(seg, "BSEL")) {
		aml_record_bsel(w, v);
	}
}

static void aml_terms(struct aml_walk *w, size_t pos, size_t limit);

/* A Scope or Device body: pushed as a frame. A Scope that reopens a host
 * bridge declared before (by its last name segment) is one too. */
static void aml_enter(struct aml_walk *w, size_t pos, size_t limit, bool device,
		      const uint8_t seg[4])
{
	struct aml_frame f = { device, false, false, 0, { seg[0], seg[1], seg[2], seg[3] } };

	if (w->depth == AML_NEST_MAX)
		return;
	for (unsigned i = 0; !device && i < w->nhosts; i++)
		if (w->hosts[i][0] == seg[0] && w->hosts[i][1] == seg[1] &&
		    w->hosts[i][2] == seg[2] && w->hosts[i][3] == seg[3])
			f.host = true;
	w->stack[w->depth++] = f;
	aml_terms(w, pos, limit);
	w->depth--;
}

/* Skips a PkgLength-delimited object at *pos (just past its opcode). */
static bool aml_skip_pkg(struct aml_walk *w, size_t *pos, size_t limit)
{
	size_t end;

	if (!aml_pkglen(w, pos, limit, &end))
		return false;
	*pos = end;
	return true;
}

/* One extended (0x5b) object at *pos, just past the 0x5b: false ends the
 * term list. */
static bool aml_ext(struct aml_walk *w, size_t *pos, size_t limit)
{
	uint8_t seg[4], op;
	uint64_t v;
	size_t end;

	if (*pos >= limit)
		return false;
	op = w->p[(*pos)++];
	switch (op) {
	case AML_EXT_DEVICE:
		if (!aml_pkglen(w, pos, limit, &end) || !aml_name(w, pos, end, seg))
			return false;
		aml_enter(w, *pos, end, true, seg);
		*pos = end;
		return true;
	case AML_EXT_MUTEX:
		if (!aml_name(w, pos, limit, seg) || *pos >= limit)
			return false;
		(*pos)++;
		return true;
	case AML_EXT_EVENT:
		return aml_name(w, pos, limit, seg);
	case AML_EXT_REGION:
		if (!aml_name(w, pos, limit, seg) || *pos >= limit)
			return false;
		(*pos)++; /* region space */
		return aml_integer(w, pos, limit, &v) && aml_integer(w, pos, limit, &v);
	case AML_EXT_FIELD:
	case AML_EXT_PROCESSOR:
	case AML_EXT_POWERRES:
	case AML_EXT_THERMAL:
	case AML_EXT_INDEXFIELD:
	case AML_EXT_BANKFIELD:
		return aml_skip_pkg(w, pos, limit);
	default:
		return false;
	}
}

/* A term list [pos, limit): every declaration the walk knows; the first
 * object it does not know ends the list. */
static void aml_terms(struct aml_walk *w, size_t pos, size_t limit)
{
	while (pos < limit) {
		uint8_t op = w->p[pos++], seg[4];
		uint64_t v = 0;
		bool is_int, ok;
		size_t end;

		switch (op) {
		case AML_SCOPE:
			ok = aml_pkglen(w, &pos, limit, &end) && aml_name(w, &pos, end, seg);
			if (ok) {
				aml_enter(w, pos, end, false, seg);
				pos = end;
			}
			break;
		case AML_NAME:
			ok = aml_name(w, &pos, limit, seg) && aml_data(w, &pos, limit, &v, &is_int);
			if (ok)
				aml_declare(w, seg, v, is_int);
			break;
		case AML_METHOD:
		case AML_IF:
		case AML_ELSE:
		case AML_WHILE:
			ok = aml_skip_pkg(w, &pos, limit);
			break;
		case AML_ALIAS:
			ok = aml_name(w, &pos, limit, seg) && aml_name(w, &pos, limit, seg);
			break;
		case AML_EXTERNAL:
			ok = aml_name(w, &pos, limit, seg) && pos + 2 <= limit;
			pos += 2;
			break;
		case AML_EXT:
			ok = aml_ext(w, &pos, limit);
			break;
		default:
			return; /* not a declaration the walk knows: the list ends */
		}
		if (!ok) {
			w->truncated = true;
			return;
		}
	}
}

bool acpi_aml_find_bsel(const uint8_t *aml, size_t len, struct acpi_bsel *out, unsigned max,
			unsigned *n)
{
	struct aml_walk w;

	w.p = aml;
	w.len = len;
	w.depth = 0;
	w.out = out;
	w.max = max;
	w.n = n;
	w.truncated = false;
	w.nhosts = 0;
	aml_terms(&w, 0, len);
	return !w.truncated;
}
