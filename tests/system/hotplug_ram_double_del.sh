#!/usr/bin/env bash
# A second removal request for a DIMM that is being removed (issue: the ACPI
# memory hot-plug path acted on it after the DIMM was gone, and would have
# ejected a DIMM plugged into the slot later). The guest runs slowly under
# -icount so that the second device_del lands between the guest clearing the
# first request and its eject; QEMU keeps that request's flag on the empty
# slot. The guest must clear it, say so, and not eject again; a DIMM plugged
# into the slot afterwards stays.
source "$(dirname "$0")/hotplug_lib.bash"
HP_MACHINE=(-cpu pentium3 -m 128M,slots=4,maxmem=1G -icount shift=9,sleep=on)
hp_start idle
before=$(hp_console | hp_last_ledger)

# double_del ID: plugs DIMM ID, then device_del twice, the second as soon as
# the guest has taken the first; the console text since the plug goes to $out.
double_del() {
	local id=$1 mark
	mark=$(hp_mark)
	hp_tool add dimm --size 64M --id "$id" >/dev/null
	hp_wait "$mark" '^budget: raised=' 30
	python3 - "$HP_SOCK" "$HP_LOG" "$(hp_mark)" "$id" <<'PY' || fail "the double device_del did not run"
import importlib.machinery, importlib.util, sys, time
loader = importlib.machinery.SourceFileLoader("hotplug", "tools/hotplug")
spec = importlib.util.spec_from_loader("hotplug", loader)
hp = importlib.util.module_from_spec(spec)
loader.exec_module(hp)
sock, log, mark, dev = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
q = hp.Qmp(sock, 10)
def seen(text):
    with open(log, errors="replace") as f:
        return any(text in l for l in f.read().splitlines()[mark:])
q.execute("device_del", id=dev)
deadline = time.monotonic() + 20
while not seen("memhp: slot 0 removal requested"):
    if time.monotonic() > deadline:
        sys.exit(1)
    time.sleep(0.002)
try:
    q.execute("device_del", id=dev)
except hp.QmpError:
    pass  # the DIMM was gone already: the window was missed
q.wait_event("DEVICE_DELETED", lambda d: d.get("device") == dev, 20)
q.execute("object-del", id=dev + "-mem")
PY
	hp_wait "$mark" '^memhp: slot 0 ejected' 20
	sleep 1
	out=$(hp_since "$mark")
	(($(grep -c -E '^memhp: slot 0 ejected$' <<<"$out") == 1)) || fail "slot 0 ejected more than once: $out"
	(($(grep -c -E '^memhp: slot 0 removal requested$' <<<"$out") == 1)) ||
		fail "a removal request for the empty slot was acted on: $out"
	[[ $(hp_last_ledger <<<"$out") == "$before" ]] || fail "ledger after the removal: $(hp_last_ledger <<<"$out")"
}

# The window is a few thousand guest instructions: a try may miss it (QEMU
# then refuses the second device_del); three tries must hit it once.
hit=0
for try in 1 2 3; do
	double_del "d$try"
	if grep -q -E '^memhp: slot 0 removal requested but the slot is empty, ignored$' <<<"$out"; then
		hit=1
		break
	fi
done
((hit)) || fail "the second removal request never reached the window in 3 tries"

# A DIMM plugged into the slot now stays.
mark=$(hp_mark)
hp_tool add dimm --size 64M --id d1 >/dev/null
hp_wait "$mark" '^budget: raised=' 30
sleep 1
out=$(hp_since "$mark")
grep -q -E '^hotplug: add-ram slot=0 ' <<<"$out" || fail "the new DIMM was not added in slot 0: $out"
! grep -q -E '^memhp: slot 0 (removal requested|ejected)' <<<"$out" || fail "the new DIMM was ejected: $out"
hp_tool del d1 --timeout 30 >/dev/null
echo "pass"
