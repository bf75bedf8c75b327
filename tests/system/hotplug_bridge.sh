#!/usr/bin/env bash
# PCI hot-plug behind a cold-plugged pci-bridge: QEMU gives the bridge's
# bus its own selector (BSEL) in the ACPI tables, the kernel finds it there
# and serves that bus too. An edu plugged behind the bridge is announced
# with its BAR inside the bridge's window, where QEMU decodes it, and its
# unplug returns the ledger exactly; a device whose BAR the window cannot
# hold is refused with a message naming the window, changes nothing, and
# is unplugged normally. doc/hotplug.md.
source "$(dirname "$0")/hotplug_lib.bash"
HP_MACHINE=(-m 128M -device pci-bridge,id=br,chassis_nr=1,addr=5)
hp_start idle
boot=$(hp_console)
grep -q -E '^piix4: bus selector 0 serves bus 0$' <<<"$boot" || fail "bus 0 has no selector line"
grep -q -E '^piix4: bus selector 1 serves bus 1 behind bridge 00:05\.0, removable slots 0x[0-9a-f]{8}$' <<<"$boot" ||
	fail "the bridge's bus was not found in the ACPI tables: $(grep -E '^(piix4|acpi):' <<<"$boot")"
win=$(sed -n -E 's/^pci: 00:05\.0 bridge to bus 1 window (0x[0-9a-f]+)-(0x[0-9a-f]+)$/\1 \2/p' <<<"$boot")
[[ -n $win ]] || fail "no window for the bridge at boot"
read -r wlo whi <<<"$win"
before=$(hp_last_ledger <<<"$boot")

# Bus 1, device 3: slot 1 << 8 | 3 << 3 = 280.
for cycle in 1 2; do
	mark=$(hp_mark)
	hp_tool add edu --id e --bus br --addr 3 >/dev/null
	hp_wait "$mark" '^budget: ' 20
	out=$(hp_since "$mark")
	grep -q -E '^piix4: slot 280 inserted \(bus 1 device 3\)$' <<<"$out" || fail "cycle $cycle: no insert line: $out"
	pa=$(sed -n -E 's/^hotplug: add slot=280 pa=(0x[0-9a-f]+) len=0x100000 frames=256$/\1/p' <<<"$out")
	[[ -n $pa ]] || fail "cycle $cycle: no add line for the edu behind the bridge: $out"
	((pa >= wlo && pa + 0x100000 <= whi)) || fail "cycle $cycle: BAR at $pa is outside the bridge window $wlo-$whi"
	tools/hotplug --qmp "$HP_SOCK" list | grep -A1 -E '^01:03\.0 ' | grep -q -E "^  bar0 mem $pa size 0x100000$" ||
		fail "cycle $cycle: QEMU does not decode the edu's BAR at $pa"
	plugged=$(hp_last_ledger <<<"$out")
	(($(hp_field "$plugged" device) - $(hp_field "$before" device) == 256)) ||
		fail "cycle $cycle: device frames: '$plugged' vs '$before'"

	mark=$(hp_mark)
	hp_tool del e --timeout 20 >/dev/null
	hp_wait "$mark" '^piix4: slot 280 ejected$' 20
	out=$(hp_since "$mark")
	grep -q -E '^hotplug: remove slot=280 frames=256$' <<<"$out" || fail "cycle $cycle: no remove line: $out"
	[[ $(hp_last_ledger <<<"$out") == "$before" ]] || fail "cycle $cycle: ledger after the unplug: $(hp_last_ledger <<<"$out")"
done

# A 4 MiB BAR does not fit the bridge's window: refused, named, nothing taken.
mark=$(hp_mark)
hp_tool add ivshmem --size 4M --id big --bus br --addr 4 >/dev/null
hp_wait "$mark" '^pci: slot 288 not added' 20
out=$(hp_since "$mark")
grep -q -E "^pci: 01:04\.0 bar2 size 0x400000: no room in the window $wlo-$whi of the bridge to bus 1 \(.*\)$" <<<"$out" ||
	fail "the refusal does not name the bridge's window: $out"
! grep -q -E '^hotplug: add slot=288' <<<"$out" || fail "the device was added: $out"
[[ -z $(hp_last_ledger <<<"$out") ]] || fail "the refusal moved the ledger: $out"
mark=$(hp_mark)
hp_tool del big --timeout 20 >/dev/null
hp_wait "$mark" '^piix4: slot 288 ejected$' 20
out=$(hp_since "$mark")
grep -q -E '^hotplug: remove slot=288 frames=0$' <<<"$out" || fail "the refused device's unplug: $out"
[[ $(hp_last_ledger <<<"$out") == "$before" ]] || fail "ledger at the end: $(hp_last_ledger <<<"$out")"

# A bridge behind the bridge: QEMU numbers its bus too (selector 2).
hp_stop
HP_MACHINE=(-m 128M -device pci-bridge,id=br,chassis_nr=1,addr=5
	-device pci-bridge,id=br2,bus=br,chassis_nr=2,addr=1)
hp_start idle
boot=$(hp_console)
grep -q -E '^piix4: bus selector 2 serves bus 2 behind bridge 01:01\.0, removable slots 0x[0-9a-f]{8}$' <<<"$boot" ||
	fail "the nested bridge's bus was not found: $(grep -E '^(piix4|acpi):' <<<"$boot")"
before=$(hp_last_ledger <<<"$boot")
mark=$(hp_mark)
hp_tool add edu --id e2 --bus br2 --addr 2 >/dev/null
hp_wait "$mark" '^budget: ' 20
hp_since "$mark" | grep -q -E '^hotplug: add slot=528 pa=0x[0-9a-f]+ len=0x100000 frames=256$' ||
	fail "no add line behind the nested bridge: $(hp_since "$mark")"
mark=$(hp_mark)
hp_tool del e2 --timeout 20 >/dev/null
hp_wait "$mark" '^piix4: slot 528 ejected$' 20
[[ $(hp_since "$mark" | hp_last_ledger) == "$before" ]] || fail "ledger after the nested unplug"
echo "pass"
