#!/usr/bin/env bash
# i386 under QEMU -kernel (multiboot loader built into QEMU).
source "$(dirname "$0")/lib.sh"
log=$SYS_TMP/console.log
tools/run-qemu --arch i386 --kernel build/i386/arroyo.elf --append ktest --log "$log" \
	--timeout 60 --quiet || fail "run-qemu reported failure"
expect_line "$log" '^Arroyo [0-9.]+ \(i386\)'
expect_line "$log" '^loader: qemu'
expect_clean_ktest "$log"
expect_line "$log" '^arroyo: halt status=0'
echo "pass"
