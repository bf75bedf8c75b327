#!/usr/bin/env bash
# ColdFire on QEMU mcf5208evb; the command line travels through the SRAM block.
source "$(dirname "$0")/lib.sh"
log=$SYS_TMP/console.log
tools/run-qemu --arch coldfire --kernel build/coldfire/arroyo.elf --append ktest --log "$log" \
	--timeout 60 --quiet || fail "run-qemu reported failure"
expect_line "$log" '^Arroyo [0-9.]+ \(coldfire\)'
expect_clean_ktest "$log"
expect_line "$log" '^arroyo: halt status=0'
echo "pass"
