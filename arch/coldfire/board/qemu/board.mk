# QEMU's mcf5208evb model: loaded by `-kernel` at the base of SDRAM, ended
# through semihosting (board/qemu/halt_semihost.c).
BOARD_LOAD_PA := 0x40000000
BOARD_CFLAGS :=
BOARD_OUTPUTS :=
