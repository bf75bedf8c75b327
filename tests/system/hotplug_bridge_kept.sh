#!/usr/bin/env bash
# The platform may refuse an eject: QEMU keeps a cold-plugged PCI bridge
# (issue: the guest "removed" it anyway, released the window its BAR still
# decodes, and the next device could be placed on it). The kernel acts on
# what the slot holds after the eject: the bridge stays, nothing is removed,
# and its still-pending request is not served again on later events.
source "$(dirname "$0")/hotplug_lib.bash"
HP_MACHINE=(-m 128M -device pci-bridge,id=br,chassis_nr=1,addr=5)
hp_start idle
before=$(hp_console | hp_last_ledger)
bar=$(tools/hotplug --qmp "$HP_SOCK" list | sed -n -E '/^00:05.0 /{n;s/^  bar0 mem (0x[0-9a-f]+) .*/\1/p}')
[[ -n $bar ]] || fail "the bridge's BAR is not decoded at boot"

mark=$(hp_mark)
tools/hotplug --qmp "$HP_SOCK" del br --timeout 3 >/dev/null 2>&1
rc=$?
((rc == 2)) || fail "tools/hotplug del of the bridge: status $rc, expected 2 (QEMU never deletes it)"
hp_wait "$mark" '^piix4: slot 5 ' 10
sleep 0.5
out=$(hp_since "$mark")
grep -q -E '^piix4: slot 5 still holds its device after the eject \(the platform refused it\): kept, nothing removed$' <<<"$out" ||
	fail "the refused eject was not noticed: $out"
! grep -q -E '^(hotplug: remove slot=5|piix4: slot 5 ejected)' <<<"$out" || fail "the kept bridge was removed: $out"
[[ -z $(hp_last_ledger <<<"$out") ]] || fail "the ledger moved: $out"
tools/hotplug --qmp "$HP_SOCK" list | grep -q -E "^  bar0 mem $bar " || fail "the bridge's BAR moved"

# Later events do not serve the kept bridge's request again.
mark=$(hp_mark)
hp_tool add edu --id e --addr 6 >/dev/null
hp_wait "$mark" '^budget: ' 20
hp_tool del e --timeout 20 >/dev/null
hp_wait "$mark" '^piix4: slot 6 ejected' 20
out=$(hp_since "$mark")
! grep -q -E '^(piix4|hotplug: remove) .*slot[ =]5' <<<"$out" || fail "slot 5 was served again: $out"
[[ $(hp_last_ledger <<<"$out") == "$before" ]] || fail "ledger after the edu left: $(hp_last_ledger <<<"$out")"
echo "pass"
