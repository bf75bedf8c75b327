#!/usr/bin/env bash
# A device refused half-way through its add (its headers fit the reserve but
# not the header window, so the windows already built are taken down again)
# was never announced to the space bank: the bank must hear no device-remove
# for it (issue: it did). The space bank runs (bank_reclaim.img); a 16 GiB
# ivshmem needs 8193 header pages with reserve=8300, more than the header
# window maps; its register page is added first and unwound.
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
sleep 1
out=$(hp_since "$mark")
grep -q -E '^hotplug: refused slot=4 short=0 \(out of memory\)$' <<<"$out" || fail "not refused half-way: $out"
grep -q -E '^hotplug: slot 4: no room for its 8193 header pages .*more reserve would not help$' <<<"$out" ||
	fail "the refusal does not say why more reserve would not help: $out"
! grep -q -E '^bank: (budget device-(add|remove)|device [0-9]+ (published|rescinded))' <<<"$out" ||
	fail "the bank heard of a device it was never told about: $out"
l=$(hp_last_ledger <<<"$out")
[[ -z $l || $l == "$before" ]] || fail "the refusal changed the ledger: '$l'"

# The bank still hears about a device that is added and removed.
mark=$(hp_mark)
hp_tool add edu --id e --addr 6 >/dev/null
hp_wait "$mark" '^bank: budget device-add=' 20
hp_tool del e --timeout 20 >/dev/null
hp_wait "$mark" '^bank: budget device-remove=' 20
hp_tool del big --timeout 20 >/dev/null
echo "pass"
