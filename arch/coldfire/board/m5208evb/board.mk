# Freescale M5208EVB(e): downloaded by the dBUG monitor. dBUG keeps its
# vectors and data in the first 128 KiB of SDRAM; the kernel's vector table
# opens the image and VBR keeps only address bits 31:20, so the image starts
# at the first 1 MiB boundary above dBUG's area (doc/boards.md). Besides the
# ELF the build writes S-records (dBUG `dl`, `dn`) and a raw binary.
BOARD_LOAD_PA := 0x40100000
BOARD_CFLAGS :=
BOARD_OUTPUTS := srec bin
