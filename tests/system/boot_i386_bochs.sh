#!/usr/bin/env bash
# The same GRUB ISO in Bochs, headless, serial to a file.
source "$(dirname "$0")/lib.sh"
log=$SYS_TMP/serial.txt
tools/mkiso build/i386/arroyo.elf "$SYS_TMP/arroyo.iso" ktest || fail "mkiso"
tools/run-bochs --iso "$SYS_TMP/arroyo.iso" --log "$log" --timeout 120 --quiet ||
	fail "run-bochs reported failure"
expect_line "$log" '^Arroyo [0-9.]+ \(i386\)'
expect_line "$log" '^loader: GRUB'
expect_clean_ktest "$log"
expect_line "$log" '^arroyo: halt status=0'
echo "pass"
