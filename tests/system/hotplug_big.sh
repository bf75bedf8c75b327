#!/usr/bin/env bash
# The header window grows past its fixed 16 MiB (which capped hot-plugged RAM
# near 3 GiB and device memory near 8 GiB): a 6 GiB DIMM (6144 header pages,
# self-funded, plus 12 page tables from the reserve) and a 16 GiB ivshmem
# (8193 header pages and 16 tables, all from the reserve) are plugged over
# QMP, the boot log names the window's limit, and unplugging both returns
# the ledger exactly. memory-backend-ram is lazily allocated on the host:
# only the header pages the kernel zeroes (about 24 MiB) are touched.
source "$(dirname "$0")/hotplug_lib.bash"
HP_MACHINE=(-cpu pentium3 -m "128M,slots=4,maxmem=8G")
hp_start "idle reserve=8300"
boot=$(hp_console)
grep -q -E '^paging: hdrwin grows to 0xffc00000 by 118 regions of 2 MiB \(tables from the reserve\): 64512 header pages, for 126 GiB of device memory or 63 GiB of RAM$' <<<"$boot" ||
	fail "the boot log does not name the header window's limit"
before=$(hp_last_ledger <<<"$boot")
[[ -n $before ]] || fail "no ledger line at boot"

mark=$(hp_mark)
hp_tool add dimm --size 6G --id dm >/dev/null
hp_wait "$mark" '^budget: ' 30
out=$(hp_since "$mark")
grep -q -E '^hotplug: add-ram slot=0 pa=0x100000000 len=0x180000000 frames=1572864 headers=6144 tables=12$' <<<"$out" ||
	fail "the 6 GiB DIMM was not added with 12 tables: $out"
dimm=$(hp_last_ledger <<<"$out")
for k in total:1572864 banked:1566720 header_region:6156 reserve:-12 device:0; do
	want=${k#*:} k=${k%:*}
	got=$(($(hp_field "$dimm" "$k") - $(hp_field "$before" "$k")))
	((got == want)) || fail "DIMM: $k changed by $got, expected $want: '$dimm'"
done

mark=$(hp_mark)
hp_tool add ivshmem --size 16G --id big --addr 4 >/dev/null
hp_wait "$mark" '^hotplug: (refused|add) slot=4' 30
hp_wait "$mark" '^budget: ' 10
out=$(hp_since "$mark")
grep -q -E '^hotplug: add slot=4 pa=0x[0-9a-f]+ len=0x400000000 frames=4194304$' <<<"$out" ||
	fail "the 16 GiB device was not added: $out"
both=$(hp_last_ledger <<<"$out")
for k in device:4194305 header_region:8209 reserve:-8209 banked:0; do
	want=${k#*:} k=${k%:*}
	got=$(($(hp_field "$both" "$k") - $(hp_field "$dimm" "$k")))
	((got == want)) || fail "device: $k changed by $got, expected $want: '$both'"
done
pa=$(sed -n -E 's/^hotplug: add slot=4 pa=(0x[0-9a-f]+) len=0x400000000 .*/\1/p' <<<"$out")
tools/hotplug --qmp "$HP_SOCK" list | grep -q -E "^  bar2 mem $pa " || fail "QEMU does not decode BAR2 at $pa"

mark=$(hp_mark)
hp_tool del big --timeout 30 >/dev/null
hp_wait "$mark" '^piix4: slot 4 ejected' 30
out=$(hp_since "$mark")
grep -q -E '^hotplug: remove slot=4 frames=4194305$' <<<"$out" || fail "no remove line for the device: $out"
[[ $(hp_last_ledger <<<"$out") == "$dimm" ]] || fail "ledger after the device left: $(hp_last_ledger <<<"$out")"

mark=$(hp_mark)
hp_tool del dm --timeout 30 >/dev/null
hp_wait "$mark" '^memhp: slot 0 ejected' 30
out=$(hp_since "$mark")
grep -q -E '^hotplug: remove-ram slot=0 frames=1572864$' <<<"$out" || fail "no remove-ram line: $out"
[[ $(hp_last_ledger <<<"$out") == "$before" ]] || fail "ledger after the DIMM left: $(hp_last_ledger <<<"$out") vs $before"
echo "dimm: $dimm"
echo "both: $both"
echo "pass"
