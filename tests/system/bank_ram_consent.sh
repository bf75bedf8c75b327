#!/usr/bin/env bash
# RAM removal asks the space bank (doc/memory.md §6, "Removal and the bank's
# consent"): with `-cpu pentium3 -m 128M,slots=4,maxmem=1G`, boot
# tests/system/bank_ram_consent.img.txt, whose client asks the bank for a page
# above 4 GiB whenever RAM arrives, so the bank holds a 1 MiB chunk of the
# new DIMM.
#  1. The client frees its page: on unplug the kernel asks the bank
#     (BEV_RELEASE_RANGE), the bank gives the wholly free chunk back, the
#     DIMM is removed (`budget: lowered=`), ejected, and the ledger is the
#     one before the plug.
#  2. The client keeps its page: the bank can give nothing back, the removal
#     is refused (`busy=`), the guest declines the eject (tools/hotplug exit
#     4) and nothing changes.
source "$(dirname "$0")/hotplug_lib.bash"
IMG=build/i386/images/bank_ram_consent.img
make --no-print-directory -s ARCH=i386 kernel "$IMG" >"$SYS_TMP/make.log" 2>&1 ||
	{ cat "$SYS_TMP/make.log"; fail "make $IMG"; }
HP_MACHINE=(-cpu pentium3 -m 128M,slots=4,maxmem=1G)
HP_IMAGE=$IMG
# The client polls with a sleep, so the kernel never prints `idle: serving
# events`: wait for the client instead.
hp_start idle '^client: waiting for ram$'
before=$(hp_console | hp_last_ledger)
budget0=$(($(hp_field "$before" banked) + $(hp_field "$before" objects)))
dimm='pa=0x1[0-9a-f]{8} len=0x8000000'

# 1. consent
mark=$(hp_mark)
hp_tool add dimm --size 128M --id d0 >/dev/null
hp_wait "$mark" '^client: page at 0x1[0-9a-f]{8} freed: ok$' 20
out=$(hp_since "$mark")
grep -q -E "^hotplug: add-ram slot=0 $dimm frames=32768 headers=128$" <<<"$out" ||
	fail "no add-ram line: $out"
mark=$(hp_mark)
hp_tool del d0 --timeout 20 >/dev/null
hp_wait "$mark" '^bank: release pfn=0x[0-9a-f]+ frames=32768 gave_back=[0-9]+ ' 20
hp_wait "$mark" '^memhp: slot 0 ejected$' 20
out=$(hp_since "$mark")
grep -q -E '^hotplug: remove-ram pending slot=0 busy=256: release asked$' <<<"$out" ||
	fail "the bank was not asked: $out"
grep -q -E '^bank: release pfn=0x100000 frames=32768 gave_back=256 removed$' <<<"$out" ||
	fail "the bank's answer: $out"
grep -q -E '^hotplug: remove-ram slot=0 frames=32768$' <<<"$out" || fail "not removed: $out"
grep -q -E "^budget: lowered=$budget0$" <<<"$out" || fail "budget after the removal: $out"
[[ $(hp_last_ledger <<<"$out") == "$before" ]] ||
	fail "ledger after removal: '$(hp_last_ledger <<<"$out")' vs '$before'"

# 2. refusal: the client holds a page in the DIMM
mark=$(hp_mark)
hp_tool add dimm --size 128M --id d1 >/dev/null
hp_wait "$mark" '^client: holding page at 0x1[0-9a-f]{8}$' 20
out=$(hp_since "$mark")
slot=$(sed -n -E "s/^hotplug: add-ram slot=([0-9]+) $dimm frames=32768 headers=128$/\1/p" <<<"$out")
[[ -n $slot ]] || fail "no add-ram line: $out"
plugged=$(hp_last_ledger <<<"$out")
mark=$(hp_mark)
tools/hotplug --qmp "$HP_SOCK" del d1 --timeout 10 >/dev/null 2>"$SYS_TMP/del.err"
rc=$?
((rc == 4)) || fail "tools/hotplug del d1: status $rc, not 4 (eject declined): $(cat "$SYS_TMP/del.err")"
hp_wait "$mark" "^memhp: slot $slot kept$" 20
hp_wait "$mark" '^bank: release pfn=0x[0-9a-f]+ frames=32768 gave_back=[0-9]+ ' 20
out=$(hp_since "$mark")
grep -q -E "^hotplug: remove-ram pending slot=$slot busy=256: release asked$" <<<"$out" ||
	fail "the bank was not asked: $out"
grep -q -E "^hotplug: remove-ram refused slot=$slot busy=256$" <<<"$out" || fail "not refused: $out"
grep -q -E '^bank: release pfn=0x100000 frames=32768 gave_back=0 kept$' <<<"$out" ||
	fail "the bank's answer: $out"
grep -q -E '^(budget: lowered=|hotplug: remove-ram slot=|memhp: slot [0-9]+ ejected|ledger: )' <<<"$out" &&
	fail "a refused removal changed something: $out"
[[ $(hp_console | hp_last_ledger) == "$plugged" ]] || fail "ledger changed by the refusal"
echo "pass"
