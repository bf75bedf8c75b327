/* The user runtime: one wrapper per invocation of include/arroyo/abi.h,
 * and a printf to the Console capability. Every wrapper returns an enum
 * inv_err code (INV_OK is 0); results come back through pointers. */
#ifndef ARROYO_USER_H
#define ARROYO_USER_H

#include <arroyo/abi.h>
#include <lib/fmt.h> /* fmt_snprintf, fmt_vsnprintf */
#include <lib/string.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* A message: MSG_WORDS words each way (words 4.. only with INV_F_LONG,
 * doc/abi.md "Long messages"), and the badge a receive reports. */
struct msg {
	uint32_t w[MSG_WORDS];
	uint32_t badge;
};

/* The primitive. m->w go out and come back as the reply words (all
 * MSG_WORDS with INV_F_LONG in flags, else words 0-3; i386 hands the kernel
 * &m->w[4] as the buffer); m->badge gets ARG5 on return. flags is ARG5 on
 * the way in. */
int invoke(unsigned cap, unsigned op, unsigned send_cap, unsigned recv_slot, uint32_t flags,
	   struct msg *m);

/* Console. len <= CONSOLE_CHUNK; console_puts splits longer strings. */
#define CONSOLE_CHUNK 16
int console_write(unsigned cap, const void *buf, unsigned len);
int console_puts(unsigned cap, const char *s);

/* Sleep. */
int sleep_ticks(unsigned cap, uint32_t ticks);
int sleep_now(unsigned cap, uint64_t *ticks, uint32_t *ticks_per_sec);

/* The invoking process (CAP_SELF). */
void self_exit(int status) __attribute__((noreturn));
int self_yield(void);
int self_pid(uint32_t *pid);

/* Endpoints and replies. send_cap is a register or CAP_NONE; recv_slot a
 * register for an incoming capability or CAP_NONE. */
int ep_send(unsigned ep, struct msg *m, unsigned send_cap, uint32_t flags);
int ep_call(unsigned ep, struct msg *m, unsigned send_cap, unsigned recv_slot);
int ep_recv(unsigned ep, struct msg *m, unsigned recv_slot, uint32_t flags);
/* Replies with *m (and send_cap) through CAP_REPLY, then receives the next
 * message into *m: a server's loop in one invocation. */
int ep_reply_recv(unsigned ep, struct msg *m, unsigned send_cap, unsigned recv_slot,
		  uint32_t flags);
int ep_mint(unsigned ep, unsigned dst, uint32_t badge);
/* on = 1: the sender's pool is stamped in the badge of each message a
 * process sends through ep (BADGE_STAMPED, doc/abi.md); needs read. */
int ep_stamp_pool(unsigned ep, int on);
int reply_send(unsigned reply, struct msg *m, unsigned send_cap);
/* The same with flags: INV_F_MOVE, or an answer that makes or destroys a
 * Page through the Range in send_cap (INV_F_PAGE_*, doc/abi.md). */
int reply_send_with(unsigned reply, struct msg *m, unsigned send_cap, uint32_t flags);
/* The same with INV_F_LONG: all MSG_WORDS words out, and a long reply back. */
int ep_call_long(unsigned ep, struct msg *m, unsigned send_cap, unsigned recv_slot);
int reply_send_long(unsigned reply, struct msg *m, unsigned send_cap);

/* Operations every capability has. */
int cap_identify(unsigned cap, unsigned *type, unsigned *rights);
int cap_copy(unsigned cap, unsigned dst);
int cap_restrict(unsigned cap, unsigned dst, unsigned remove_rights);
int cap_delete(unsigned cap);

/* Process capabilities (CAP_SELF is one to the caller). process_map maps
 * the Page in register page at va less drop_rights (CR_WRITE, CR_EXEC) and
 * gives the address the process sees it at (ColdFire: the frame itself). */
int process_map(unsigned proc, unsigned page, uint32_t va, unsigned drop_rights, uint32_t *addr);
int process_unmap(unsigned proc, uint32_t addr);
int process_cappage(unsigned proc, unsigned cappage);
int process_set_cap(unsigned proc, unsigned cap, unsigned dst);
int process_fault(unsigned proc, unsigned ep);
int process_start(unsigned proc, uint32_t pc, uint32_t sp, uint32_t arg, unsigned priority);
int process_exit(unsigned proc, int status);
/* A process's current memory pool (POOL_ANY: none) (doc/pools.md). */
int process_pool_set(unsigned proc, unsigned pool);
int process_pool_get(unsigned proc, unsigned *pool);
/* The pool and pa of the frame mapped at user address addr in proc. */
int process_pool_at(unsigned proc, uint32_t addr, unsigned *pool, uint64_t *pa);

/* Grants and upcalls (doc/grants.md). grant_mem gives process proc the
 * GrantFrame in register frame (-> bytes free); grant_info reports service s
 * (its grant's bytes, all grants' bytes, bytes free, frames). An upcall is
 * its service, tag, data and the drops counted before it. upcall_wait
 * blocks until one comes; upcall_poll returns INV_ERR_WOULD_BLOCK instead. */
struct upcall {
	uint32_t service, tag, data, dropped;
};
int grant_mem(unsigned proc, unsigned frame, uint32_t *free_bytes);
int grant_info(unsigned proc, unsigned service, uint32_t *bytes, uint32_t *used,
	       uint32_t *free_bytes, uint32_t *frames);
int upcall_wait(struct upcall *u);
int upcall_poll(struct upcall *u);
int process_notify(unsigned proc, uint32_t value);
/* Alarms on a Sleep capability: after `ticks`, then every `period` ticks
 * (0: all at once), `count` firings in all, each an upcall with `tag`. */
int alarm_set(unsigned sleep, uint32_t ticks, uint32_t period, uint32_t count, uint32_t tag,
	      uint32_t *number);
int alarm_cancel(unsigned sleep, uint32_t number);
/* Range: objects from banked frames. pa may be NULL; range_create_at picks the frame. */
int range_create(unsigned range, unsigned type, unsigned dst, uint64_t *pa);
int range_create_at(unsigned range, unsigned type, unsigned dst, uint64_t pa);
/* The same, with the kernel's answer: the object's address (frame pa |
 * slot), the objects now in its frame and the most the frame holds. */
int range_create_in(unsigned range, unsigned type, unsigned dst, uint64_t pa, uint64_t *addr,
		    uint32_t *count, uint32_t *capacity);
int range_destroy(unsigned range, unsigned cap);
int range_device(unsigned range, unsigned n, unsigned dst, uint64_t *base, uint32_t *frames);
int range_info(unsigned range, uint64_t *banked_free, uint64_t *objects);

/* DeviceRange and CapPage. */
int device_range_info(unsigned dr, uint64_t *base, uint32_t *frames);
int device_range_page(unsigned dr, uint32_t index, unsigned dst);
int cappage_load(unsigned cp, unsigned slot, unsigned dst);
int cappage_store(unsigned cp, unsigned slot, unsigned src);

/* Memory facts. */
int meminfo_ledger(unsigned cap, unsigned state, uint64_t *frames);
int meminfo_budget(unsigned cap, uint64_t *frames);
/* Pool id as the kernel describes it (MEMINFO_OP_POOL); INV_ERR_ARG past the
 * last. name gets POOL_NAME_BYTES bytes, NUL-padded. */
#define POOL_NAME_BYTES 16
struct pool_info {
	uint64_t start, length;
	uint32_t stripe, step, frames;
	uint8_t cache, layer;
	char name[POOL_NAME_BYTES];
};
int meminfo_pool(unsigned cap, unsigned id, struct pool_info *out);

/* Names for messages. */
const char *inv_err_name(int err);
const char *cap_type_name(unsigned type);

/* printf to a Console register: printf uses user_console (register 0 unless
 * a program sets it). Output goes out in CONSOLE_OP_WRITE calls of up to
 * CONSOLE_CHUNK bytes. */
extern unsigned user_console;
int printf(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));
int console_printf(unsigned cap, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));
int console_vprintf(unsigned cap, const char *fmt, va_list ap);

#endif
