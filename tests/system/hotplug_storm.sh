#!/usr/bin/env bash
# Hot-plug storm on i386 (make storm: 200 cycles; make check: 2): each cycle
# plugs a PCI device (edu), unplugs it, plugs a 128 MiB DIMM and unplugs it,
# while the storm client (storm.img.txt) allocates, maps, touches and frees
# pages through the space bank (DIMM pages too) and holds device pages.
# After every event the ledger adds up; after every removal it is the one
# from before the plug (no frame leaked). A DIMM whose frames the client
# holds at that instant is refused and asked again. The client checks that
# freed pages and removed devices leave no usable capability.
source "$(dirname "$0")/storm_lib.bash"
IMG=build/i386/images/storm.img
cycles=${STORM_CYCLES:-2}
make --no-print-directory -s ARCH=i386 kernel "$IMG" >"$SYS_TMP/make.log" 2>&1 ||
	{ cat "$SYS_TMP/make.log"; fail "make $IMG"; }
HP_MACHINE=(-cpu pentium3 -m 128M,slots=4,maxmem=1G)
HP_IMAGE=$IMG
# The session lasts as long as the storm: about 10 s a cycle under load.
HP_TIMEOUT=$((120 + cycles * 15))
hp_start idle '^storm: running'
base=$(hp_console | hp_last_ledger)
storm_consistent boot "$base"
refusals=0
for ((i = 1; i <= cycles; i++)); do
	mark=$(hp_mark)
	hp_tool add edu --id e$i --addr 4 >/dev/null
	hp_wait "$mark" '^bank: device [0-9]+ published' 30
	storm_consistent "cycle $i pci add" "$(hp_since "$mark" | hp_last_ledger)"
	mark=$(hp_mark)
	hp_tool del e$i --timeout 30 >/dev/null
	hp_wait "$mark" '^piix4: slot 4 ejected' 30
	hp_wait "$mark" '^bank: device [0-9]+ rescinded' 30
	storm_back "cycle $i pci remove" "$(hp_since "$mark" | hp_last_ledger)" "$base"

	mark=$(hp_mark)
	hp_tool add dimm --size 128M --id d$i >/dev/null
	hp_wait "$mark" '^bank: budget raised=' 30
	storm_consistent "cycle $i dimm add" "$(hp_since "$mark" | hp_last_ledger)"
	for ((try = 1; ; try++)); do
		mark=$(hp_mark)
		status=0
		tools/hotplug --qmp "$HP_SOCK" del d$i --timeout 30 >/dev/null || status=$?
		((status == 0)) && break
		((status == 4 && try < 20)) ||
			fail "cycle $i: dimm removal failed (status $status); console tail: $(hp_console | tail -n 8 | tr '\n' '|')"
		refusals=$((refusals + 1))
	done
	hp_wait "$mark" '^memhp: slot [0-9] ejected' 30
	storm_back "cycle $i dimm remove" "$(hp_since "$mark" | hp_last_ledger)" "$base"
	((i % 10)) || echo "cycle $i ok"
done
sleep 1
storm_client_ok
echo "$cycles cycles (pci + dimm), $refusals dimm removals refused and retried; ledger: $base"
echo "pass"
