# i386: multiboot v1, PAE, booted by QEMU -kernel, GRUB and Bochs.
CC := i686-linux-gnu-gcc
ARCH_CFLAGS := -m32 -march=i686 -fno-pie -mno-sse -mno-mmx -mno-80387 -mgeneral-regs-only
ARCH_LDFLAGS := -nostdlib -no-pie -static -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--fatal-warnings
ARCH_LIBS := -lgcc
ARCH_LDSCRIPT := arch/i386/linker.ld
ARCH_SRCS := $(sort $(wildcard arch/i386/*.S) $(wildcard arch/i386/*.c) $(wildcard arch/i386/tests/*.c))
