#!/usr/bin/env bash
# Plug a 64 MiB ivshmem-plain into a running i386 kernel, check the add,
# ledger and budget lines, unplug it and check the ledger is back.
source "$(dirname "$0")/hotplug_lib.bash"
slot=4
hp_start idle
before=$(hp_console | hp_last_ledger)
[[ -n $before ]] || fail "no ledger line before the plug"
budget0=$(hp_console | grep -E '^budget: relaxed=' | tail -1 | sed -E 's/.*=//')
[[ -n $budget0 ]] || fail "no budget: relaxed line at boot"

mark=$(hp_mark)
hp_tool add ivshmem --size 64M --id hpa --addr $slot >/dev/null
hp_wait "$mark" '^budget: ' 20
out=$(hp_since "$mark")
grep -q -E "^hotplug: add slot=$slot pa=0x[0-9a-f]+ len=0x4000000 frames=16384$" <<<"$out" ||
	fail "no add line for the 64 MiB window: $out"
grep -q -E "^hotplug: add slot=$slot pa=0x[0-9a-f]+ len=0x1000 frames=1$" <<<"$out" ||
	fail "no add line for the register window: $out"
plugged=$(hp_last_ledger <<<"$out")
[[ -n $plugged ]] || fail "no ledger line after the plug"
dev0=$(hp_field "$before" device) dev1=$(hp_field "$plugged" device)
((dev1 - dev0 == 16385)) || fail "device frames went $dev0 -> $dev1, expected +16385"
# QEMU must decode the BAR where the kernel said it put it.
pa=$(sed -n -E "s/^hotplug: add slot=$slot pa=(0x[0-9a-f]+) len=0x4000000 .*/\1/p" <<<"$out")
bars=$(tools/hotplug --qmp "$HP_SOCK" list | sed -n '/ hpa /,/^[0-9a-f]/p')
grep -q -E "^  bar2 mem $pa size 0x4000000$" <<<"$bars" || fail "QEMU does not map BAR2 at $pa: $bars"
budget1=$(grep -E '^budget: ' <<<"$out" | tail -1 | sed -E 's/.*=//')
((budget1 >= budget0)) || fail "budget went down: $budget0 -> $budget1"

mark=$(hp_mark)
hp_tool del hpa --timeout 20 >/dev/null
hp_wait "$mark" "^piix4: slot $slot ejected" 20
out=$(hp_since "$mark")
grep -q -E "^hotplug: remove slot=$slot frames=16385$" <<<"$out" || fail "no remove line: $out"
after=$(hp_last_ledger <<<"$out")
[[ $after == "$before" ]] || fail "ledger after unplug differs: '$after' vs '$before'"
echo "plugged: $plugged"
echo "pass"
