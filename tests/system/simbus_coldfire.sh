#!/usr/bin/env bash
# ColdFire simulated device bus: the host adds and removes device ranges over
# UART1 (tools/simbus) and the kernel runs the same hot-plug path as i386:
# headers from the reserve, resource tree, ledger, budget. Checks an add, a
# removal back to the exact ledger, a refusal that changes nothing, a bad
# command, and 10 add/remove cycles without drift.
source "$(dirname "$0")/hotplug_lib.bash"
SB_SOCK=$SYS_TMP/simbus.sock

sb_start() {
	hp_boot coldfire "$1" '^idle: serving events' -serial "unix:$SB_SOCK,server=on,wait=off"
}

sb() { # expected-reply-regex args...
	local want=$1 reply
	shift
	reply=$(tools/simbus --sock "$SB_SOCK" "$@")
	grep -q -E "^$want$" <<<"$reply" || fail "simbus $*: replied '$reply', expected /$want/"
}

sb_start idle
grep -q -E '^hotplug: add slot=0 pa=0x0 len=0x200000 frames=512$' <(hp_console) ||
	fail "the boot device (ROM window) was not added"
before=$(hp_console | hp_last_ledger)
[[ -n $before ]] || fail "no ledger line at boot"

mark=$(hp_mark)
sb ok add 5 0x90000000 4M
hp_wait "$mark" '^budget: ' 10
out=$(hp_since "$mark")
grep -q -E '^hotplug: add slot=5 pa=0x90000000 len=0x400000 frames=1024$' <<<"$out" ||
	fail "no add line: $out"
plugged=$(hp_last_ledger <<<"$out")
(($(hp_field "$plugged" device) - $(hp_field "$before" device) == 1024)) ||
	fail "device frames: '$before' -> '$plugged'"
(($(hp_field "$plugged" banked) == $(hp_field "$before" banked))) || fail "banked changed on add"

mark=$(hp_mark)
sb 'removed frames=1024' del 5
hp_wait "$mark" '^budget: ' 10
after=$(hp_since "$mark" | hp_last_ledger)
[[ $after == "$before" ]] || fail "ledger after removal: '$after', before: '$before'"

# 1.5 GiB of device memory needs more header frames than the reserve holds.
mark=$(hp_mark)
sb 'refused short=[0-9]+' add 6 0x90000000 0x60000000
hp_wait "$mark" '^hotplug: refused slot=6 short=[0-9]+$' 10
sb 'error .*' add 40 0x90000000 4M
sb 'error .*' add 7 0x90000800 4M
[[ $(hp_console | hp_last_ledger) == "$before" ]] || fail "a refused command changed the ledger"

for i in $(seq 1 10); do
	sb ok add 8 0x90000000 1M 0x90200000 64K
	sb 'removed frames=272' del 8
done
mark=$(hp_mark)
sb 'removed frames=0' del 8
hp_wait "$mark" '^budget: ' 10
[[ $(hp_since "$mark" | hp_last_ledger) == "$before" ]] || fail "ledger drifted after 10 cycles"
echo "ledger: $before"
echo "pass"
