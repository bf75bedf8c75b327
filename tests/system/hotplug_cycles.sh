#!/usr/bin/env bash
# 20 plug/unplug cycles of a 64 MiB ivshmem-plain: the ledger after every
# plug is the same, and after every unplug it is the one from before.
source "$(dirname "$0")/hotplug_lib.bash"
slot=5 cycles=20
hp_start idle
before=$(hp_console | hp_last_ledger)
[[ -n $before ]] || fail "no ledger line before the first plug"
first=
for ((i = 1; i <= cycles; i++)); do
	mark=$(hp_mark)
	hp_tool add ivshmem --size 64M --id hpc --addr $slot >/dev/null
	hp_wait "$mark" '^budget: ' 20
	out=$(hp_since "$mark")
	grep -q -E "^hotplug: add slot=$slot .* frames=16384$" <<<"$out" || fail "cycle $i: no add line"
	plugged=$(hp_last_ledger <<<"$out")
	[[ -n $first ]] || first=$plugged
	[[ $plugged == "$first" ]] || fail "cycle $i: plugged ledger drifted: '$plugged' vs '$first'"

	mark=$(hp_mark)
	hp_tool del hpc --timeout 20 >/dev/null
	hp_wait "$mark" "^piix4: slot $slot ejected" 20
	out=$(hp_since "$mark")
	grep -q -E "^hotplug: remove slot=$slot frames=16385$" <<<"$out" || fail "cycle $i: no remove line"
	after=$(hp_last_ledger <<<"$out")
	[[ $after == "$before" ]] || fail "cycle $i: ledger drifted: '$after' vs '$before'"
done
echo "$cycles cycles, ledger stable: $before"
echo "pass"
