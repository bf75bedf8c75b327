#!/usr/bin/env bash
# With reserve=0 a plug is refused and changes nothing; the kernel keeps
# serving: the refused device can still be unplugged (the guest ejects it, or
# tools/hotplug times out), and a second, different device is refused too.
# Every refusal names the reserve= value that would have accepted it, and a
# second boot with that value accepts the same plug.
source "$(dirname "$0")/hotplug_lib.bash"
hp_start "idle reserve=0"
before=$(hp_console | hp_last_ledger)
[[ -n $before ]] || fail "no ledger line before the plug"

check_refused() { # slot, console text
	grep -q -E "^hotplug: refused slot=$1 short=[1-9][0-9]*$" <<<"$2" || fail "slot $1 not refused: $2"
	! grep -q -E '^hotplug: add ' <<<"$2" || fail "slot $1 was added although refused"
	local l
	l=$(hp_last_ledger <<<"$2")
	[[ -z $l || $l == "$before" ]] || fail "ledger changed by a refused plug: '$l'"
}

mark=$(hp_mark)
hp_tool add ivshmem --size 64M --id hpr --addr 4 >/dev/null
hp_wait "$mark" '^hotplug: (refused|add) slot=4' 20
out=$(hp_since "$mark")
check_refused 4 "$out"
fits=$(sed -n -E 's/^hotplug: slot 4 would fit with reserve=([0-9]+) or more \(this boot kept 0 frames for hot-plug\)$/\1/p' <<<"$out")
[[ -n $fits ]] || fail "the refusal does not say what would have accepted it: $out"

mark=$(hp_mark)
hp_tool del hpr --timeout 20 >/dev/null
hp_wait "$mark" '^piix4: slot 4 ejected' 20
out=$(hp_since "$mark")
grep -q -E '^hotplug: remove slot=4 frames=0$' <<<"$out" || fail "no remove line for slot 4: $out"
l=$(hp_last_ledger <<<"$out")
[[ -z $l || $l == "$before" ]] || fail "ledger changed by removing a refused device: '$l'"

mark=$(hp_mark)
hp_tool add edu --id hpe --addr 6 >/dev/null
hp_wait "$mark" '^hotplug: (refused|add) slot=6' 20
check_refused 6 "$(hp_since "$mark")"
hp_tool del hpe --timeout 20 >/dev/null
hp_stop

# The value the refusal named accepts the same plug.
hp_start "idle reserve=$fits"
mark=$(hp_mark)
hp_tool add ivshmem --size 64M --id hpr --addr 4 >/dev/null
hp_wait "$mark" '^hotplug: (refused|add) slot=4' 20
grep -q -E '^hotplug: add slot=4 pa=0x[0-9a-f]+ len=0x4000000 frames=16384$' <<<"$(hp_since "$mark")" ||
	fail "reserve=$fits, named by the refusal, does not accept the plug: $(hp_since "$mark")"
echo "reserve=$fits accepts what reserve=0 refused"
echo "pass"
