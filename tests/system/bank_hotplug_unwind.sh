#!/usr/bin/env bash
# The space bank hears of a device exactly when the kernel adds it. Until
# the header window could grow, a 16 GiB ivshmem (8193 header pages) with
# reserve=8300 was refused half-way (its register page built and unwound)
# and the bank must hear nothing of it (issue: it heard a device-remove);
# that path is now only reachable on the fake machine
# (unit/hotplug: hotplug_window_full_unwinds checks the bank hears nothing).
# Here the same device fits the grown window (8193 pages + 16 page tables
# from the reserve): the bank hears one device-add per window and one
# device-remove per window when it leaves, and the ledger comes back.
source "$(dirname "$0")/hotplug_lib.bash"
IMG=build/i386/images/bank_reclaim.img
make --no-print-directory -s ARCH=i386 kernel "$IMG" >"$SYS_TMP/make.log" 2>&1 ||
	{ cat "$SYS_TMP/make.log"; fail "make $IMG"; }
HP_MACHINE=(-cpu pentium3 -m 128M) # 36 address bits: 64-bit BARs above 4 GiB
HP_IMAGE=$IMG
hp_start "idle reserve=8300"
boot=$(hp_console)
grep -q -E '^bank: serving; budget channel bound$' <<<"$boot" || fail "the bank did not bind"
before=$(hp_last_ledger <<<"$boot")

mark=$(hp_mark)
hp_tool add ivshmem --size 16G --id big --addr 4 >/dev/null
hp_wait "$mark" '^hotplug: (refused|add) slot=4' 20
hp_wait "$mark" '^bank: budget device-add=.*' 20
sleep 1
out=$(hp_since "$mark")
grep -q -E '^hotplug: add slot=4 pa=0x[0-9a-f]+ len=0x400000000 frames=4194304$' <<<"$out" ||
	fail "the 16 GiB device was not added in the grown header window: $out"
adds=$(grep -c -E '^bank: budget device-add=' <<<"$out")
((adds == 2)) || fail "the bank heard $adds device-add events, expected 2 (two windows): $out"
! grep -q -E '^bank: budget device-remove=' <<<"$out" || fail "the bank heard a device-remove: $out"
plugged=$(hp_last_ledger <<<"$out")
for k in device:4194305 header_region:8209 reserve:-8209; do
	want=${k#*:} k=${k%:*}
	got=$(($(hp_field "$plugged" "$k") - $(hp_field "$before" "$k")))
	((got == want)) || fail "$k changed by $got, expected $want: '$plugged'"
done

mark=$(hp_mark)
hp_tool del big --timeout 20 >/dev/null
hp_wait "$mark" '^piix4: slot 4 ejected' 20
sleep 1
out=$(hp_since "$mark")
removes=$(grep -c -E '^bank: budget device-remove=' <<<"$out")
((removes == 2)) || fail "the bank heard $removes device-remove events, expected 2: $out"
[[ $(hp_last_ledger <<<"$out") == "$before" ]] || fail "ledger after the unplug: $(hp_last_ledger <<<"$out")"

# The bank still hears about a device that is added and removed.
mark=$(hp_mark)
hp_tool add edu --id e --addr 6 >/dev/null
hp_wait "$mark" '^bank: budget device-add=' 20
hp_tool del e --timeout 20 >/dev/null
hp_wait "$mark" '^bank: budget device-remove=' 20
echo "pass"
