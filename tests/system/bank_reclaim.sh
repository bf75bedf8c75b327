#!/usr/bin/env bash
# Reclaim end to end (doc/memory.md §5, the budget protocol's "Reclaim"):
# boot the space bank with the default reserve (128 free frames kept after
# relaxing, the rest released to banked) in `idle` mode.
#  (a) A 512 MiB ivshmem needs 257 header frames: pending, the bank answers,
#      the kernel takes exactly the shortage banked -> reserve
#      (`budget: reclaimed=`), the device is added; on unplug the headers come
#      back and the reclaimed frames return to banked (`budget: returned=`):
#      the ledger is the one before the plug.
#  (b) A 1 GiB ivshmem is short by more than the reserve ever released: the
#      bank is asked and answers, nothing is taken, the device is refused,
#      and the bus driver hears it: QEMU sees its memory decoding off, and
#      its address space is free (a second 1 GiB device, refused the same
#      way, lands on the same addresses). Their unplugs leave the ledger as
#      it was; then an edu and the 512 MiB device again are served as before.
source "$(dirname "$0")/hotplug_lib.bash"
IMG=build/i386/images/bank_reclaim.img
make --no-print-directory -s ARCH=i386 kernel "$IMG" >"$SYS_TMP/make.log" 2>&1 ||
	{ cat "$SYS_TMP/make.log"; fail "make $IMG"; }
HP_MACHINE=(-cpu pentium3 -m 128M) # 36 address bits: 64-bit BARs above 4 GiB
HP_IMAGE=$IMG
hp_start idle
boot=$(hp_console)
before=$(hp_last_ledger <<<"$boot")
budget0=$(($(hp_field "$before" banked) + $(hp_field "$before" objects)))
kept=$(sed -n -E 's/^reserve: kept=([0-9]+) .*/\1/p' <<<"$boot")
released=$(sed -n -E 's/^reserve: .* released=([0-9]+)$/\1/p' <<<"$boot")
grep -q -E '^bank: serving; budget channel bound$' <<<"$boot" || fail "the bank did not bind"
# 512 MiB: 256 header frames + 1 for the register page; 1 GiB: 512 + 1.
need=257 huge=513
((need > kept && need - kept <= released && huge - kept > released)) ||
	fail "the boot reserve (kept=$kept released=$released) does not fit this test"

# plug_reclaimed ID SLOT: the 512 MiB device goes pending and is added with
# exactly its shortage reclaimed; unplugged, the ledger is back to $before.
plug_reclaimed() {
	local id=$1 slot=$2 short=$((need - kept)) mark out after
	mark=$(hp_mark)
	hp_tool add ivshmem --size 512M --id "$id" --addr "$slot" >/dev/null
	hp_wait "$mark" "^bank: reclaim slot=$slot " 20
	hp_wait "$mark" '^bank: device [0-9]+ published pa=0x[0-9a-f]+ frames=131072$' 20
	out=$(hp_since "$mark")
	grep -q -E "^hotplug: pending slot=$slot short=$short: reclaim asked$" <<<"$out" ||
		fail "no pending line for slot $slot: $out"
	grep -q -E "^budget: reclaimed=$((budget0 - short))$" <<<"$out" ||
		fail "budget not reclaimed by exactly $short: $out"
	grep -q -E "^bank: reclaim slot=$slot asked=$short gave_back=[0-9]+ spare=[0-9]+ taken=$short added$" <<<"$out" ||
		fail "the bank's answer: $out"
	grep -q -E "^hotplug: add slot=$slot pa=0x[0-9a-f]+ len=0x20000000 frames=131072$" <<<"$out" ||
		fail "no add line: $out"
	grep -q -E "^budget: relaxed=$((budget0 - short))$" <<<"$out" || fail "budget after the add: $out"
	grep -q -E "^bank: budget lowered=$((budget0 - short))$" <<<"$out" ||
		fail "the bank's limit did not follow: $out"
	after=$(hp_last_ledger <<<"$out")
	local -A delta=([total]=131073 [image]=0 [fixed_heap]=0 [header_region]=$need
		[reserve]=$((short - need)) [banked]=$((-short)) [device]=131073 [boot]=0 [objects]=0)
	for k in "${!delta[@]}"; do
		(($(hp_field "$after" "$k") - $(hp_field "$before" "$k") == ${delta[$k]})) ||
			fail "$k moved by other than ${delta[$k]}: '$before' -> '$after'"
	done

	mark=$(hp_mark)
	hp_tool del "$id" --timeout 20 >/dev/null
	hp_wait "$mark" "^bank: budget returned=$budget0$" 20
	out=$(hp_since "$mark")
	grep -q -E "^hotplug: remove slot=$slot frames=131073$" <<<"$out" || fail "no remove line: $out"
	grep -q -E "^budget: returned=$budget0$" <<<"$out" || fail "frames not returned: $out"
	[[ $(hp_last_ledger <<<"$out") == "$before" ]] ||
		fail "ledger after unplug: '$(hp_last_ledger <<<"$out")' vs '$before'"
}

plug_reclaimed hpa 4

# (b) too short for anything the bank could give
mark=$(hp_mark)
hp_tool add ivshmem --size 1G --id hpb --addr 5 >/dev/null
hp_wait "$mark" '^bank: reclaim slot=5 ' 20
out=$(hp_since "$mark")
short=$((huge - kept))
grep -q -E "^hotplug: pending slot=5 short=$short: reclaim asked$" <<<"$out" || fail "not pending: $out"
grep -q -E "^hotplug: refused slot=5 short=$short$" <<<"$out" || fail "not refused: $out"
grep -q -E "^bank: reclaim slot=5 asked=$short gave_back=[0-9]+ spare=[0-9]+ taken=0 refused$" <<<"$out" ||
	fail "the bank's answer: $out"
grep -q -E '^(budget: (reclaimed|returned)|hotplug: add |ledger: )' <<<"$out" &&
	fail "a refused device changed something: $out"
grep -q -E '^pci: slot 5 waits for the space bank$' <<<"$out" || fail "the bus did not wait: $out"
grep -q -E "^pci: slot 5 refused after waiting for the space bank \(short=$short\): decoding off, windows released$" <<<"$out" ||
	fail "the bus driver was not told of the refusal: $out"
bar2=$(sed -n -E 's/^pci: 00:05\.0 bar2 mem64 pref (0x[0-9a-f]+) size 0x40000000 \(assigned\)$/\1/p' <<<"$out")
[[ -n $bar2 ]] || fail "no bar2 line for slot 5: $out"
# QEMU's view: every memory BAR of the refused device is unmapped.
listing=$(tools/hotplug --qmp "$HP_SOCK" list) || fail "tools/hotplug list"
slot5=$(awk '/^00:05\.0 /{on=1; next} /^[0-9a-f]/{on=0} on' <<<"$listing")
grep -q -E '^  bar2 mem - size 0x40000000$' <<<"$slot5" || fail "slot 5 still decodes: $listing"
grep -q -E '^  bar[0-9] mem 0x' <<<"$slot5" && fail "slot 5 still decodes: $listing"
# Its windows were released: the next 1 GiB device is placed on them.
mark=$(hp_mark)
hp_tool add ivshmem --size 1G --id hpe --addr 8 >/dev/null
hp_wait "$mark" '^pci: slot 8 refused after waiting for the space bank ' 20
grep -q -E "^pci: 00:08\.0 bar2 mem64 pref $bar2 size 0x40000000 \(assigned\)$" <<<"$(hp_since "$mark")" ||
	fail "slot 5's window at $bar2 was not reused: $(hp_since "$mark")"
for id_slot in hpb:5 hpe:8; do
	mark=$(hp_mark)
	hp_tool del "${id_slot%:*}" --timeout 20 >/dev/null
	hp_wait "$mark" "^piix4: slot ${id_slot#*:} ejected" 20
	out=$(hp_since "$mark")
	grep -q -E "^hotplug: remove slot=${id_slot#*:} frames=0$" <<<"$out" ||
		fail "no remove line for slot ${id_slot#*:}: $out"
	[[ $(hp_last_ledger <<<"$out") == "$before" ]] || fail "ledger after the refused device: $out"
	grep -q -E "^budget: relaxed=$budget0$" <<<"$out" || fail "budget after the refused device: $out"
done

# Both keep serving: a device that fits the reserve, then reclaim again.
mark=$(hp_mark)
hp_tool add edu --id hpc --addr 6 >/dev/null
hp_wait "$mark" '^bank: device [0-9]+ published pa=0x[0-9a-f]+ frames=256$' 20
grep -q -E '^hotplug: (pending|refused) ' <<<"$(hp_since "$mark")" && fail "the edu waited"
hp_tool del hpc --timeout 20 >/dev/null
plug_reclaimed hpd 7
echo "pass"
