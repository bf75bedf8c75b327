/* i386-private: multiboot v1 information block reader. */
#ifndef I386_MULTIBOOT_H
#define I386_MULTIBOOT_H

#include <kernel/boot.h>

#define MULTIBOOT_LOADER_MAGIC 0x2BADB002u

void multiboot_read(uint32_t magic, uint32_t mbi_pa, struct boot_info *bi);

#endif
