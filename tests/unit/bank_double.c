/* A host double of the kernel invocations of the space bank (bank_double.h):
 * each call checks its arguments as the kernel would, updates the fake state
 * and records any call the kernel would refuse in bdbl.misuse. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <arroyo/user.h>
#include <lib/poolmap.h>

#include "bank_double.h"
#include "bank_host/invoke.h"

struct bank_double bdbl;

_Static_assert(BDBL_POOLS_MAX == POOL_MAX, "the double can describe a full registry");

void bdbl_reset(unsigned kva_chunks)
{
	memset(&bdbl, 0, sizeof bdbl);
	bdbl.kva_chunks = kva_chunks;
	bdbl.stride = BDBL_CHUNK_FRAMES;
	bdbl.reg[1] = CT_RANGE;
	bdbl.reg[2] = CT_BUDGET;
	bdbl.reg[3] = CT_ENDPOINT;
	bdbl.npools = BDBL_POOLS;
	bdbl.pool[BDBL_POOL_LOW] = (struct bdbl_pool){ .name = "low",
						       .start = BDBL_KVA_BASE,
						       .length = 0xc0000000ull - BDBL_KVA_BASE };
	bdbl.pool[BDBL_POOL_HIGH] = (struct bdbl_pool){ .name = "high",
							.start = BDBL_HIGH_BASE,
							.length = 0x80000000ull };
	bdbl.small_pool = BDBL_POOLS_MAX;
}

unsigned bdbl_add_small_pool(void)
{
	unsigned id = bdbl.npools++;

	bdbl.pool[id] = (struct bdbl_pool){ .name = "small",
					    .start = BDBL_SMALL_BASE,
					    .length = BDBL_SMALL_FRAMES * 4096ull,
					    .layer = POOL_LAYER_SYSTEM };
	bdbl.small_pool = id;
	if (bdbl.kva_chunks > 15)
		bdbl.kva_chunks = 15;
	return id;
}

static void misuse(const char *what, uint64_t v)
{
	if (!bdbl.misuse++)
		snprintf(bdbl.why, sizeof bdbl.why, "%s (0x%llx)", what, (unsigned long long)v);
}

static uint64_t chunk_pa(unsigned i)
{
	if (i == BDBL_CHUNKS)
		return BDBL_SMALL_BASE;
	return i < bdbl.kva_chunks
		       ? BDBL_KVA_BASE + (uint64_t)i * bdbl.stride * 4096
		       : BDBL_HIGH_BASE + (uint64_t)(i - bdbl.kva_chunks) * bdbl.stride * 4096;
}

/* The chunk holding pa (BDBL_CHUNKS: the small pool's frames), or -1. */
static int chunk_of(uint64_t pa)
{
	for (unsigned i = 0; i < BDBL_CHUNKS; i++)
		if (pa >= chunk_pa(i) && pa < chunk_pa(i) + BDBL_CHUNK_FRAMES * 4096ull)
			return (int)i;
	if (bdbl.small_pool < bdbl.npools && pa >= BDBL_SMALL_BASE &&
	    pa < BDBL_SMALL_BASE + BDBL_SMALL_FRAMES * 4096ull)
		return BDBL_CHUNKS;
	return -1;
}

static unsigned chunk_held(unsigned c)
{
	unsigned n = 0;

	for (unsigned k = 0; k < BDBL_CHUNK_FRAMES; k++)
		n += bdbl.held[c][k];
	return n;
}

uint32_t bdbl_held_frames(void)
{
	uint32_t n = 0;

	for (unsigned i = 0; i <= BDBL_CHUNKS; i++)
		n += chunk_held(i);
	return n;
}

/* Slots a frame of object type holds: 1 for whole-frame types. */
static unsigned pot_capacity(unsigned type)
{
	return type == CT_PROCESS    ? BDBL_POT_PROCESSES
	       : type == CT_ENDPOINT ? BDBL_POT_ENDPOINTS
				     : 1;
}

static unsigned live_slots(const uint32_t *bits)
{
	unsigned n = 0;

	for (unsigned w = 0; w < BDBL_POT_MAX / 32; w++)
		n += (unsigned)__builtin_popcount(bits[w]);
	return n;
}

/* Objects in frame k of chunk c. */
static unsigned frame_objects(unsigned c, unsigned k)
{
	if (!bdbl.object[c][k])
		return 0;
	return pot_capacity(bdbl.object[c][k]) > 1 ? live_slots(bdbl.slots[c][k]) : 1;
}

unsigned bdbl_objects(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i <= BDBL_CHUNKS; i++)
		for (unsigned k = 0; k < BDBL_CHUNK_FRAMES; k++)
			n += frame_objects(i, k);
	return n;
}

void bdbl_kernel_destroyed(uint64_t pa)
{
	int c = chunk_of(pa);

	if (c < 0 || !bdbl.object[c][(pa >> 12) & (BDBL_CHUNK_FRAMES - 1)])
		misuse("kernel_destroyed: no object there", pa);
	else
		bdbl.object[c][(pa >> 12) & (BDBL_CHUNK_FRAMES - 1)] = 0;
}

unsigned bdbl_frames(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i <= BDBL_CHUNKS; i++)
		for (unsigned k = 0; k < BDBL_CHUNK_FRAMES; k++)
			n += bdbl.object[i][k] != 0;
	return n;
}

/* One frame of the small pool (the only one the fake Range hands out singly). */
static int range_take_single(unsigned pool, struct msg *m)
{
	if (pool != bdbl.small_pool)
		return INV_ERR_NO_FRAMES;
	for (unsigned k = 0; k < BDBL_SMALL_FRAMES; k++) {
		if (bdbl.held[BDBL_CHUNKS][k])
			continue;
		bdbl.held[BDBL_CHUNKS][k] = true;
		bdbl.takes++;
		bdbl.single_takes++;
		msg_put_u64(&m->w[0], BDBL_SMALL_BASE + (uint64_t)k * 4096);
		return INV_OK;
	}
	return INV_ERR_NO_FRAMES;
}

static int range_take(struct msg *m)
{
	uint64_t at = (uint64_t)m->w[3] << 32 | m->w[2];

	unsigned pool = RANGE_TAKE_POOL_OF(m->w[1]);

	if ((m->w[0] != BDBL_CHUNK_FRAMES && m->w[0] != 1) ||
	    (m->w[1] & ~(RANGE_TAKE_KVA | RANGE_TAKE_POOL(0xfe))) ||
	    (pool != POOL_ANY && pool >= bdbl.npools))
		misuse("take: frames, flags or pool", m->w[0]);
	if (m->w[0] == 1) /* failure injection counts whole-chunk takes only */
		return range_take_single(pool, m);
	if (bdbl.fail_take) {
		bdbl.fail_take--;
		return INV_ERR_NO_FRAMES;
	}
	for (unsigned i = 0; i < BDBL_CHUNKS; i++) {
		if (chunk_held(i) || chunk_pa(i) < at ||
		    ((m->w[1] & RANGE_TAKE_KVA) && i >= bdbl.kva_chunks) ||
		    (pool != POOL_ANY &&
		     pool != (i < bdbl.kva_chunks ? BDBL_POOL_LOW : BDBL_POOL_HIGH)))
			continue;
		for (unsigned k = 0; k < BDBL_CHUNK_FRAMES; k++)
			bdbl.held[i][k] = true;
		bdbl.takes++;
		m->w[0] = (uint32_t)chunk_pa(i);
		m->w[1] = (uint32_t)(chunk_pa(i) >> 32);
		return INV_OK;
	}
	return INV_ERR_NO_FRAMES;
}

/* A whole held chunk, or one held frame of the small pool. */
static int range_give(struct msg *m)
{
	uint64_t pa = (uint64_t)m->w[1] << 32 | m->w[0];
	int c = chunk_of(pa);
	unsigned first = c < 0 ? 0 : (unsigned)((pa >> 12) & (BDBL_CHUNK_FRAMES - 1));
	unsigned n = m->w[2];

	if (c < 0 || (pa & 0xfff) ||
	    (c < (int)BDBL_CHUNKS ? chunk_pa((unsigned)c) != pa || n != BDBL_CHUNK_FRAMES ||
					    chunk_held((unsigned)c) != BDBL_CHUNK_FRAMES
				  : n != 1 || !bdbl.held[c][first])) {
		misuse("give: not a held chunk or small-pool frame", pa);
		return INV_ERR_ARG;
	}
	for (unsigned k = first; k < first + n; k++) {
		if (bdbl.object[c][k])
			misuse("give: an object is still in the chunk", pa);
		bdbl.held[c][k] = false;
	}
	bdbl.gives++;
	bdbl.single_gives += n == 1;
	return INV_OK;
}

/* RANGE_OP_DESTROY_AT: one object (a pot's slot, or a whole frame), or with
 * RANGE_WHOLE_FRAME every object of the frame; w0 = objects left. */
static int range_destroy_at(struct msg *m)
{
	uint64_t addr = (uint64_t)m->w[1] << 32 | m->w[0], pa = addr & ~0xfffull;
	unsigned slot = (unsigned)(addr & 0xfff), k = (pa >> 12) & (BDBL_CHUNK_FRAMES - 1);
	int c = chunk_of(pa);
	uint32_t *bits;

	if (c < 0 || !bdbl.object[c][k] || !(m->w[2] & RANGE_KEEP_HELD) ||
	    (m->w[2] & ~(RANGE_KEEP_HELD | RANGE_WHOLE_FRAME)) ||
	    slot >= pot_capacity(bdbl.object[c][k]) || ((m->w[2] & RANGE_WHOLE_FRAME) && slot))
		return INV_ERR_ARG; /* the kernel refuses it too: a bank may ask */
	bits = bdbl.slots[c][k];
	if (pot_capacity(bdbl.object[c][k]) == 1) {
		bdbl.object[c][k] = 0;
	} else {
		/* a free slot; the whole frame goes from its first live object
		 * on, as the kernel's does, whether or not slot 0 is one */
		if (!(m->w[2] & RANGE_WHOLE_FRAME) && !(bits[slot / 32] & (1u << (slot % 32))))
			return INV_ERR_ARG;
		if (m->w[2] & RANGE_WHOLE_FRAME)
			memset(bits, 0, sizeof bdbl.slots[c][k]);
		else
			bits[slot / 32] &= ~(1u << (slot % 32));
		if (!live_slots(bits))
			bdbl.object[c][k] = 0;
	}
	bdbl.destroys++;
	m->w[0] = frame_objects((unsigned)c, k);
	return INV_OK;
}

/* RANGE_OP_POOL: the pools of bdbl.pool, with failure injection. */
static int range_pool(struct msg *m)
{
	unsigned id = m->w[0];
	const struct bdbl_pool *p = &bdbl.pool[id < BDBL_POOLS_MAX ? id : 0];
	char name[POOL_NAME_BYTES] = { 0 };

	if (++bdbl.pool_calls == bdbl.fail_pool_call)
		return INV_ERR_ARG;
	if (id >= bdbl.npools)
		return INV_ERR_ARG;
	switch (m->w[1]) {
	case POOL_INFO_RANGE:
		msg_put_u64(&m->w[0], p->start);
		msg_put_u64(&m->w[2], p->length);
		return INV_OK;
	case POOL_INFO_SHAPE:
		m->w[0] = p->stripe;
		m->w[1] = p->step;
		m->w[2] = p->cache | (uint32_t)p->layer << 8;
		m->w[3] = (uint32_t)(p->length >> 12);
		return INV_OK;
	case POOL_INFO_NAME:
		memcpy(name, p->name, sizeof(name));
		for (unsigned k = 0; k < 4; k++)
			m->w[k] = (uint32_t)(uint8_t)name[4 * k] |
				  (uint32_t)(uint8_t)name[4 * k + 1] << 8 |
				  (uint32_t)(uint8_t)name[4 * k + 2] << 16 |
				  (uint32_t)(uint8_t)name[4 * k + 3] << 24;
		return INV_OK;
	default:
		misuse("pool: unknown part", m->w[1]);
		return INV_ERR_ARG;
	}
}

static int budget_call(unsigned op, struct msg *m)
{
	if (op == BUDGET_OP_RECLAIM) {
		bdbl.reclaim_consent = m->w[0];
		m->w[0] = bdbl.reclaim_outcome == BUDGET_ADDED ? m->w[0] : 0;
		m->w[1] = bdbl.reclaim_outcome;
	} else if (op == BUDGET_OP_RANGE_DONE) {
		m->w[1] = bdbl.range_outcome;
	} else {
		misuse("budget: unexpected op", op);
	}
	return bdbl.budget_error;
}

/* PROC_OP_TABLE on a fake process: ask (no capability sent) or give one
 * PageTable; w0 = tables still needed, w1/w2 = the process's address. */
static int process_table(unsigned cap, unsigned send, struct msg *m)
{
	if (send != CAP_NONE) {
		if (send >= BDBL_REGS || bdbl.reg[send] != CT_PAGETABLE || !bdbl.proc_need) {
			misuse("table: not a PageTable, or none needed", send);
			return INV_ERR_CAP_TYPE;
		}
		if (bdbl.fail_table) {
			bdbl.fail_table--;
			return INV_ERR_BUSY;
		}
		bdbl.proc_need--;
		bdbl.proc_tables++;
	}
	m->w[0] = bdbl.proc_need;
	m->w[1] = (uint32_t)bdbl.reg_addr[cap];
	m->w[2] = (uint32_t)(bdbl.reg_addr[cap] >> 32);
	return INV_OK;
}

int invoke(unsigned cap, unsigned op, unsigned send_cap, unsigned recv_slot, uint32_t flags,
	   struct msg *m)
{
	if (cap < BDBL_REGS && bdbl.reg[cap] == CT_PROCESS && op == PROC_OP_TABLE)
		return process_table(cap, send_cap, m);
	if (send_cap != CAP_NONE || recv_slot != CAP_NONE || flags)
		misuse("invoke: unexpected cap transfer or flags", op);
	if (cap < BDBL_REGS && bdbl.reg[cap] == CT_BUDGET)
		return budget_call(op, m);
	if (cap >= BDBL_REGS || bdbl.reg[cap] != CT_RANGE) {
		misuse("invoke: not a Range or Budget register", cap);
		return INV_ERR_CAP_TYPE;
	}
	switch (op) {
	case RANGE_OP_TAKE:
		return range_take(m);
	case RANGE_OP_GIVE:
		return range_give(m);
	case RANGE_OP_DESTROY_AT:
		return range_destroy_at(m);
	case RANGE_OP_POOL:
		return range_pool(m);
	default:
		misuse("invoke: unexpected Range op", op);
		return INV_ERR_CAP_TYPE;
	}
}

int range_create_in(unsigned range, unsigned type, unsigned dst, uint64_t pa, uint64_t *addr,
		    uint32_t *count, uint32_t *capacity)
{
	int c = chunk_of(pa);
	unsigned k = (pa >> 12) & (BDBL_CHUNK_FRAMES - 1), cap = pot_capacity(type & 0xffu),
		 slot = 0;
	uint8_t *o = c < 0 ? NULL : &bdbl.object[c][k];

	/* A free held frame, or (packed types) a pot of that type with room. */
	if (range >= BDBL_REGS || bdbl.reg[range] != CT_RANGE || dst >= BDBL_REGS || c < 0 ||
	    !bdbl.held[c][k] || (pa & 0xfff) || (*o && (*o != type || cap == 1)) ||
	    (*o && frame_objects((unsigned)c, k) == cap)) {
		misuse("create: not a free held frame nor a pot with room", pa);
		return INV_ERR_ARG;
	}
	if ((type & RANGE_CREATE_UNZEROED) && (type & 0xffu) != CT_PAGE) {
		misuse("create_at: unzeroed is for Pages only", type);
		return INV_ERR_ARG;
	}
	if (bdbl.fail_create) {
		bdbl.fail_create--;
		return INV_ERR_NO_FRAMES;
	}
	bdbl.unzeroed += (type & RANGE_CREATE_UNZEROED) != 0;
	type &= 0xffu;
	if (cap > 1) {
		uint32_t *bits = bdbl.slots[c][k];

		while (bits[slot / 32] & (1u << (slot % 32)))
			slot++;
		bits[slot / 32] |= 1u << (slot % 32);
	}
	*o = (uint8_t)type;
	bdbl.reg[dst] = type;
	bdbl.reg_addr[dst] = pa | slot;
	bdbl.creates++;
	*addr = pa | slot;
	*count = frame_objects((unsigned)c, k);
	*capacity = cap;
	return INV_OK;
}

int range_create_at(unsigned range, unsigned type, unsigned dst, uint64_t pa)
{
	uint64_t addr;
	uint32_t count, capacity;

	return range_create_in(range, type, dst, pa, &addr, &count, &capacity);
}

/* The inlined invocations (arroyo/invoke_inline.h, through bank_host/invoke.h):
 * the header decoded, Range's create by range_create_in, the rest by invoke. */
void bdbl_arch_invoke(uint32_t r[6])
{
	unsigned cap = INV_CAP(r[0]), op = INV_OP(r[0]);
	struct msg m = { { r[1], r[2], r[3], r[4] }, 0 };
	uint64_t addr;
	uint32_t count, capacity;
	int e;

	if (cap < BDBL_REGS && bdbl.reg[cap] == CT_RANGE && op == RANGE_OP_CREATE) {
		if (INV_SEND_CAP(r[0]) != CAP_NONE || INV_RECV_SLOT(r[0]) != CAP_NONE || r[5])
			misuse("create: unexpected cap transfer or flags", op);
		e = range_create_in(cap, m.w[0], m.w[1], msg_u64(&m.w[2]), &addr, &count,
				    &capacity);
		if (!e) {
			msg_put_u64(&m.w[0], addr);
			m.w[2] = count;
			m.w[3] = capacity;
		}
	} else {
		e = invoke(cap, op, INV_SEND_CAP(r[0]), INV_RECV_SLOT(r[0]), r[5], &m);
	}
	r[0] = (uint32_t)e;
	for (unsigned i = 0; i < MSG_REG_WORDS; i++)
		r[1 + i] = e ? 0 : m.w[i];
	r[5] = m.badge;
}

int range_destroy(unsigned range, unsigned cap)
{
	struct msg m = { { (uint32_t)bdbl.reg_addr[cap % BDBL_REGS],
			   (uint32_t)(bdbl.reg_addr[cap % BDBL_REGS] >> 32), RANGE_KEEP_HELD },
			 0 };

	if (range >= BDBL_REGS || bdbl.reg[range] != CT_RANGE || cap >= BDBL_REGS ||
	    !bdbl.reg[cap]) {
		misuse("range_destroy: bad registers", cap);
		return INV_ERR_CAP_INDEX;
	}
	bdbl.reg[cap] = CT_NULL;
	return range_destroy_at(&m);
}

int cap_identify(unsigned cap, unsigned *type, unsigned *rights)
{
	if (cap >= BDBL_REGS)
		return INV_ERR_CAP_INDEX;
	if (bdbl.fail_identify) {
		bdbl.fail_identify--;
		return INV_ERR_CAP_EMPTY;
	}
	*type = bdbl.reg[cap];
	if (rights)
		*rights = 0;
	return bdbl.reg[cap] ? INV_OK : INV_ERR_CAP_EMPTY;
}

int cap_copy(unsigned cap, unsigned dst)
{
	if (cap >= BDBL_REGS || dst >= BDBL_REGS || !bdbl.reg[cap]) {
		misuse("cap_copy: bad register", cap);
		return INV_ERR_CAP_INDEX;
	}
	if (bdbl.fail_copy) {
		bdbl.fail_copy--;
		return INV_ERR_SLOT;
	}
	bdbl.reg[dst] = bdbl.reg[cap];
	return INV_OK;
}

int cap_delete(unsigned cap)
{
	if (cap >= BDBL_REGS)
		return INV_ERR_CAP_INDEX;
	bdbl.reg[cap] = CT_NULL;
	return INV_OK;
}

int range_device(unsigned range, unsigned n, unsigned dst, uint64_t *base, uint32_t *frames)
{
	if (range >= BDBL_REGS || bdbl.reg[range] != CT_RANGE || dst >= BDBL_REGS)
		misuse("range_device: bad registers", range);
	if (n >= bdbl.ndev)
		return INV_ERR_ARG;
	bdbl.reg[dst] = CT_DEVICE_RANGE;
	*base = bdbl.dev_base[n];
	*frames = bdbl.dev_frames[n];
	return INV_OK;
}

int device_range_page(unsigned dr, uint32_t index, unsigned dst)
{
	(void)index;
	if (dr >= BDBL_REGS || bdbl.reg[dr] != CT_DEVICE_RANGE || dst >= BDBL_REGS) {
		misuse("device_range_page: not a DeviceRange", dr);
		return INV_ERR_CAP_TYPE;
	}
	if (bdbl.fail_page) {
		bdbl.fail_page--;
		return INV_ERR_ARG;
	}
	bdbl.reg[dst] = CT_PAGE;
	bdbl.pages_made++;
	return INV_OK;
}

int bank_host_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(bdbl.out + bdbl.out_len, sizeof bdbl.out - bdbl.out_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		bdbl.out_len += (unsigned)n < sizeof bdbl.out - bdbl.out_len
					? (unsigned)n
					: (unsigned)(sizeof bdbl.out - 1 - bdbl.out_len);
	return n;
}
