# ColdFire MCF5208: no MMU, no usable libgcc (it is 68020 code).
#
# The code is split by what it belongs to (doc/boards.md): the V2 core
# (core/), the MCF5208 system-on-chip (soc/mcf5208/), the board (board/<name>/,
# one board.mk and one C file each), and the kernel's port on top of them
# (the files directly in arch/coldfire/). BOARD picks the board: qemu (the
# default, QEMU's mcf5208evb model) or m5208evb (Freescale's evaluation board).
CC := m68k-linux-gnu-gcc
OBJCOPY := m68k-linux-gnu-objcopy
READELF := m68k-linux-gnu-readelf
COLDFIRE_BOARD := $(or $(BOARD),qemu)
ifeq ($(wildcard arch/coldfire/board/$(COLDFIRE_BOARD)/board.mk),)
$(error BOARD=$(BOARD): no arch/coldfire/board/$(BOARD)/board.mk)
endif
include arch/coldfire/board/$(COLDFIRE_BOARD)/board.mk
ARCH_CFLAGS := -mcpu=5208 -fomit-frame-pointer -Iarch/coldfire $(BOARD_CFLAGS)
ARCH_LDFLAGS := -nostdlib -static -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--fatal-warnings \
	-Wl,--defsym=__board_load_pa=$(BOARD_LOAD_PA)
ARCH_LIBS :=
ARCH_LDSCRIPT := arch/coldfire/linker.ld
ARCH_SRCS := $(sort $(wildcard arch/coldfire/*.S) $(wildcard arch/coldfire/*.c) \
	$(wildcard arch/coldfire/core/*.S) $(wildcard arch/coldfire/core/*.c) \
	$(wildcard arch/coldfire/soc/mcf5208/*.c) \
	$(wildcard arch/coldfire/board/$(COLDFIRE_BOARD)/*.c) $(wildcard arch/coldfire/tests/*.c))
