#!/usr/bin/env bash
# Reclaim on ColdFire through the simulated bus (doc/hotplug.md, doc/spacebank.md
# "Reclaim"): the space bank runs (image tests/system/bank_reclaim.img.txt) and
# the host adds devices over UART1 (tools/simbus). Without an MMU a device's
# headers need one run of reserve frames; the released frames next to the
# kept ones hold the image's objects, so the kernel asks for a whole run of
# released frames.
#  (a) 384 MiB needs 192 header frames, more than the 128 kept: pending; the
#      bank consents, the run is reclaimed, the device added, and only then
#      does UART1 answer `ok`. A second add sent on the same connection while
#      the first waits is answered after it, in order. Unplugged, the ledger
#      and the budget are the ones from boot.
#  (b) 1 GiB + 1 MiB needs 513 header frames, more than the reserve's whole
#      hot-plug part (512; the ROM window's frame is held apart since boot
#      devices are counted on top): the bank is asked and answers, nothing is
#      taken, and the answer is `refused short=385` (before, the bus had
#      already said `ok`).
#  (c) A device that fits the reserve is answered at once, as before.
source "$(dirname "$0")/hotplug_lib.bash"
IMG=build/coldfire/images/bank_reclaim.img
SB_SOCK=$SYS_TMP/simbus.sock
make --no-print-directory -s ARCH=coldfire kernel "$IMG" >"$SYS_TMP/make.log" 2>&1 ||
	{ cat "$SYS_TMP/make.log"; fail "make $IMG"; }

HP_IMAGE=$IMG
hp_boot coldfire idle '^idle: serving events' -serial "unix:$SB_SOCK,server=on,wait=off"
boot=$(hp_console)
grep -q -E '^bank: serving; budget channel bound$' <<<"$boot" || fail "the bank did not bind"
before=$(hp_last_ledger <<<"$boot")
budget0=$(($(hp_field "$before" banked) + $(hp_field "$before" objects)))
kept=$(sed -n -E 's/^reserve: kept=([0-9]+) .*/\1/p' <<<"$boot")
released=$(sed -n -E 's/^reserve: .* released=([0-9]+)$/\1/p' <<<"$boot")
need=192 huge=513
((need > kept && need <= released && huge > kept + released)) ||
	fail "the boot reserve (kept=$kept released=$released) does not fit this test"

# line_of MARK REGEX: the number of the first line after MARK that matches.
line_of() {
	hp_since "$1" | grep -n -m1 -E "$2" | cut -d: -f1
}

# (a) pending, answered after the bank's decision; the next command waits its turn
mark=$(hp_mark)
replies=$(tools/simbus --sock "$SB_SOCK" send "add 9 0x90000000 0x18000000" "add 5 0xb0000000 0x400000") ||
	fail "pipelined adds: '$replies'"
[[ $replies == $'ok\nok' ]] || fail "answers to two adds: '$replies'"
hp_wait "$mark" '^bank: reclaim slot=9 ' 20
hp_wait "$mark" '^bank: device [0-9]+ published pa=0xb0000000 frames=1024$' 20
out=$(hp_since "$mark")
grep -q -E "^hotplug: pending slot=9 short=$need: reclaim asked$" <<<"$out" ||
	fail "not pending for a run of $need: $out"
grep -q -E "^bank: reclaim slot=9 asked=$need gave_back=[0-9]+ spare=[0-9]+ taken=$need added$" <<<"$out" ||
	fail "the bank's answer: $out"
grep -q -E "^budget: reclaimed=$((budget0 - need))$" <<<"$out" || fail "not reclaimed by $need: $out"
waits=$(line_of "$mark" '^simbus: slot 9 waits for the space bank; answer deferred$')
reclaimed=$(line_of "$mark" '^budget: reclaimed=')
added=$(line_of "$mark" '^hotplug: add slot=9 pa=0x90000000 len=0x18000000 frames=98304$')
decided=$(line_of "$mark" '^simbus: slot 9 added after waiting for the space bank$')
next=$(line_of "$mark" '^hotplug: add slot=5 pa=0xb0000000 len=0x400000 frames=1024$')
[[ -n $waits && -n $reclaimed && -n $added && -n $decided && -n $next ]] || fail "missing lines: $out"
((waits < reclaimed && reclaimed < added && added < decided && decided < next)) ||
	fail "out of order (waits $waits, reclaimed $reclaimed, added $added, answered $decided, next add $next): $out"
plugged=$(hp_last_ledger <<<"$out")
(($(hp_field "$plugged" banked) == $(hp_field "$before" banked) - need)) ||
	fail "banked did not drop by $need: '$before' -> '$plugged'"

mark=$(hp_mark)
reply=$(tools/simbus --sock "$SB_SOCK" del 9) || fail "del 9: $reply"
[[ $reply == 'removed frames=98304' ]] || fail "del 9: $reply"
reply=$(tools/simbus --sock "$SB_SOCK" del 5) || fail "del 5: $reply"
[[ $reply == 'removed frames=1024' ]] || fail "del 5: $reply"
hp_wait "$mark" "^bank: budget returned=$budget0$" 20
out=$(hp_since "$mark")
[[ $(hp_last_ledger <<<"$out") == "$before" ]] ||
	fail "ledger after the unplugs: '$(hp_last_ledger <<<"$out")' vs '$before'"

# (b) more than the reserve could ever get back: asked, answered, refused
mark=$(hp_mark)
short=$((huge - kept))
reply=$(tools/simbus --sock "$SB_SOCK" add 6 0x90000000 0x40100000)
[[ $reply == "refused short=$short" ]] || fail "the 1 GiB + 1 MiB add was answered '$reply'"
hp_wait "$mark" '^bank: reclaim slot=6 ' 20
out=$(hp_since "$mark")
grep -q -E "^hotplug: pending slot=6 short=$short: reclaim asked$" <<<"$out" || fail "not pending: $out"
grep -q -E "^bank: reclaim slot=6 asked=$short gave_back=[0-9]+ spare=[0-9]+ taken=0 refused$" <<<"$out" ||
	fail "the bank's answer: $out"
waits=$(line_of "$mark" '^simbus: slot 6 waits for the space bank; answer deferred$')
refused=$(line_of "$mark" "^hotplug: refused slot=6 short=$short$")
decided=$(line_of "$mark" '^simbus: slot 6 refused after waiting for the space bank$')
[[ -n $waits && -n $refused && -n $decided ]] && ((waits < refused && refused < decided)) ||
	fail "the refusal was not answered after the decision: $out"
grep -q -E '^(budget: (reclaimed|returned)|hotplug: add |ledger: )' <<<"$out" &&
	fail "a refused device changed something: $out"
reply=$(tools/simbus --sock "$SB_SOCK" del 6) || fail "del 6: $reply"
[[ $reply == 'removed frames=0' ]] || fail "del 6: $reply"

# (c) a device that fits the reserve is answered at once
mark=$(hp_mark)
reply=$(tools/simbus --sock "$SB_SOCK" add 7 0x90000000 4M) || fail "add 7: $reply"
[[ $reply == ok ]] || fail "add 7: $reply"
grep -q -E '^(hotplug: pending|simbus: slot 7 waits)' <<<"$(hp_since "$mark")" && fail "the small device waited"
reply=$(tools/simbus --sock "$SB_SOCK" del 7) || fail "del 7: $reply"
hp_wait "$mark" '^bank: device [0-9]+ rescinded pa=0x90000000$' 20
[[ $(hp_console | hp_last_ledger) == "$before" ]] || fail "ledger drifted: $(hp_console | hp_last_ledger)"
grep -q -E "^budget: (relaxed|returned)=$budget0$" <<<"$(hp_since "$mark")" || fail "budget drifted"
echo "ledger: $before"
echo "pass"
