#!/usr/bin/env bash
# Hot-plug storm on ColdFire's simulated bus (make storm: 200 cycles; make
# check: 2): each cycle adds a 4 MiB device over UART1 and removes it, while
# the storm client (storm.img.txt) allocates, maps, touches and frees pages
# through the space bank and holds a page of the device. After every event
# the ledger adds up; after every removal it is the one from before the add.
# The client checks that freed pages and removed devices leave no usable
# capability. (No DIMMs: the board has no RAM hot-plug.)
source "$(dirname "$0")/storm_lib.bash"
IMG=build/coldfire/images/storm.img
SB_SOCK=$SYS_TMP/simbus.sock
cycles=${STORM_CYCLES:-2}
make --no-print-directory -s ARCH=coldfire kernel "$IMG" >"$SYS_TMP/make.log" 2>&1 ||
	{ cat "$SYS_TMP/make.log"; fail "make $IMG"; }
HP_IMAGE=$IMG
# The session lasts as long as the storm: about 10 s a cycle under load.
HP_TIMEOUT=$((120 + cycles * 15))
hp_boot coldfire idle '^storm: running' -serial "unix:$SB_SOCK,server=on,wait=off"

sb() { # expected-reply-regex args...
	local want=$1 reply
	shift
	reply=$(tools/simbus --sock "$SB_SOCK" "$@")
	grep -q -E "^$want$" <<<"$reply" || fail "simbus $*: replied '$reply', expected /$want/"
}

base=$(hp_console | hp_last_ledger)
storm_consistent boot "$base"
for ((i = 1; i <= cycles; i++)); do
	mark=$(hp_mark)
	sb ok add 5 0x90000000 4M
	hp_wait "$mark" '^bank: device [0-9]+ published' 20
	storm_consistent "cycle $i add" "$(hp_since "$mark" | hp_last_ledger)"
	mark=$(hp_mark)
	sb 'removed frames=1024' del 5
	hp_wait "$mark" '^bank: device [0-9]+ rescinded' 20
	storm_back "cycle $i remove" "$(hp_since "$mark" | hp_last_ledger)" "$base"
	((i % 10)) || echo "cycle $i ok"
done
sleep 1
storm_client_ok
echo "$cycles cycles; ledger: $base"
echo "pass"
