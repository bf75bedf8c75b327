/* Random invocations and the guards that keep the fuzzer running.
 *
 * Excluded, because they would legitimately end or block the fuzzer:
 *  - SELF_OP_EXIT, RANGE_OP_DESTROY of a Process capability to the fuzzer or
 *    a peer (found by SELF_OP_PID on the capability; the faulting peer only
 *    through the first half of the run, when its fault endpoint stays as
 *    well), and of the badged endpoints the peers use (found by their
 *    badge; the faulting peer's, too, while it is spared);
 *  - RANGE_OP_DESTROY_AT of an object the fuzzer did not make: its words name
 *    an object address it recorded, a slot past any pot's capacity or a
 *    frame beyond any RAM; RANGE_WHOLE_FRAME only with a slot, which is
 *    refused (a pot the fuzzer fills may hold boot objects: itself, peers);
 *  - blocking: SEND, CALL, RECV and REPLY_RECV always carry INV_F_NONBLOCK (a
 *    CALL to the serving peer still waits for its reply), SLEEP_OP_TICKS too
 *    unless 0;
 *  - PROC_OP_UPCALL_WAIT always carries INV_F_NONBLOCK (alarms the fuzzer
 *    arms and notifications fill its upcall slots: drops are counted);
 *  - PROC_OP_START always asks for priority >= 32, so it is refused: a start
 *    runs code at a chosen pc, which without an MMU (ColdFire) could be
 *    anywhere (the driver's spawn tests start processes for real);
 *  - CONSOLE_OP_WRITE of 1..16 bytes becomes 0 bytes, keeping the log
 *    parseable (lengths > 16 and bad flags still go in);
 *  - registers 14 and 15 (printf's console, the vault) are never named.
 * Biased, not excluded: a quarter of the creates make a GrantFrame, half
 * of those in F_GRANT, which half of the PROC_OP_GRANT_MEMs send; half of
 * the maps send the fuzzer's Page (made anew once the fuzz destroyed it) to
 * a user address of a 4 MiB window (ColdFire: its own address), and half of
 * the unmaps name an address a map returned in the same process, so tables
 * fill, empty and return; a third of the answers (REPLY_OP_REPLY,
 * EP_OP_REPLY_RECV), and half of the calling peer's calls the fuzzer
 * receives, are answered by making or destroying a Page through F_RANGE
 * at a frame the fuzzer holds or an object it made (the rest stay random).
 * Everything else is random: unknown ops, stale, empty and out-of-range
 * indices, CAP_SELF, CAP_REPLY, CapPage indices, huge words, kernel
 * addresses, send_cap, recv_slot and flags. */
#include "fuzz.h"

static uint32_t fuzz_state;
uint32_t fuzz_pids[3], fuzz_victim_pid;
bool fuzz_victim_spared;

void fuzz_seed(uint32_t seed)
{
	fuzz_state = seed ? seed : 1;
}

uint32_t fuzz_rand(void)
{
	uint32_t x = fuzz_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	fuzz_state = x;
	return x;
}

static uint32_t fuzz_below(uint32_t n)
{
	return fuzz_rand() % n;
}

/* An index the fuzzer may name: a register, a CapPage slot, CAP_REPLY,
 * CAP_SELF, CAP_NONE or anything else but 14 and 15. */
static unsigned fuzz_index(void)
{
	unsigned r = fuzz_below(100), i;

	if (r < 40)
		return fuzz_below(F_RESTORED);
	if (r < 55)
		return fuzz_below(F_FUZZED);
	if (r < 70)
		return CAP_EXT_FIRST + fuzz_below(r < 65 ? 5 : 16);
	if (r < 76)
		return CAP_REPLY;
	if (r < 82)
		return CAP_SELF;
	if (r < 86)
		return CAP_NONE;
	i = fuzz_below(256);
	return i == F_KEEP_CONSOLE || i == F_VAULT ? CAP_REPLY - 1 : i;
}

static const uint32_t fuzz_specials[] = {
	0,	     1,		  2,	     0xffffffffu, 0x80000000u, 0x7fffffffu,
	0xfffff000u, RANGE_ANY,	  0x1000,    0xc0000000u, 0xbffff000u, 0x00400000u,
	0x40000000u, 0xfffffffeu, CAP_REPLY, CAP_SELF,	  CAP_NONE,    253 + 256,
};

static uint32_t fuzz_word(void)
{
	uint64_t pa;

	switch (fuzz_below(10)) {
	case 0:
		return fuzz_below(20);
	case 1:
		return CAP_EXT_FIRST + fuzz_below(240);
	case 2:
		return fuzz_rand();
	case 3:
		return fuzz_specials[fuzz_below(sizeof fuzz_specials / sizeof fuzz_specials[0])];
	case 4: /* the kernel's half (i386) and the kernel's RAM (ColdFire) */
		return (fuzz_below(2) ? 0xc0000000u : 0x40000000u) + (fuzz_rand() & 0x0ffff000u);
	case 5: /* user pages */
		return 0x00800000u + fuzz_below(4096) * 0x1000u;
	case 6:
		pa = fuzz_known_pa();
		return pa ? (uint32_t)pa : fuzz_rand();
	case 7:
		return 1u << fuzz_below(12);
	default:
		return fuzz_below(9);
	}
}

/* How many ops each type has (abi.h). */
static unsigned fuzz_ops_of(unsigned type)
{
	static const unsigned char ops[CT_COUNT] = {
		[CT_CONSOLE] = 1,  [CT_SLEEP] = 4,	  [CT_MEMINFO] = 2,
		[CT_RANGE] = 7,	   [CT_DEVICE_RANGE] = 2, [CT_PROCESS] = 10,
		[CT_ENDPOINT] = 6, [CT_REPLY] = 1,	  [CT_CAPPAGE] = 2,
	};

	return type < CT_COUNT && ops[type] ? ops[type] : 4;
}

/* A valid op of type: Process has 0..9 and the grant ops 16..19. */
static unsigned fuzz_op_of(unsigned type)
{
	unsigned op;

	if (type != CT_PROCESS)
		return fuzz_below(fuzz_ops_of(type));
	op = fuzz_below(fuzz_ops_of(type) + PROC_OP_NOTIFY - PROC_OP_GRANT_MEM + 1);
	return op < fuzz_ops_of(type) ? op : op - fuzz_ops_of(type) + PROC_OP_GRANT_MEM;
}

/* Type, badge and (Process) pid of the capability at index; false when the
 * index names none that works. */
static bool fuzz_what(unsigned index, unsigned *type, uint32_t *badge, uint32_t *pid)
{
	struct msg m = { { 0 }, 0 };

	*type = CT_NULL;
	*badge = 0;
	*pid = 0;
	if (index > 0xff || invoke(index, CAP_OP_IDENTIFY, CAP_NONE, CAP_NONE, 0, &m) != INV_OK)
		return false;
	*type = m.w[0];
	*badge = m.w[2];
	if (*type == CT_PROCESS) {
		m = (struct msg){ { 0 }, 0 };
		if (invoke(index, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, &m) == INV_OK)
			*pid = m.w[0];
	}
	return true;
}

static bool fuzz_protected(unsigned type, uint32_t badge, uint32_t pid)
{
	if (type == CT_PROCESS)
		return pid == fuzz_pids[0] || pid == fuzz_pids[1] || pid == fuzz_pids[2] ||
		       (fuzz_victim_spared && pid == fuzz_victim_pid);
	if (type == CT_ENDPOINT)
		return badge == FUZZ_BADGE_SERVE || badge == FUZZ_BADGE_CALLS ||
		       (fuzz_victim_spared && badge == FUZZ_BADGE_SPARE);
	return false;
}

#if defined(__i386__)
/* A long message's buffer the kernel must not write (fuzz_call.bad_buffer). */
static uint32_t fuzz_bad_buffer(void)
{
	static uint32_t words[MSG_WORDS];

	switch (fuzz_below(4)) {
	case 0:
		return (uint32_t)(uintptr_t)&words[MSG_REG_WORDS] + 1u + fuzz_below(3);
	case 1:
		return 0xc0000000u + (fuzz_rand() & 0x3ffffffcu); /* the kernel half */
	case 2:
		return fuzz_rand() & 0xffcu;
	default:
		return (uint32_t)(uintptr_t)fuzz_gen & ~3u;
	}
}
#endif

void fuzz_gen(struct fuzz_call *c)
{
	unsigned type, r;
	uint32_t badge, pid;

	c->cap = fuzz_index();
	fuzz_what(c->cap, &type, &badge, &pid);
	r = fuzz_below(100);
	if (r < 60)
		c->op = fuzz_op_of(type);
	else if (r < 80)
		c->op = CAP_OP_IDENTIFY + fuzz_below(4);
	else if (r < 90)
		c->op = fuzz_below(256);
	else
		c->op = fuzz_below(10);
	for (unsigned i = 0; i < MSG_WORDS; i++)
		c->w[i] = fuzz_word();
	c->send_cap = fuzz_below(2) ? CAP_NONE : fuzz_index();
	r = fuzz_below(10);
	c->recv_slot = r < 4 ? CAP_NONE : r < 8 ? fuzz_below(F_FUZZED) : fuzz_index();
	r = fuzz_below(20);
	c->flags = r < 12 ? 0 : r < 17 ? INV_F_NONBLOCK : fuzz_rand() >> fuzz_below(32);
	/* A quarter of them long (doc/abi.md, "Long messages"). */
	if (fuzz_below(4) == 0)
		c->flags |= INV_F_LONG;
	c->bad_buffer = 0;
	c->page_answer = false;
#if defined(__i386__)
	if ((c->flags & INV_F_LONG) && fuzz_below(4) == 0)
		c->bad_buffer = fuzz_bad_buffer();
#endif
}

/* DESTROY_AT names a recorded object, a slot past any pot or a frame past
 * any RAM;
 * on ColdFire also one of the fuzzer's own program or stack pages (a user
 * address is the frame there), which must be refused: owned pages die with
 * their process. */
static void fuzz_destroy_at_words(struct fuzz_call *c)
{
	uint64_t pa = fuzz_known_pa();
	uint32_t own[3] = { (uint32_t)(uintptr_t)&fuzz_state, (uint32_t)(uintptr_t)fuzz_rand,
			    (uint32_t)(uintptr_t)&pa };

	switch (fuzz_below(4)) {
	case 3:
#if defined(__mcoldfire__)
		c->w[0] = own[fuzz_below(3)] & ~0xfffu;
		c->w[1] = 0;
		break;
#else
		(void)own;
		/* fall through */
#endif
	case 0:
		if (pa) {
			msg_put_u64(c->w, pa);
			break;
		}
		/* fall through */
	case 1:
		c->w[0] |= POT_SLOTS_MAX + fuzz_below(0x1000 - POT_SLOTS_MAX);
		break;
	default:
		c->w[1] |= 0x10000u;
		break;
	}
	if (c->w[2] & RANGE_WHOLE_FRAME)
		c->w[0] |= 1u; /* a slot with the whole frame: refused */
}

void fuzz_page_answer(struct fuzz_call *c)
{
	static const uint32_t how[] = { INV_F_PAGE_MAKE, INV_F_PAGE_MAKE | INV_F_PAGE_UNZEROED,
					INV_F_PAGE_DESTROY };
	uint64_t pa;

	c->send_cap = F_RANGE;
	c->flags = how[fuzz_below(3)];
	c->page_answer = true;
	/* mostly a frame it holds to make in, an object it made to destroy */
	pa = (c->flags == INV_F_PAGE_DESTROY) == (fuzz_below(4) != 0) ? fuzz_known_pa()
								      : fuzz_known_held();
	if (pa)
		msg_put_u64(&c->w[1], pa);
}

bool fuzz_guard(struct fuzz_call *c)
{
	unsigned type, wtype;
	uint32_t badge, pid, wbadge, wpid, va;

	if (!fuzz_what(c->cap, &type, &badge, &pid))
		return true; /* it fails at the index, empty or stale check */
	if (c->op >= CAP_OP_IDENTIFY)
		return true;
	switch (type) {
	case CT_PROCESS:
		if (c->op == SELF_OP_EXIT && fuzz_protected(type, badge, pid))
			return false;
		if (c->op == PROC_OP_FAULT && fuzz_victim_spared && pid == fuzz_victim_pid)
			return false; /* without its handler a fault stops it */
		if (c->op == PROC_OP_START)
			c->w[3] |= 32;
		if (c->op == PROC_OP_UPCALL_WAIT)
			c->flags |= INV_F_NONBLOCK;
		if (c->op == PROC_OP_GRANT_MEM && fuzz_below(2))
			c->send_cap = F_GRANT;
		if (c->op == PROC_OP_MAP && fuzz_below(2)) {
			c->send_cap = F_PAGE; /* often mappable: a user page near others */
			c->w[0] = 0x00800000u + fuzz_below(1024) * 0x1000u;
#if !defined(__i386__)
			if (fuzz_page_pa) /* no MMU: a page is mapped at its address */
				c->w[0] = (uint32_t)fuzz_page_pa;
#endif
			c->w[1] = 0;
		}
		if (c->op == PROC_OP_UNMAP && fuzz_below(2) && (va = fuzz_known_va(pid)))
			c->w[0] = va;
		return true;
	case CT_ENDPOINT:
		if (c->op == EP_OP_REPLY_RECV && fuzz_below(3) == 0)
			fuzz_page_answer(c);
		if (c->op <= EP_OP_RECV || c->op == EP_OP_REPLY_RECV)
			c->flags |= INV_F_NONBLOCK;
		return true;
	case CT_REPLY:
		if (c->op == REPLY_OP_REPLY && fuzz_below(3) == 0)
			fuzz_page_answer(c);
		return true;
	case CT_SLEEP:
		if (c->op == SLEEP_OP_TICKS && c->w[0])
			c->flags |= INV_F_NONBLOCK;
		return true;
	case CT_CONSOLE:
		if (c->flags <= MSG_REG_WORDS * 4)
			c->flags = 0;
		return true;
	case CT_CAPPAGE:
		if (c->op == CAPPAGE_OP_STORE && (c->w[1] == F_KEEP_CONSOLE || c->w[1] == F_VAULT))
			c->w[1] = F_FUZZED - 1;
		return true;
	case CT_RANGE:
		if (c->op == RANGE_OP_DESTROY_AT)
			fuzz_destroy_at_words(c);
		if (c->op == RANGE_OP_CREATE && fuzz_below(4) == 0) {
			c->w[0] = CT_GRANT_FRAME; /* grant memory to give with PROC_OP_GRANT_MEM */
			if (fuzz_below(2)) { /* anywhere, into F_GRANT */
				c->w[1] = F_GRANT;
				c->w[2] = c->w[3] = RANGE_ANY;
			}
		}
		if (c->op != RANGE_OP_DESTROY)
			return true;
		if (c->w[0] == F_KEEP_CONSOLE || c->w[0] == F_VAULT)
			return false;
		fuzz_what(c->w[0], &wtype, &wbadge, &wpid);
		return !fuzz_protected(wtype, wbadge, wpid);
	default:
		return true;
	}
}
