#!/usr/bin/env bash
# i386 from a GRUB ISO under QEMU: GRUB passes the arguments without the path.
source "$(dirname "$0")/lib.sh"
log=$SYS_TMP/console.log
tools/mkiso build/i386/arroyo.elf "$SYS_TMP/arroyo.iso" ktest || fail "mkiso"
tools/run-qemu --arch i386 --iso "$SYS_TMP/arroyo.iso" --log "$log" --timeout 60 --quiet ||
	fail "run-qemu reported failure"
expect_line "$log" '^loader: GRUB'
expect_line "$log" '^cmdline: "ktest"'
expect_clean_ktest "$log"
expect_line "$log" '^arroyo: halt status=0'
# The same loader with the boot image as multiboot module 0: init, the bank and the demo run.
log=$SYS_TMP/demo.log
[[ -f build/i386/images/init.img ]] || fail "no build/i386/images/init.img (make images)"
tools/mkiso build/i386/arroyo.elf "$SYS_TMP/demo.iso" "" build/i386/images/init.img || fail "mkiso"
tools/run-qemu --arch i386 --iso "$SYS_TMP/demo.iso" --log "$log" --timeout 60 --quiet ||
	fail "the demo image did not halt with status 0"
expect_line "$log" '^image: loaded'
expect_line "$log" '^init: exit status=0'
echo "pass"
