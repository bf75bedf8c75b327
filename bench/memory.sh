#!/bin/sh
# Fixed heap + page headers as a percentage of RAM at 16 MiB, 128 MiB, 1 GiB
# and 3 GiB, computed by the kernel's own formula code (bench/memory_bench.c),
# then, when qemu-system-i386 and a built kernel are present, the same lines
# as measured at boot.
#
# Usage: bench/memory.sh            (CC overrides the host compiler)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$(mktemp -d "${TMPDIR:-/tmp}/memory_bench.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM

${CC:-gcc} -std=gnu11 -O2 -Wall -Wextra -Werror -I"$root/lib/include" -I"$root/kernel/include" -I"$root/arch/host/include" \
	"$root/kernel/mem/heap.c" "$root/kernel/mem/reserve.c" "$root/kernel/mem/pmem.c" \
	"$root/lib/fmt.c" "$here/memory_bench.c" -o "$out/memory_bench"
"$out/memory_bench"

elf="$root/build/i386/arroyo.elf"
if command -v qemu-system-i386 >/dev/null 2>&1 && [ -f "$elf" ]; then
	echo
	echo "measured at boot (qemu-system-i386 -kernel, ktest off):"
	for m in 16M 128M 1G 3G; do
		timeout 60 qemu-system-i386 -kernel "$elf" -append "" -display none \
			-serial stdio -no-reboot -net none -m "$m" \
			-device isa-debug-exit,iobase=0xf4,iosize=0x04 >"$out/boot.$m" 2>&1 || true
		echo "-m $m"
		grep -E '^(pagehdr|heap: size|ledger|budget)' "$out/boot.$m" | sed 's/^/  /'
	done
fi
