#!/usr/bin/env bash
# bank_hotplug with the device behind a cold-plugged pci-bridge (bus 1,
# served through its ACPI bus selector): a 1 MiB ivshmem plugged behind the
# bridge is published to the space bank, the client maps its first frame
# through the bank and reads it from user level; the unplug rescinds it, the
# client's capability goes stale and its read faults, and the ledger is back.
source "$(dirname "$0")/hotplug_lib.bash"
source "$(dirname "$0")/bank_device_cycle.bash"
IMG=build/i386/images/bank_hotplug.img
make --no-print-directory -s ARCH=i386 kernel "$IMG" >"$SYS_TMP/make.log" 2>&1 ||
	{ cat "$SYS_TMP/make.log"; fail "make $IMG"; }
HP_MACHINE=(-m 128M -device pci-bridge,id=br,chassis_nr=1,addr=5)
HP_IMAGE=$IMG
slot=288 # bus 1, device 4
# The client polls with a sleep, so the kernel never reaches `idle: serving
# events`: wait for the client instead.
hp_start idle '^client: waiting for device'
bank_device_cycle $slot 1M 256 --bus br --addr 4
echo "pass"
