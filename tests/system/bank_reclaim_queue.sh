#!/usr/bin/env bash
# More than one device waiting for the space bank (issue: a second device
# short of reserve while the first waited was refused at once). With the
# guest stopped, two 256 MiB ivshmem are plugged; on `cont` one SCI round
# sees both. Each needs 129 header frames and the reserve keeps 128: the
# first is asked about, the second queues behind it, gets its turn when the
# first is added, is asked about in turn and added. Unplugged, the ledger is
# the one from boot.
source "$(dirname "$0")/hotplug_lib.bash"
IMG=build/i386/images/bank_reclaim.img
make --no-print-directory -s ARCH=i386 kernel "$IMG" >"$SYS_TMP/make.log" 2>&1 ||
	{ cat "$SYS_TMP/make.log"; fail "make $IMG"; }
HP_MACHINE=(-m 128M)
HP_IMAGE=$IMG
hp_start idle
boot=$(hp_console)
grep -q -E '^bank: serving; budget channel bound$' <<<"$boot" || fail "the bank did not bind"
before=$(hp_last_ledger <<<"$boot")
kept=$(sed -n -E 's/^reserve: kept=([0-9]+) .*/\1/p' <<<"$boot")
((kept == 128)) || fail "the reserve kept $kept frames, this test needs 128"

mark=$(hp_mark)
python3 - "$HP_SOCK" <<'PY' || fail "plugging the two devices failed"
import importlib.machinery, importlib.util, sys
loader = importlib.machinery.SourceFileLoader("hotplug", "tools/hotplug")
spec = importlib.util.spec_from_loader("hotplug", loader)
hp = importlib.util.module_from_spec(spec)
loader.exec_module(hp)
q = hp.Qmp(sys.argv[1], 10)
q.execute("stop")
for dev, slot in (("qa", 4), ("qb", 5)):
    q.execute("object-add", **{"qom-type": "memory-backend-ram", "id": dev + "-mem",
                               "size": 256 << 20})
    q.execute("device_add", driver="ivshmem-plain", id=dev, memdev=dev + "-mem",
              addr="0x%x" % slot)
q.execute("cont")
PY
hp_wait "$mark" '^pci: slot 5 (added|refused) after waiting' 30
out=$(hp_since "$mark")
for re in '^hotplug: pending slot=4 short=1: reclaim asked$' \
	'^hotplug: pending slot=5: queued behind slot 4 \(1 waiting\)$' \
	'^pci: slot 5 waits for the space bank$' \
	'^bank: reclaim slot=4 asked=1 .* added$' \
	'^pci: slot 4 added after waiting for the space bank$' \
	"^hotplug: slot 5's turn after waiting$" \
	'^hotplug: pending slot=5 short=129: reclaim asked$' \
	'^bank: reclaim slot=5 asked=129 .* added$' \
	'^hotplug: add slot=5 pa=0x[0-9a-f]+ len=0x10000000 frames=65536$' \
	'^pci: slot 5 added after waiting for the space bank$'; do
	grep -q -E "$re" <<<"$out" || fail "no line /$re/: $out"
done
! grep -q -E '^hotplug: refused' <<<"$out" || fail "a refusal: $out"

mark=$(hp_mark)
hp_tool del qa --timeout 20 >/dev/null
hp_tool del qb --timeout 20 >/dev/null
sleep 0.5
[[ $(hp_console | hp_last_ledger) == "$before" ]] ||
	fail "ledger after the unplugs '$(hp_console | hp_last_ledger)', at boot '$before'"
echo "pass"
