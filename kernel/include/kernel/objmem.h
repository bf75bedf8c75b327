/* How the object code reaches the memory of a frame. The kernel's version
 * (kernel/mem/objmem.c) uses the direct map and the transient window; the host
 * unit tests give fake frames host memory (tests/unit/ustub.c). */
#ifndef KERNEL_OBJMEM_H
#define KERNEL_OBJMEM_H

#include <lib/types.h>

/* Whether frame pa has a permanent kernel address (objects whose state the
 * kernel keeps — processes, endpoints, CapPages, tables — need one). */
bool objmem_direct(pa_t pa);
/* The permanent kernel address of a frame for which objmem_direct holds. */
void *objmem_kva(pa_t pa);
/* Fills or copies into any frame (through a transient mapping if need be). */
void objmem_zero(pa_t pa);
void objmem_write(pa_t pa, uint32_t off, const void *src, uint32_t n);

#endif
