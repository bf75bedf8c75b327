#!/usr/bin/env bash
# The build for Freescale's M5208EVB board (BOARD=m5208evb, doc/boards.md):
# its S-records and raw binary hold exactly the ELF's bytes at the dBUG load
# address, and the kernel boots under QEMU mcf5208evb with the board's 32 MiB
# and WITHOUT semihosting: the runner passes it on the console's halt line
# alone. Checks the clock, UART and PIT lines, the memory map, the kernel's
# overhead (near 1% of RAM), the in-kernel tests, the demo boot image, that
# halt=reset ends in the same halt line, and that the runner fails the board
# kernel built with a failing ktest.
source "$(dirname "$0")/lib.sh"
out=build/coldfire-m5208evb
make --no-print-directory ARCH=coldfire BOARD=m5208evb kernel negative images >"$SYS_TMP/build.log" 2>&1 ||
	{ tail -20 "$SYS_TMP/build.log"; fail "the board build failed"; }
for f in arroyo.elf arroyo.srec arroyo.bin images/init.img; do
	[[ -s $out/$f ]] || fail "the board build wrote no $out/$f"
done

# S-records: every record's checksum holds, S3 data equals the raw binary at
# (address - load address), and S7 names the ELF's entry point.
python3 - "$out/arroyo.srec" "$out/arroyo.bin" "$out/arroyo.elf" <<'PY' || fail "S-record check"
import struct, sys
srec, binf, elf = sys.argv[1:]
raw = open(binf, 'rb').read()
e = open(elf, 'rb').read()
entry = struct.unpack('>I', e[24:28])[0]
load = 0x40100000
data_bytes = 0
s7 = None
for n, line in enumerate(open(srec), 1):
    line = line.strip()
    kind, body = line[:2], bytes.fromhex(line[2:])
    if body[0] != len(body) - 1 or (sum(body) & 0xff) != 0xff:
        sys.exit(f"record {n}: bad count or checksum")
    if kind == 'S3':
        addr = struct.unpack('>I', body[1:5])[0]
        data = body[5:-1]
        if raw[addr - load:addr - load + len(data)] != data:
            sys.exit(f"record {n}: 0x{addr:08x} differs from the raw binary")
        data_bytes += len(data)
    elif kind == 'S7':
        s7 = struct.unpack('>I', body[1:5])[0]
    elif kind not in ('S0', 'S5', 'S6'):
        sys.exit(f"record {n}: unexpected {kind}")
if s7 != entry:
    sys.exit(f"S7 entry {s7} is not the ELF entry 0x{entry:08x}")
if data_bytes == 0:
    sys.exit("no data records")
print(f"srec: {data_bytes} data bytes, entry 0x{entry:08x}")
PY

log=$SYS_TMP/ktest.log
# The hot-plug ktests add fake devices: they need reserve frames this board
# does not keep by default.
tools/run-qemu --arch coldfire --board m5208evb --kernel "$out/arroyo.elf" \
	--append "ktest reserve=64" --log "$log" --timeout 120 --quiet || fail "ktest run failed"
expect_line "$log" '^Arroyo [0-9.]+ \(coldfire\)'
expect_line "$log" '^loader: Freescale M5208EVB'
expect_line "$log" '^clock: ref=16000000 podr=0x[0-9a-f]{2} pfdr=0x[0-9a-f]{2} core=[0-9]+ bus=[0-9]+ '
expect_line "$log" '^uart0: baud=115200 divisor=[0-9]+ actual=[0-9]+$'
expect_line "$log" '^pit0: hz=[0-9]+ pre=[0-9]+ count=[0-9]+$'
expect_line "$log" '^  0x0000000040000000 0x0000000042000000 ram +32768 KiB$'
expect_clean_ktest "$log"
expect_line "$log" '^arroyo: halt status=0$'

log=$SYS_TMP/demo.log
tools/run-qemu --arch coldfire --board m5208evb --kernel "$out/arroyo.elf" \
	--image "$out/images/init.img" --log "$log" --timeout 120 --quiet || fail "demo run failed"
expect_line "$log" '^init: exit status=0$'
# Image, fixed heap, header region and reserve together near 1% of RAM: at
# most 1.25% (1/80), and the line's parts add up.
read -r img heap hdr res total ram < <(sed -n -E \
	's/^overhead: image=([0-9]+) fixed_heap=([0-9]+) header_region=([0-9]+) reserve=([0-9]+) total=([0-9]+) ram=([0-9]+) share=.*/\1 \2 \3 \4 \5 \6/p' \
	"$log")
[[ -n ${total:-} ]] || fail "no overhead line"
((img + heap + hdr + res == total)) || fail "overhead parts do not add up to $total"
# 32 MiB of SDRAM and the 16 KiB internal SRAM, the `sram` pool (doc/pools.md)
((ram == 8192 + 4)) || fail "overhead counts $ram frames of RAM, the board has 8196"
((total * 80 <= ram)) || fail "overhead $total frames is more than 1.25% of $ram"
echo "overhead: $total of $ram frames"

log=$SYS_TMP/reset.log
tools/run-qemu --arch coldfire --board m5208evb --kernel "$out/arroyo.elf" --append halt=reset \
	--log "$log" --timeout 60 --quiet || fail "halt=reset run failed"
expect_line "$log" '^cmdline: "halt=reset"'
expect_line "$log" '^arroyo: halt status=0$'
log=$SYS_TMP/negative.log
tools/run-qemu --arch coldfire --board m5208evb --kernel "$out/negative/arroyo.elf" \
	--append "ktest reserve=64" --log "$log" --timeout 120 --quiet 2>/dev/null &&
	fail "run-qemu --board passed a kernel with a failing ktest"
expect_line "$log" '^ktest negative_deliberate_failure FAIL'
expect_line "$log" '^arroyo: halt status=1$'
echo "pass"
