# One device through the space bank (bank_hotplug.sh, bank_hotplug_bridge.sh):
# bank_device_cycle SLOT LEN FRAMES ADD-ARGS... plugs an ivshmem `hpa` of LEN
# bytes (hp_tool add ivshmem --id hpa ADD-ARGS) while the client of
# tests/system/bank_hotplug.img.txt waits, sees it published (FRAMES frames
# in hot-plug SLOT) and mapped and read from user level through the bank,
# unplugs it: the bank sees the rescind, the client receives the rescind
# upcall naming the device and the one page it lost, its capability is stale
# and its read faults, and the ledger is back to where it was.
bank_device_cycle() {
	local slot=$1 len=$2 frames=$3 before after mark out up k
	shift 3
	before=$(hp_console | hp_last_ledger)
	mark=$(hp_mark)
	hp_tool add ivshmem --size "$len" --id hpa "$@" >/dev/null
	hp_wait "$mark" '^client: mapped device [0-9]+ frame 0 at 0x[0-9a-f]+: read 0x5ba4c$' 20
	out=$(hp_since "$mark")
	grep -q -E '^bank: budget device-add=' <<<"$out" || fail "the bank saw no device-add: $out"
	grep -q -E "^hotplug: add slot=$slot pa=0x[0-9a-f]+ len=0x$(printf '%x' $(($(numfmt --from=iec "$len")))) frames=$frames$" <<<"$out" ||
		fail "no add line: $out"

	mark=$(hp_mark)
	hp_tool del hpa --timeout 20 >/dev/null
	hp_wait "$mark" '^fault: pid=3 vector=14 addr=0x30000004$' 20
	out=$(hp_since "$mark")
	grep -q -E "^hotplug: remove slot=$slot frames=$((frames + 1))$" <<<"$out" || fail "no remove line: $out"
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
}
