#!/usr/bin/env bash
# A kernel built with one deliberately failing ktest must be reported as a
# failure by every runner, on every target: a broken harness cannot pass.
source "$(dirname "$0")/lib.sh"

expect_failed_run() { # what log
	local what=$1 log=$2
	expect_line "$log" '^ktest negative_deliberate_failure FAIL'
	expect_line "$log" '^ktest: [0-9]+ passed, 1 failed'
	expect_line "$log" '^arroyo: halt status=1'
	echo "$what: failure reported"
}

log=$SYS_TMP/i386.log
tools/run-qemu --arch i386 --kernel build/i386/negative/arroyo.elf --append ktest --log "$log" \
	--quiet 2>/dev/null && fail "run-qemu passed a failing i386 kernel"
expect_failed_run "i386 qemu" "$log"

log=$SYS_TMP/coldfire.log
tools/run-qemu --arch coldfire --kernel build/coldfire/negative/arroyo.elf --append ktest \
	--log "$log" --quiet 2>/dev/null && fail "run-qemu passed a failing coldfire kernel"
expect_failed_run "coldfire qemu" "$log"

log=$SYS_TMP/bochs.log
tools/mkiso build/i386/negative/arroyo.elf "$SYS_TMP/neg.iso" ktest || fail "mkiso"
tools/run-bochs --iso "$SYS_TMP/neg.iso" --log "$log" --quiet 2>/dev/null &&
	fail "run-bochs passed a failing kernel"
expect_failed_run "i386 bochs" "$log"
echo "pass"
