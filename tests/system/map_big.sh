#!/usr/bin/env bash
# map_big (doc/objects.md, "Processes"): boot tests/system/mapbig.img.txt in
# `idle` mode, plug a 64 MiB ivshmem; the driver maps every page of it and
# 16,384 RAM pages into a process its bank made, whose page tables the bank
# pays under a limit that allows exactly those: the next table is refused
# with nothing changed, the tables come back with the process and the
# bank's destroy returns every frame; unmapping the device returns its 33
# tables (a directory and 32 page tables) before that.
source "$(dirname "$0")/hotplug_lib.bash"
IMG=build/i386/images/mapbig.img
make --no-print-directory -s ARCH=i386 kernel "$IMG" >"$SYS_TMP/make.log" 2>&1 ||
	{ cat "$SYS_TMP/make.log"; fail "make $IMG"; }
HP_MACHINE=(-m 128M)
HP_IMAGE=$IMG
hp_start idle '^mapbig: waiting for a 16384-frame device'
mark=$(hp_mark)
hp_tool add ivshmem --size 64M --id hpa --addr 4 >/dev/null
hp_wait "$mark" '^(utest map_big ok|init: exit status=[1-9].*|mapbig: .* failed .*)$' 240
out=$(hp_since "$mark")
grep -q -E '^mapbig: mapped 16384 device and 16384 RAM pages with 66 tables$' <<<"$out" ||
	fail "not everything mapped: $out"
grep -q -E '^mapbig: the next page table refused: limit$' <<<"$out" || fail "no refusal: $out"
grep -q -E '^mapbig: device unmapped, 33 tables left$' <<<"$out" || fail "tables not returned: $out"
grep -q -E '^utest map_big ok$' <<<"$out" || fail "map_big did not finish: $out"
echo "pass"
