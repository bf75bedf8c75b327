#!/usr/bin/env bash
# RAM hot-plug (pc-dimm) on a CPU with 36-bit physical addresses: a DIMM
# cold-plugged at boot is found through the ACPI memory controller and its
# frames are reachable (ktest); a hot-plugged 128 MiB DIMM is self-funding
# (its own 128 header frames, the rest banked, the reserve untouched, the
# budget raised); unplugging returns the ledger exactly, five times over;
# the boot DIMM can be unplugged too. doc/hotplug.md, doc/memory.md §6.
source "$(dirname "$0")/hotplug_lib.bash"
HP_MACHINE=(-cpu pentium3 -m "128M,slots=4,maxmem=1G"
	-object "memory-backend-ram,id=boot0-mem,size=64M" -device "pc-dimm,id=boot0,memdev=boot0-mem")
cycles=5
hp_start "idle ktest=acpi_memhp*"
boot=$(hp_console)
grep -q -E '^memhp: ram hot-plug present, cpu limit 0x1000000000$' <<<"$boot" ||
	fail "no memhp line with a 36-bit limit at boot"
grep -q -E '^hotplug: add-ram slot=0 pa=0x100000000 len=0x4000000 frames=16384 headers=64$' <<<"$boot" ||
	fail "the cold-plugged DIMM was not added at boot"
grep -q -E '^ktest acpi_memhp_dimms_self_funded_and_reachable ok$' <<<"$boot" ||
	fail "ktest acpi_memhp_dimms_self_funded_and_reachable did not pass"
grep -q -E '^ktest: [1-9][0-9]* passed, 0 failed$' <<<"$boot" || fail "ktests failed at boot"
before=$(hp_last_ledger <<<"$boot")
[[ -n $before ]] || fail "no ledger line before the plug"
budget0=$(grep -E '^budget: relaxed=' <<<"$boot" | tail -1 | sed -E 's/.*=//')
[[ -n $budget0 ]] || fail "no budget: relaxed line at boot"

first=
for ((i = 1; i <= cycles; i++)); do
	mark=$(hp_mark)
	hp_tool add dimm --size 128M --id dm >/dev/null
	hp_wait "$mark" '^budget: ' 20
	out=$(hp_since "$mark")
	grep -q -E '^memhp: slot 1 inserted pa=0x104000000 len=0x8000000$' <<<"$out" ||
		fail "cycle $i: no memhp insert line: $out"
	grep -q -E '^hotplug: add-ram slot=1 pa=0x104000000 len=0x8000000 frames=32768 headers=128$' <<<"$out" ||
		fail "cycle $i: no add-ram line: $out"
	plugged=$(hp_last_ledger <<<"$out")
	[[ -n $plugged ]] || fail "cycle $i: no ledger line after the plug"
	for k in total:32768 banked:32640 header_region:128 reserve:0 device:0 fixed_heap:0; do
		want=${k#*:} k=${k%:*}
		got=$(($(hp_field "$plugged" "$k") - $(hp_field "$before" "$k")))
		((got == want)) || fail "cycle $i: $k went up by $got, expected $want: '$plugged'"
	done
	raised=$(sed -n -E 's/^budget: raised=([0-9]+)$/\1/p' <<<"$out")
	((raised == budget0 + 32640)) || fail "cycle $i: budget raised=$raised, expected $((budget0 + 32640))"
	[[ -n $first ]] || first=$plugged
	[[ $plugged == "$first" ]] || fail "cycle $i: plugged ledger drifted: '$plugged' vs '$first'"

	mark=$(hp_mark)
	hp_tool del dm --timeout 20 >/dev/null
	hp_wait "$mark" '^memhp: slot 1 ejected' 20
	out=$(hp_since "$mark")
	grep -q -E '^hotplug: remove-ram slot=1 frames=32768$' <<<"$out" || fail "cycle $i: no remove-ram line: $out"
	grep -q -E "^budget: lowered=$budget0\$" <<<"$out" || fail "cycle $i: budget not back to $budget0: $out"
	after=$(hp_last_ledger <<<"$out")
	[[ $after == "$before" ]] || fail "cycle $i: ledger drifted: '$after' vs '$before'"
done

# The DIMM that was there at boot leaves the same way.
mark=$(hp_mark)
hp_tool del boot0 --timeout 20 >/dev/null
hp_wait "$mark" '^memhp: slot 0 ejected' 20
out=$(hp_since "$mark")
grep -q -E '^hotplug: remove-ram slot=0 frames=16384$' <<<"$out" || fail "no remove-ram line for the boot DIMM: $out"
after=$(hp_last_ledger <<<"$out")
[[ $(hp_field "$after" total) -eq $(($(hp_field "$before" total) - 16384)) ]] ||
	fail "total after removing the boot DIMM: '$after'"
echo "plugged: $first"
echo "pass"
