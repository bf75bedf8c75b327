#!/usr/bin/env bash
# Failures must be visible: an exception prints its dump and a failing halt, a
# triple fault (QEMU exits 0 under -no-reboot) is still a failure, and a bad
# boot input gets a `boot:` message naming what is wrong.
source "$(dirname "$0")/lib.sh"
elf=build/i386/arroyo.elf

log=$SYS_TMP/pf.log
tools/run-qemu --arch i386 --kernel $elf --append crash=pagefault --log "$log" --quiet \
	2>/dev/null && fail "a page fault passed"
expect_line "$log" '^trap: vector=14 \(page fault\) error=0x2'
expect_line "$log" 'fault_addr=fffff000'
expect_line "$log" '^  eax=[0-9a-f]{8} ebx='
expect_line "$log" '^arroyo: halt status=142'

log=$SYS_TMP/triple.log
err=$SYS_TMP/triple.err
tools/run-qemu --arch i386 --kernel $elf --append crash=triple --log "$log" --quiet \
	2>"$err" && fail "a triple fault passed"
grep -q "no halt line', qemu exit status 0" "$err" || fail "triple fault: $(cat "$err")"

log=$SYS_TMP/cmdline.log
long=$(printf 'option%03d=value ' $(seq 1 40))
tools/run-qemu --arch i386 --kernel $elf --append "$long" --log "$log" --quiet \
	2>/dev/null && fail "an oversized command line passed"
expect_line "$log" '^boot: command line .*(table full|out of range)'
expect_line "$log" '^arroyo: halt status=2'
echo "pass"
