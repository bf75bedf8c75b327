#!/usr/bin/env bash
# Typos on the kernel command line never pass silently (issue 13, item 3), on
# both arches: an unknown word and a bad value each get a warning naming them
# and are ignored (`idle=2` does not make the kernel idle: the run halts), and
# a `ktest=<glob>` that matches no test fails the run instead of reading as
# `ktest: 0 passed, 0 failed` and status 0.
source "$(dirname "$0")/lib.sh"

for arch in i386 coldfire; do
	make --no-print-directory -s ARCH=$arch kernel >"$SYS_TMP/make-$arch.log" 2>&1 ||
		{ cat "$SYS_TMP/make-$arch.log"; fail "make ARCH=$arch kernel"; }
done

for arch in i386 coldfire; do
	elf=build/$arch/arroyo.elf
	log=$SYS_TMP/$arch-typos.log
	tools/run-qemu --arch "$arch" --kernel "$elf" --append 'frobnicate=1 idle=2 ktest=cmdline_*' \
		--log "$log" --timeout 30 --quiet 2>"$SYS_TMP/$arch-typos.err" ||
		fail "$arch typos: the run failed: $(cat "$SYS_TMP/$arch-typos.err")"
	expect_line "$log" "^cmdline: warning: 'frobnicate=1': unknown argument \(ignored\)$"
	expect_line "$log" "^cmdline: warning: 'idle=2': takes no value \(ignored\)$"
	expect_clean_ktest "$log"
	grep -a -q '^idle: serving events' "$log" && fail "$arch: idle=2 was taken as idle"
	expect_line "$log" '^arroyo: halt status=0$'
	grep -a -c '^cmdline: warning:' "$log" | grep -q '^2$' ||
		fail "$arch: expected exactly two warnings"

	log=$SYS_TMP/$arch-nomatch.log
	err=$SYS_TMP/$arch-nomatch.err
	tools/run-qemu --arch "$arch" --kernel "$elf" --append 'ktest=no_such_test*' \
		--log "$log" --timeout 30 --quiet 2>"$err" && fail "$arch: a ktest glob matching nothing passed"
	expect_line "$log" '^ktest: 0 passed, 0 failed$'
	expect_line "$log" "^ktest: no test matches 'no_such_test\*'$"
	expect_line "$log" '^arroyo: halt status=[1-9][0-9]*$'
	grep -a -q '^cmdline: warning:' "$log" && fail "$arch: a warning for a good command line"
	echo "$arch: $(grep -a -m1 "^cmdline: warning: 'idle=2'" "$SYS_TMP/$arch-typos.log")" \
		"/ $(grep -a -m1 '^ktest: no test matches' "$log") / $(grep -a -m1 '^arroyo: halt' "$log")"
done
echo "pass"
