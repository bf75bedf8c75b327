/* The boot loader of the first processes (doc/objects.md, "Boot"): validates
 * the boot image, makes its objects from banked frames through the same
 * path as Range, loads the programs, gives out the initial capabilities and
 * makes the processes runnable, the image's first process (init) as pid 1. */
#ifndef KERNEL_LOADER_H
#define KERNEL_LOADER_H

#include <obstore/elf.h>
#include <obstore/image.h>

/* 16 KiB of stack per process. */
#define LOADER_STACK_PAGES 4

/* i386 stacks end on the first 2 MiB boundary that leaves room for them
 * above the program (loader_stack_top_i386): a small program and its stack
 * then share one page table and one page directory, so a minimal process
 * costs two table frames. ColdFire stacks are banked frames wherever they
 * are. */
#define LOADER_STACK_ALIGN_I386 0x200000u
uint32_t loader_stack_top_i386(const struct elf_info *info);

/* Loads the image in buf (len bytes) for arch. 0 on success; otherwise a
 * one-line reason in why and a nonzero value. Objects made before a
 * failure stay made (the run halts anyway). */
int loader_load(const void *buf, size_t len, enum image_arch arch, char *why, size_t whylen);

/* The physical address the image lies at: its pool is "where the file is
 * stored" for the placement rules (doc/pools.md). */
void loader_image_at(pa_t pa);

#endif
