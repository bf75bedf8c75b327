#!/usr/bin/env bash
# bank_hotplug with the device behind a cold-plugged pci-bridge (bus 1,
# served through its ACPI bus selector): a 1 MiB ivshmem plugged behind the
# bridge is published to the space bank, the client maps its first frame
# through the bank and reads it from user level; the unplug rescinds it, the
# client's capability goes stale and its read faults, and the ledger is back.
source "$(dirname "$0")/hotplug_lib.bash"
IMG=build/i386/images/bank_hotplug.img
make --no-print-directory -s ARCH=i386 kernel "$IMG" >"$SYS_TMP/make.log" 2>&1 ||
	{ cat "$SYS_TMP/make.log"; fail "make $IMG"; }
HP_MACHINE=(-m 128M -device pci-bridge,id=br,chassis_nr=1,addr=5)
HP_IMAGE=$IMG
slot=288 # bus 1, device 4
# The client polls with a sleep, so the kernel never reaches `idle: serving
# events`: wait for the client instead.
hp_start idle '^client: waiting for device'
before=$(hp_console | hp_last_ledger)

mark=$(hp_mark)
hp_tool add ivshmem --size 1M --id hpa --bus br --addr 4 >/dev/null
hp_wait "$mark" '^client: mapped device [0-9]+ frame 0 at 0x[0-9a-f]+: read 0x5ba4c$' 20
out=$(hp_since "$mark")
grep -q -E '^bank: budget device-add=' <<<"$out" || fail "the bank saw no device-add: $out"
grep -q -E "^hotplug: add slot=$slot pa=0x[0-9a-f]+ len=0x100000 frames=256$" <<<"$out" ||
	fail "no add line: $out"

mark=$(hp_mark)
hp_tool del hpa --timeout 20 >/dev/null
hp_wait "$mark" '^fault: pid=3 vector=14 addr=0x30000004$' 20
out=$(hp_since "$mark")
grep -q -E "^hotplug: remove slot=$slot frames=257$" <<<"$out" || fail "no remove line: $out"
grep -q -E '^bank: device [0-9]+ rescinded pa=' <<<"$out" || fail "the bank saw no rescind: $out"
grep -q -E '^client: device page capability stale' <<<"$out" || fail "the client's cap lived: $out"
# The upcall names one of the device's ranges the bank saw rescinded (the
# device has two BARs), and the one page the client had mapped.
up=$(sed -n -E 's/^client: rescind upcall pfn=0x([0-9a-f]+) pages=1 dropped=0$/\1/p' <<<"$out")
[[ -n $up ]] || fail "no rescind upcall with 1 page: $out"
grep -q -E "^bank: device [0-9]+ rescinded pa=0x$(printf '%x' $((0x$up << 12)))$" <<<"$out" ||
	fail "the rescind upcall names pfn 0x$up, which the bank did not see go: $out"
grep -q -E '^client: read .* \(no fault\)' <<<"$out" && fail "stale access: $out"
after=$(hp_last_ledger <<<"$out")
# The page table made for the client's mapping stays with the client (one
# frame banked -> objects): compare everything else, and the budget.
for k in total image fixed_heap header_region reserve device boot; do
	[[ $(hp_field "$after" $k) == $(hp_field "$before" $k) ]] ||
		fail "$k differs after unplug: '$after' vs '$before'"
done
(($(hp_field "$after" banked) + $(hp_field "$after" objects) == \
	$(hp_field "$before" banked) + $(hp_field "$before" objects))) ||
	fail "the budget differs after unplug: '$after' vs '$before'"
echo "pass"
