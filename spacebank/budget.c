/* The kernel's budget events (doc/spacebank.md, "The budget protocol"). The
 * root bank's frame limit follows the budget; a reclaim request is answered
 * by giving back every wholly free chunk and consenting to what the budget
 * holds beyond the frames handed out (the kernel takes only free frames, so
 * what it takes can never be a frame in use). */
#include "bank.h"

/* The last 16 events, for clients (BANK_OP_BUDGET) and the tour. */
#define BUDGET_LOG 16

static struct {
	uint32_t kind, frames;
} budget_log_ring[BUDGET_LOG];
static uint32_t budget_count, budget_frames_now;

static const char *const budget_names[] = {
	"?",	      "conservative",  "relaxed",	 "raised",   "lowered",
	"device-add", "device-remove", "reclaim",	 "overflow", "returned",
	"release",    "boot-freed",    "table-returned",
};

int budget_log(uint32_t i, uint32_t *kind, uint32_t *frames, uint32_t *count)
{
	*count = budget_count;
	if (i >= budget_count || budget_count - i > BUDGET_LOG)
		return BANK_ERR_ARG;
	*kind = budget_log_ring[i % BUDGET_LOG].kind;
	*frames = budget_log_ring[i % BUDGET_LOG].frames;
	return BANK_OK;
}

static void budget_reclaim(uint32_t want, uint32_t slot)
{
	uint32_t given = frames_give_back(), used = bank_table[0].used[BANK_KIND_FRAMES];
	uint32_t spare = budget_frames_now > used ? budget_frames_now - used : 0;
	struct msg m = { { want < spare ? want : spare }, 0 };
	int e = invoke(BANK_R_BUDGET, BUDGET_OP_RECLAIM, CAP_NONE, CAP_NONE, 0, &m);

	printf("bank: reclaim slot=%u asked=%u gave_back=%u spare=%u taken=%u %s\n", (unsigned)slot,
	       (unsigned)want, (unsigned)given, (unsigned)spare, e ? 0u : (unsigned)m.w[0],
	       e			  ? inv_err_name(e)
	       : m.w[1] == BUDGET_ADDED	  ? "added"
	       : m.w[1] == BUDGET_REFUSED ? "refused"
					  : "none");
}

/* RAM wants to leave: every wholly free chunk in it goes back; the kernel
 * then removes the RAM if nothing in it is in use any more. */
static void budget_release(uint32_t base_pfn, uint32_t frames)
{
	uint32_t given = frames_give_back_range(base_pfn, frames);
	struct msg m = { { 0 }, 0 };
	int e = invoke(BANK_R_BUDGET, BUDGET_OP_RANGE_DONE, CAP_NONE, CAP_NONE, 0, &m);

	printf("bank: release pfn=0x%x frames=%u gave_back=%u %s\n", (unsigned)base_pfn,
	       (unsigned)frames, (unsigned)given,
	       e			  ? inv_err_name(e)
	       : m.w[1] == BUDGET_REMOVED ? "removed"
	       : m.w[1] == BUDGET_KEPT	  ? "kept"
					  : "none");
}

void budget_handle(const struct msg *m)
{
	uint32_t kind = BEV_KIND(m->w[0]);

	budget_log_ring[budget_count % BUDGET_LOG].kind = kind;
	budget_log_ring[budget_count % BUDGET_LOG].frames = m->w[1];
	budget_count++;
	budget_frames_now = m->w[1];
	tree_set_limit(&bank_table[0], BANK_KIND_FRAMES, m->w[1]);
	if (kind == BEV_TABLE_RETURNED) { /* one per table: no line each */
		tables_returned(m->w[2], m->w[3]);
		return;
	}
	printf("bank: budget %s=%u%s",
	       kind < sizeof budget_names / sizeof budget_names[0] ? budget_names[kind] : "?",
	       (unsigned)m->w[1], BEV_DROPS(m->w[0]) ? "" : "\n");
	if (BEV_DROPS(m->w[0]))
		printf(" (%u events coalesced)\n", (unsigned)BEV_DROPS(m->w[0]));
	switch (kind) {
	case BEV_DEVICE_ADD:
		devices_added(m->w[2], m->w[3]);
		break;
	case BEV_DEVICE_REMOVE:
		devices_removed(m->w[2]);
		break;
	case BEV_OVERFLOW:
		devices_rescan();
		break;
	case BEV_RECLAIM:
		budget_reclaim(m->w[2], m->w[3]);
		break;
	case BEV_RELEASE_RANGE:
		budget_release(m->w[2], m->w[3]);
		break;
	default:
		break;
	}
}
