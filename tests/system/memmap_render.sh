#!/usr/bin/env bash
# tools/memmap on recorded console logs (tests/system/memmap_logs/: i386 and
# ColdFire boots with the demo image, the M5208EVB board build, an i386 idle
# session with PCI and DIMM hot-plug, a ColdFire session on the simulated
# bus): each SVG must parse as XML and hold every range and every ledger
# event of its log, read here from the log with a parser of its own: each
# range drawn at least 12 px high and labelled with its addresses, each
# ledger line one event in order with the same numbers, in fixed colours.
source "$(dirname "$0")/lib.sh"
logs=(tests/system/memmap_logs/*.log)
((${#logs[@]} >= 5)) || fail "expected the five recorded logs, found ${#logs[@]}"
for log in "${logs[@]}"; do
	svg=$SYS_TMP/$(basename "$log" .log).svg
	tools/memmap "$log" -o "$svg" >/dev/null || fail "tools/memmap $log failed"
	python3 - "$log" "$svg" <<'PY' || fail "$(basename "$log"): the picture does not match the log"
import re, sys
import xml.etree.ElementTree as ET

log, svg = sys.argv[1:]
NS = "{http://www.w3.org/2000/svg}"
want_ranges, want_events = set(), []
for line in open(log):
    line = line.rstrip("\n")
    if m := re.match(r"^pmem: 0x([0-9a-f]+)-0x([0-9a-f]+) (\w+)$", line):
        want_ranges.add((m[3], int(m[1], 16), int(m[2], 16)))
    elif m := re.match(r"^hotplug: add slot=\d+ pa=0x([0-9a-f]+) len=0x([0-9a-f]+) ", line):
        want_ranges.add(("device", int(m[1], 16), int(m[1], 16) + int(m[2], 16)))
    elif m := re.match(r"^hotplug: add-ram slot=\d+ pa=0x([0-9a-f]+) len=0x([0-9a-f]+) ", line):
        want_ranges.add(("hotram", int(m[1], 16), int(m[1], 16) + int(m[2], 16)))
    elif m := re.match(r"^hdrregion: (?:take|own) pa=0x([0-9a-f]+)-0x([0-9a-f]+) ", line):
        want_ranges.add(("header", int(m[1], 16), int(m[2], 16)))
    elif m := re.match(r"^reserve: release pa=0x([0-9a-f]+)-0x([0-9a-f]+) ", line):
        want_ranges.add(("released", int(m[1], 16), int(m[2], 16)))
    elif line.startswith("ledger: "):
        want_events.append(dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", line)))
if not want_ranges or not want_events:
    sys.exit(f"{log}: no ranges or no ledger lines to check")

root = ET.parse(svg).getroot()  # raises on a malformed picture
if root.tag != NS + "svg":
    sys.exit("the root element is not <svg>")
got = {}
for g in root.iter(NS + "g"):
    if g.get("class") != "range":
        continue
    key = (g.get("data-class"), int(g.get("data-start"), 16), int(g.get("data-end"), 16))
    rects = [r for r in g if r.tag == NS + "rect"]
    label = " ".join(t.text or "" for t in g.iter(NS + "text"))
    if not rects or min(float(r.get("height")) for r in rects) < 12:
        sys.exit(f"range {key} has no box at least 12 px high")
    if f"0x{key[1]:08x}" not in label and f"0x{key[1]:x}" not in label:
        sys.exit(f"range {key}: its label '{label}' lacks its start address")
    if f"0x{key[2]:08x}" not in label and f"0x{key[2]:x}" not in label:
        sys.exit(f"range {key}: its label '{label}' lacks its end address")
    got[key] = label
missing = want_ranges - set(got)
if missing:
    sys.exit(f"ranges of the log missing from the picture: {sorted(missing)}")

events = [g for g in root.iter(NS + "g") if g.get("class") == "event"]
if len(events) != len(want_events):
    sys.exit(f"{len(events)} events drawn, the log has {len(want_events)} ledger lines")
colours = {}
for i, (g, want) in enumerate(zip(events, want_events)):
    if int(g.get("data-index")) != i:
        sys.exit(f"event {i} is drawn as event {g.get('data-index')}")
    for k, v in want.items():
        if int(g.get("data-" + k.replace("_", "-"), -1)) != v:
            sys.exit(f"event {i}: {k}={v} in the log, {g.get('data-' + k)} in the picture")
    for r in g.iter(NS + "rect"):
        state = r.get("data-state")
        if state is None:
            continue
        if want.get(state, 0) == 0:
            sys.exit(f"event {i}: a bar segment for {state}, which is 0")
        if colours.setdefault(state, r.get("fill")) != r.get("fill"):
            sys.exit(f"state {state} changes colour between events")
print(f"{log}: {len(want_ranges)} ranges, {len(want_events)} events")
PY
done

# make run's picture: the runner's log of a fresh boot renders too.
log=$SYS_TMP/fresh.log
tools/run-qemu --arch coldfire --kernel build/coldfire/arroyo.elf --log "$log" --timeout 60 \
	--quiet || fail "the fresh ColdFire boot failed"
tools/memmap "$log" | grep -q -E "^memmap: wrote $SYS_TMP/fresh.svg$" || fail "no picture of a fresh boot"
python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$SYS_TMP/fresh.svg" ||
	fail "the fresh picture does not parse"
echo "pass"
