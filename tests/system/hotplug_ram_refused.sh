#!/usr/bin/env bash
# On QEMU's default qemu32 CPU (32-bit physical addresses, no PSE36) a DIMM,
# which lands at 4 GiB, is refused cleanly: the reason is named, the ledger
# does not change, and the kernel keeps serving: a PCI device still comes and
# goes, and the refused DIMM is still unplugged (ejected, DEVICE_DELETED).
source "$(dirname "$0")/hotplug_lib.bash"
HP_MACHINE=(-m "128M,slots=4,maxmem=1G")
hp_start idle
grep -q -E '^memhp: ram hot-plug present, cpu limit 0x100000000$' <(hp_console) ||
	fail "no memhp line with a 32-bit limit at boot"
before=$(hp_console | hp_last_ledger)
[[ -n $before ]] || fail "no ledger line before the plug"

mark=$(hp_mark)
hp_tool add dimm --size 128M --id dm >/dev/null
hp_wait "$mark" '^hotplug: (refused-ram|add-ram) slot=0' 20
out=$(hp_since "$mark")
grep -q -E "^hotplug: refused-ram slot=0 pa=0x100000000 len=0x8000000 limit=0x100000000: above the CPU's physical-address limit$" <<<"$out" ||
	fail "DIMM not refused for the CPU's limit: $out"
! grep -q -E '^(hotplug: add-ram|ledger:)' <<<"$out" || fail "a refused DIMM changed something: $out"

mark=$(hp_mark)
hp_tool add edu --id hpe --addr 6 >/dev/null
hp_wait "$mark" '^budget: ' 20
grep -q -E '^hotplug: add slot=6 ' <<<"$(hp_since "$mark")" || fail "the kernel stopped serving PCI hot-plug"
hp_tool del hpe --timeout 20 >/dev/null

mark=$(hp_mark)
hp_tool del dm --timeout 20 >/dev/null
hp_wait "$mark" '^memhp: slot 0 ejected' 20
out=$(hp_since "$mark")
grep -q -E '^hotplug: remove-ram slot=0 frames=0$' <<<"$out" || fail "no remove-ram line for the refused DIMM: $out"
after=$(hp_last_ledger <<<"$out")
[[ $after == "$before" ]] || fail "ledger changed: '$after' vs '$before'"
echo "pass"
