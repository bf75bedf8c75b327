#!/usr/bin/env bash
# Eight edu devices added back to back on one QMP connection, then all
# removed: UP clears when read, so a kernel that read it twice per event or
# missed an event that raced its handler would lose slots (FACTS.md §3).
source "$(dirname "$0")/hotplug_lib.bash"
n=8
hp_start idle
before=$(hp_console | hp_last_ledger)
[[ -n $before ]] || fail "no ledger line before the burst"
mark=$(hp_mark)
python3 - "$HP_SOCK" "$n" <<'PY' || fail "QMP burst failed"
import json, socket, sys, time
sock = socket.socket(socket.AF_UNIX)
sock.settimeout(20)
sock.connect(sys.argv[1])
f = sock.makefile("rw")
n = int(sys.argv[2])
def send(cmd, **args):
    f.write(json.dumps({"execute": cmd, "arguments": args}) + "\n")
    f.flush()
f.readline()
send("qmp_capabilities")
for i in range(n):
    send("device_add", driver="edu", id="burst%d" % i)
for i in range(n):
    send("device_del", id="burst%d" % i)
gone, deadline = set(), time.monotonic() + 20
while len(gone) < n and time.monotonic() < deadline:
    msg = json.loads(f.readline())
    if "error" in msg:
        sys.exit("QMP error: %s" % msg["error"])
    if msg.get("event") == "DEVICE_DELETED":
        gone.add(msg["data"]["device"])
sys.exit(0 if len(gone) == n else "only %d of %d devices deleted" % (len(gone), n))
PY
hp_wait "$mark" '^piix4: slot [0-9]+ ejected' 5
out=$(hp_since "$mark")
adds=$(grep -c -E '^hotplug: add slot=[0-9]+ .* frames=256$' <<<"$out")
removes=$(grep -c -E '^hotplug: remove slot=[0-9]+ frames=256$' <<<"$out")
((adds == n && removes == n)) || fail "$adds adds and $removes removes, expected $n each"
after=$(hp_last_ledger <<<"$out")
[[ $after == "$before" ]] || fail "ledger after the burst differs: '$after' vs '$before'"
echo "pass"
