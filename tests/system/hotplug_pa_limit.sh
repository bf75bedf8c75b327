#!/usr/bin/env bash
# Device windows stop at the CPU's physical-address limit, as RAM does
# (issue: on qemu32, 32 address bits, a BAR above 4 GiB was accepted and
# published though no process could map it).
#  - at boot SeaBIOS puts a 2 GiB ivshmem's 64-bit BAR at 4 GiB: the kernel
#    places it again, finds no room below 4 GiB, and refuses the device;
#  - a hot-plugged 2 GiB ivshmem is not placed in the 64-bit window above
#    4 GiB: refused the same way, the ledger unchanged;
#  - with -cpu pentium3 (36 bits) the same plug lands above 4 GiB and is added.
source "$(dirname "$0")/hotplug_lib.bash"
HP_MACHINE=(-m 128M -object memory-backend-ram,id=hb-mem,size=2G
	-device ivshmem-plain,id=hb,memdev=hb-mem,addr=3)
hp_start "idle reserve=1100"
boot=$(hp_console)
grep -q -E "^pci: 00:03.0 bar2 at 0x100000000 is above the CPU's physical-address limit 0x100000000: placing it again$" <<<"$boot" ||
	fail "the firmware's BAR above 4 GiB was not noticed: $(grep -E '^pci: 00:03' <<<"$boot")"
grep -q -E "^pci: 00:03.0 bar2 size 0x80000000: no room below the CPU's physical-address limit 0x100000000" <<<"$boot" ||
	fail "no reason for the refusal at boot"
! grep -q -E '^hotplug: add slot=3 ' <<<"$boot" || fail "the unreachable boot device was added"
before=$(hp_last_ledger <<<"$boot")

mark=$(hp_mark)
hp_tool add ivshmem --size 2G --id hp --addr 4 >/dev/null
hp_wait "$mark" '^pci: slot 4 not added|^hotplug: add slot=4 ' 20
out=$(hp_since "$mark")
grep -q -E "^pci: 00:04.0 bar2 size 0x80000000: no room below the CPU's physical-address limit 0x100000000" <<<"$out" ||
	fail "the hot-plugged BAR was placed beyond the limit: $out"
! grep -q -E '^hotplug: add slot=4 ' <<<"$out" || fail "the unreachable device was added: $out"
[[ $(hp_console | hp_last_ledger) == "$before" ]] || fail "the refusal changed the ledger"
hp_tool del hp --timeout 20 >/dev/null
hp_stop

HP_MACHINE=(-cpu pentium3 -m 128M)
hp_start "idle reserve=1100"
mark=$(hp_mark)
hp_tool add ivshmem --size 2G --id hp --addr 4 >/dev/null
hp_wait "$mark" '^pci: slot 4 not added|^hotplug: add slot=4 ' 20
grep -q -E '^hotplug: add slot=4 pa=0x[89a-f][0-9a-f]{8} len=0x80000000 frames=524288$' <<<"$(hp_since "$mark")" ||
	fail "with 36 address bits the device was not added above 4 GiB: $(hp_since "$mark")"
echo "pass"
