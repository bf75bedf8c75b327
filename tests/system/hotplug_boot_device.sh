#!/usr/bin/env bash
# A large device present at boot (issue: it was refused although RAM was
# free) has its headers counted when the reserve is sized, on top of the part
# held for hot-plug (doc/memory.md §5): a 1 GiB ivshmem cold-plugged in a
# 256 MiB machine is added at boot, and the reserve kept for hot-plug is the
# one a boot without the device keeps. When the device is unplugged its header
# frames go back to banked (`budget: returned=`): the ledger and the budget
# are exactly those of a boot without it.
source "$(dirname "$0")/hotplug_lib.bash"
HP_MACHINE=(-m 256M)
hp_start idle
plain=$(hp_console)
kept0=$(sed -n -E 's/^reserve: kept=([0-9]+) .*/\1/p' <<<"$plain")
budget0=$(sed -n -E 's/^budget: relaxed=([0-9]+)$/\1/p' <<<"$plain")
ledger0=$(hp_last_ledger <<<"$plain")
[[ -n $kept0 && -n $budget0 ]] || fail "no reserve/budget line in the plain boot"
hp_stop

HP_MACHINE=(-m 256M -object memory-backend-ram,id=hb-mem,size=1G
	-device ivshmem-plain,id=hb,memdev=hb-mem,addr=3)
hp_start idle
boot=$(hp_console)
grep -q -E '^hotplug: add slot=3 pa=0x[0-9a-f]+ len=0x40000000 frames=262144$' <<<"$boot" ||
	fail "the 1 GiB device present at boot was not added: $(grep -E '^(hotplug|reserve):' <<<"$boot" | tr '\n' '|')"
! grep -q -E '^hotplug: refused' <<<"$boot" || fail "a refusal at boot: $(grep -E '^hotplug: ' <<<"$boot")"
# 1 GiB of 8-byte headers is 512 frames, the register page one more.
grep -q -E '^reserve: hotplug=[0-9]+ boot_devices=[0-9]+$' <<<"$boot" || fail "no reserve split line"
bootdev=$(sed -n -E 's/^reserve: hotplug=[0-9]+ boot_devices=([0-9]+)$/\1/p' <<<"$boot")
((bootdev >= 513)) || fail "boot_devices=$bootdev does not hold the device's 513 header frames"
kept=$(sed -n -E 's/^reserve: kept=([0-9]+) .*/\1/p' <<<"$boot")
((kept == kept0)) || fail "the reserve kept for hot-plug is $kept with the device, $kept0 without"
budget=$(sed -n -E 's/^budget: relaxed=([0-9]+)$/\1/p' <<<"$boot")
((budget0 - budget == 513)) || fail "budget $budget with the device, $budget0 without: not 513 apart"

mark=$(hp_mark)
hp_tool del hb --timeout 20 >/dev/null
hp_wait "$mark" '^piix4: slot 3 ejected' 20
out=$(hp_since "$mark")
grep -q -E '^hotplug: remove slot=3 frames=262145$' <<<"$out" || fail "no remove line: $out"
grep -q -E "^budget: returned=$budget0$" <<<"$out" ||
	fail "the budget did not come back to $budget0 (a boot without the device): $out"
[[ $(hp_last_ledger <<<"$out") == "$ledger0" ]] ||
	fail "ledger after the unplug '$(hp_last_ledger <<<"$out")', a boot without the device '$ledger0'"
echo "kept=$kept budget=$budget plain_budget=$budget0"
echo "pass"
