#!/usr/bin/env bash
# Memory pools and RAM hot-plug (doc/pools.md): on i386 a DIMM lands at or
# above 4 GiB and joins the `high` pool by address, and leaves it when it is
# unplugged (the kernel alone holds no frame of it: the bank's consent is
# bank_ram_consent's subject). Every pool line keeps its exact form.
source "$(dirname "$0")/hotplug_lib.bash"
HP_MACHINE=(-cpu pentium3 -m "128M,slots=4,maxmem=1G")
hp_start "idle"
boot=$(hp_console)
high=$(grep -E '^pool: [0-9]+ high start=0x100000000 len=0x[0-9a-f]+ stripe=0x0 step=0x0 cache=wb frames=0$' <<<"$boot") ||
	fail "no empty high pool at boot: $(grep '^pool:' <<<"$boot")"
id=$(awk '{print $2}' <<<"$high")
for name in isa dma32 system; do
	grep -q -E "^pool: [0-9]+ $name start=0x[0-9a-f]+ len=0x[0-9a-f]+ stripe=0x0 step=0x0 cache=wb frames=[1-9][0-9]*$" <<<"$boot" ||
		fail "no pool line for $name"
done

mark=$(hp_mark)
hp_tool add dimm --size 128M --id dm >/dev/null
hp_wait "$mark" '^budget: ' 20
out=$(hp_since "$mark")
grep -q -E '^hotplug: add-ram slot=0 pa=0x100000000 len=0x8000000 frames=32768 headers=128$' <<<"$out" ||
	fail "no add-ram line: $out"
grep -q -E '^pool: ram joined pool high pa=0x100000000 frames=32768$' <<<"$out" ||
	fail "the DIMM did not join high: $out"
grep -q -E "^pool: $id high start=0x100000000 len=0x[0-9a-f]+ stripe=0x0 step=0x0 cache=wb frames=32768\$" <<<"$out" ||
	fail "high does not count the DIMM's frames: $out"

mark=$(hp_mark)
hp_tool del dm --timeout 20 >/dev/null
hp_wait "$mark" '^memhp: slot 0 ejected' 20
out=$(hp_since "$mark")
grep -q -E '^hotplug: remove-ram slot=0 frames=32768$' <<<"$out" || fail "no remove-ram line: $out"
grep -q -E '^pool: ram left pool high pa=0x100000000 frames=32768$' <<<"$out" ||
	fail "the DIMM did not leave high: $out"
grep -q -E "^pool: $id high .* frames=0\$" <<<"$out" || fail "high still counts frames: $out"
echo "pass"
