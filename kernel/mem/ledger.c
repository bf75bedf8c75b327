/* The frame ledger (kernel/include/kernel/ledger.h). */
#include <lib/fmt.h>
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>

struct ledger_book ledger;

static const char *const ledger_state_names[LEDGER_STATE_COUNT + 1] = {
	[LEDGER_IMAGE] = "image",
	[LEDGER_FIXED_HEAP] = "fixed_heap",
	[LEDGER_HEADER_REGION] = "header_region",
	[LEDGER_RESERVE] = "reserve",
	[LEDGER_BANKED] = "banked",
	[LEDGER_DEVICE] = "device",
	[LEDGER_BOOT] = "boot",
	[LEDGER_OBJECTS] = "objects",
	[LEDGER_ABSENT] = "absent",
};

const char *ledger_state_name(unsigned state)
{
	return state <= LEDGER_ABSENT ? ledger_state_names[state] : "?";
}

unsigned ledger_state_of_type(unsigned type)
{
	switch (type) {
	case PT_FREE:
	case PT_HELD:
		return LEDGER_BANKED;
	case PT_IMAGE:
		return LEDGER_IMAGE;
	case PT_BOOT:
		return LEDGER_BOOT;
	case PT_HEAP:
		return LEDGER_FIXED_HEAP;
	case PT_HDR:
		return LEDGER_HEADER_REGION;
	case PT_RESERVE:
		return LEDGER_RESERVE;
	case PT_DEVICE:
		return LEDGER_DEVICE;
	case PT_OBJ_PAGE:
	case PT_OBJ_CAPPAGE:
	case PT_OBJ_PROCESS:
	case PT_OBJ_ENDPOINT:
	case PT_OBJ_TABLE:
	case PT_OBJ_GRANT:
		return LEDGER_OBJECTS;
	default:
		return LEDGER_ABSENT; /* no frame may carry an unknown type */
	}
}

void ledger_init(void)
{
	for (unsigned i = 0; i < LEDGER_STATE_COUNT; i++)
		ledger.count[i] = 0;
	ledger.total = 0;
	ledger.banked_sealed = false;
}

void ledger_move(unsigned from, unsigned to, uint64_t n)
{
	if (from > LEDGER_ABSENT || to > LEDGER_ABSENT)
		panic("ledger: move of %llu frames between bad states %u -> %u",
		      (unsigned long long)n, from, to);
	if (from == LEDGER_BANKED && to != LEDGER_OBJECTS && ledger.banked_sealed && n)
		panic("ledger: %llu frames taken from banked after the budget was relaxed "
		      "(banked=%llu)",
		      (unsigned long long)n, (unsigned long long)ledger.count[LEDGER_BANKED]);
	/* 32-bit counts (ledger.h): what grows may not pass 2^32 - 1 */
	if ((to != LEDGER_ABSENT && n > UINT32_MAX - ledger.count[to]) ||
	    (from == LEDGER_ABSENT && n > UINT32_MAX - ledger.total))
		panic("ledger: move of %llu frames %s -> %s would pass 2^32 frames",
		      (unsigned long long)n, ledger_state_names[from], ledger_state_names[to]);
	if (from == LEDGER_ABSENT) {
		ledger.total += n;
	} else {
		if (ledger.count[from] < n)
			panic("ledger: move of %llu frames %s -> %s but %s holds %llu",
			      (unsigned long long)n, ledger_state_names[from],
			      ledger_state_names[to], ledger_state_names[from],
			      (unsigned long long)ledger.count[from]);
		ledger.count[from] -= n;
	}
	if (to == LEDGER_ABSENT)
		ledger.total -= n;
	else
		ledger.count[to] += n;
}

/* Out of line and cold: ledger_object_made and _freed (ledger.h) inline. */
__attribute__((noinline, cold)) void ledger_object_underflow(unsigned from, unsigned to)
{
	ledger_move(from, to, 1);
}

void ledger_seal_banked(void)
{
	ledger.banked_sealed = true;
}

bool ledger_banked_sealed(void)
{
	return ledger.banked_sealed;
}

void ledger_reclaim_banked(uint64_t n)
{
	bool sealed = ledger.banked_sealed;

	ledger.banked_sealed = false;
	ledger_move(LEDGER_BANKED, LEDGER_ABSENT, n);
	ledger.banked_sealed = sealed;
}

void ledger_reclaim_to_reserve(uint64_t n)
{
	bool sealed = ledger.banked_sealed;

	ledger.banked_sealed = false;
	ledger_move(LEDGER_BANKED, LEDGER_RESERVE, n);
	ledger.banked_sealed = sealed;
}

uint64_t ledger_count(unsigned state)
{
	return state < LEDGER_STATE_COUNT ? ledger.count[state] : 0;
}

uint64_t ledger_total(void)
{
	return ledger.total;
}

static enum err ledger_mismatch(struct ledger_mismatch *m, unsigned what, uint64_t expected,
				uint64_t found)
{
	m->what = what;
	m->expected = expected;
	m->found = found;
	return ERR_INVAL;
}

enum err ledger_verify(struct ledger_mismatch *m)
{
	uint64_t seen[LEDGER_STATE_COUNT + 1] = { 0 };

	/* The states sum to the total by construction: ledger_move changes the
	 * total by exactly what enters or leaves through LEDGER_ABSENT. */
	for (struct range *r = range_first(); r; r = range_next(r))
		for (uint64_t i = 0; i < r->frames; i++) {
			const struct page_common *h = pagehdr_at(r, i);

			if (h->range_id != r->id)
				return ledger_mismatch(m, LEDGER_ABSENT, r->id, h->range_id);
			seen[ledger_state_of_type(h->type)]++;
		}
	if (seen[LEDGER_ABSENT])
		return ledger_mismatch(m, LEDGER_ABSENT, 0, seen[LEDGER_ABSENT]);
	for (unsigned s = 0; s < LEDGER_STATE_COUNT; s++)
		if (seen[s] != ledger.count[s])
			return ledger_mismatch(m, s, ledger.count[s], seen[s]);
	return ERR_OK;
}

void ledger_check(void)
{
	struct ledger_mismatch m;

	if (ledger_verify(&m) == ERR_OK)
		return;
	if (m.what == LEDGER_ABSENT && m.expected)
		panic("ledger: a header of range %llu names range %llu",
		      (unsigned long long)m.expected, (unsigned long long)m.found);
	if (m.what == LEDGER_ABSENT)
		panic("ledger: %llu headers carry an unknown page type (expected 0)",
		      (unsigned long long)m.found);
	panic("ledger: %s=%llu but %llu headers are in that state", ledger_state_names[m.what],
	      (unsigned long long)m.expected, (unsigned long long)m.found);
}

int ledger_format(char *buf, size_t size)
{
	int n = fmt_snprintf(buf, size, "ledger: total=%llu", (unsigned long long)ledger.total);

	for (unsigned s = 0; s < LEDGER_STATE_COUNT; s++) {
		if (n < 0 || (size_t)n >= size)
			break;
		n += fmt_snprintf(buf + n, size - n, " %s=%llu", ledger_state_names[s],
				  (unsigned long long)ledger.count[s]);
	}
	return n;
}

void ledger_print(void)
{
	char line[192];

	ledger_format(line, sizeof(line));
	kprintf("%s\n", line);
}
