/* Grants (doc/grants.md): per-process kernel state a process pays for.
 *
 * A process has a grant table, one pointer slot per kernel service (enum
 * grant_service): 4 bytes a service on both arches, the only cost of a
 * service it never uses. A service's grant is made on the process's first
 * use of it, inside grant memory: GrantFrames its bank paid for and gave it
 * (PROC_OP_GRANT_MEM), or, for the processes of the boot image, one frame
 * the loader made for it. A grant starts with a header naming its service;
 * grants never span frames and live until their process dies (or their
 * frame is destroyed), so a frame is filled from the bottom and never
 * fragments. */
#ifndef KERNEL_GRANT_H
#define KERNEL_GRANT_H

#include <arroyo/abi.h>
#include <kernel/pagehdr.h>

/* The header of every grant: the service it belongs to and its size. */
struct grant_hdr {
	uint8_t service; /* enum grant_service */
	uint8_t frame; /* index in the owner's grant frames */
	uint16_t size; /* bytes, this header included */
};

/* The header at the start of every grant frame. `owner_pid` is 0 while no
 * process holds the frame; `used` counts bytes from the frame's start. */
struct grant_frame_hdr {
	uint32_t owner_pid;
	uint16_t used;
	uint8_t owned; /* made by the loader: freed with its process */
	uint8_t spare;
};

/* Per process (in struct process). slot[s] is the kernel address of service
 * s's grant, or NULL. */
struct grant_table {
	struct grant_hdr *slot[GRANT_SERVICES];
	/* Grant frames held, the first nframes valid: their frame numbers (32
	 * bits hold any pfn of both arches), so the table fits a ColdFire
	 * process's 512-byte slot beside its inline page list. */
	uint32_t frame[GRANT_FRAMES];
	uint8_t nframes;
	uint8_t next_upcall; /* round robin over services with pending upcalls */
	uint8_t spare[2];
};

struct process;

/* The physical address of t's grant frame i (< nframes). */
static inline pa_t grant_frame_pa(const struct grant_table *t, unsigned i)
{
	return (pa_t)t->frame[i] << PAGE_SHIFT;
}

/* The grant of service s (< GRANT_SERVICES) if p has one: an indexed load,
 * the same whatever the number of services (make bench counts it). */
void *grant_find(const struct grant_table *t, unsigned s);

/* Service s's grant of `size` bytes (header included), made zeroed on first
 * use. INV_ERR_ARG for an unknown service, INV_ERR_NO_GRANT when no grant
 * frame of p has room (nothing changes then). */
enum inv_err grant_get(struct process *p, unsigned s, unsigned size, void **out);
/* Gives p the grant frame h. INV_ERR_BUSY when p holds GRANT_FRAMES already
 * or h is held by a process. `owned`: the frame dies with p (the loader's). */
enum inv_err grant_attach(struct process *p, struct page_common *h, bool owned);
/* A fresh frame from banked for a boot-image process (the loader's). */
enum inv_err grant_attach_new(struct process *p);
/* p's grants die: every service's state is torn down, owned frames are
 * freed, the bank's frames are emptied and left to their bank. */
void grant_release_all(struct process *p);
/* The grant frame h is about to be destroyed (Range frees it after): its
 * grants are torn down and it leaves its process. */
void grant_frame_destroy(struct page_common *h);
/* Whether h is a grant frame the loader made (its process's, not Range's). */
bool grant_frame_owned(struct page_common *h);
/* Bytes free in p's grant frames; bytes in use by grants; a service's size. */
unsigned grant_bytes_free(const struct process *p);
unsigned grant_bytes_used(const struct process *p);
unsigned grant_size_of(const struct process *p, unsigned s);

#endif
