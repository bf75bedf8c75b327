#!/usr/bin/env bash
# `make debug` on both arches: QEMU waits for gdb, gdb-multiarch loads the
# kernel's symbols, stops at the arch's C entry and can read registers and
# a backtrace there.
source "$(dirname "$0")/lib.sh"

debug_run() { # arch entry port
	local out=$SYS_TMP/$1.gdb
	timeout 60 tools/debug --arch "$1" --kernel "build/$1/arroyo.elf" --port "$3" \
		--batch "bt;info registers pc" >"$out" 2>&1
	grep -q -E "^Breakpoint 1, $2 " "$out" || fail "$1: gdb did not stop at $2: $(tail -5 "$out")"
	grep -q -E "^#0 +$2 " "$out" || fail "$1: no backtrace frame in $2"
	grep -q -E '^pc +0x[0-9a-f]+ +(0x[0-9a-f]+ )?<'"$2"'(\+[0-9]+)?>' "$out" ||
		fail "$1: pc is not in $2: $(grep -E '^pc' "$out")"
	echo "$1: stopped at $2"
}

# Ports away from the default 1234 so a developer's own session does not collide.
debug_run i386 i386_main $((21000 + RANDOM % 2000))
debug_run coldfire coldfire_main $((23000 + RANDOM % 2000))
echo "pass"
