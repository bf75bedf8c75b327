#!/usr/bin/env bash
# The space bank and a device that comes and goes (doc/spacebank.md,
# "Rescind"): boot tests/system/bank_hotplug.img.txt in `idle` mode, plug a
# 64 MiB ivshmem while a client holds bank capabilities, let the client map
# its first frame through the bank, unplug it: the bank sees the rescind, the
# client (a driver waiting for upcalls) receives the rescind upcall naming
# the device and the one page it lost, its capability is stale and its read
# of the old address faults, and the ledger is back to where it was.
source "$(dirname "$0")/hotplug_lib.bash"
source "$(dirname "$0")/bank_device_cycle.bash"
IMG=build/i386/images/bank_hotplug.img
make --no-print-directory -s ARCH=i386 kernel "$IMG" >"$SYS_TMP/make.log" 2>&1 ||
	{ cat "$SYS_TMP/make.log"; fail "make $IMG"; }
HP_MACHINE=(-m 128M)
HP_IMAGE=$IMG
slot=4
# The client polls with a sleep, so the kernel never reaches `idle: serving
# events`: wait for the client instead.
hp_start idle '^client: waiting for device'
bank_device_cycle $slot 64M 16384 --addr $slot
echo "pass"
