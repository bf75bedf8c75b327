# ColdFire MCF5208 (QEMU mcf5208evb): no MMU, no usable libgcc (it is 68020 code).
CC := m68k-linux-gnu-gcc
ARCH_CFLAGS := -mcpu=5208 -fomit-frame-pointer
ARCH_LDFLAGS := -nostdlib -static -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--fatal-warnings
ARCH_LIBS :=
ARCH_LDSCRIPT := arch/coldfire/linker.ld
ARCH_SRCS := $(sort $(wildcard arch/coldfire/*.S) $(wildcard arch/coldfire/*.c) $(wildcard arch/coldfire/tests/*.c))
