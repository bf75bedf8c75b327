/* Finding and starting the boot image (kernel/boot/boot_image.c). */
#ifndef KERNEL_BOOT_IMAGE_H
#define KERNEL_BOOT_IMAGE_H

#include <kernel/boot.h>

/* Loads the image in boot module 0: false when there is none; a bad image
 * prints `image: <reason>` and halts with status 3. */
bool boot_image_load(const struct boot_info *bi);

#endif
