#!/usr/bin/env bash
# 64-bit BARs and DIMMs share the space above 4 GiB (issue: with maxmem=40G a
# 2 GiB BAR was placed at 0x800000000 over a DIMM there and refused, and in
# the other order the DIMM was refused). BARs go above QEMU's DIMM area
# (fw_cfg etc/reserved-memory-end) and placement consults the resource tree,
# so both orders end with both added.
source "$(dirname "$0")/hotplug_lib.bash"
HP_MACHINE=(-cpu pentium3 -m 128M,slots=4,maxmem=40G)
hp_start "idle reserve=1100"
grep -q -E '^pci: dimm area ends at 0x[0-9a-f]+$' <(hp_console) || fail "the DIMM area was not read"
before=$(hp_console | hp_last_ledger)

plug_dimm() {
	local mark
	mark=$(hp_mark)
	hp_tool add dimm --size 256M --id d --pa 0x800000000 >/dev/null
	hp_wait "$mark" '^hotplug: (add-ram|refused-ram) slot=' 20
	grep -q -E '^hotplug: add-ram slot=[0-9]+ pa=0x800000000 len=0x10000000 ' <<<"$(hp_since "$mark")" ||
		fail "the DIMM at 0x800000000 was not added: $(hp_since "$mark" | grep -E '^(hotplug|memhp):')"
}

plug_bar() {
	local mark out pa
	mark=$(hp_mark)
	hp_tool add ivshmem --size 2G --id v --addr 4 >/dev/null
	hp_wait "$mark" '^(pci: slot 4 not added|hotplug: (add|refused) slot=4 )' 20
	out=$(hp_since "$mark")
	pa=$(sed -n -E 's/^hotplug: add slot=4 pa=(0x[0-9a-f]+) len=0x80000000 frames=524288$/\1/p' <<<"$out")
	[[ -n $pa ]] || fail "the 2 GiB BAR was not added: $(grep -E '^(hotplug|pci):' <<<"$out")"
	((pa >= 0x800000000 + 0x10000000 || pa + 0x80000000 <= 0x800000000)) ||
		fail "the BAR at $pa overlaps the DIMM"
	echo "bar at $pa"
}

unplug_both() {
	hp_tool del v --timeout 20 >/dev/null
	hp_tool del d --timeout 20 >/dev/null
	sleep 0.5
	[[ $(hp_console | hp_last_ledger) == "$before" ]] || fail "ledger after the unplugs: $(hp_console | hp_last_ledger)"
}

plug_dimm
plug_bar
unplug_both
plug_bar
plug_dimm
unplug_both
echo "pass"
