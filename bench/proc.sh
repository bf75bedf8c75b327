#!/usr/bin/env bash
# Kernel memory of a minimal process (one code page, one stack page where
# the loader puts it, page tables included), measured by bench/proc/procmem.c
# through the space bank's QUERY: prints `bench: <arch>.proc.min_bytes=<n>`
# (its tables and its share of a pot frame) and `bench: <arch>.proc.min_frames=<n>`
# (the whole frames it has alone: its tables) per arch. A count of frames, so one run each suffices. Run by `make bench`.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
out=build/bench
mkdir -p "$out"
for arch in i386 coldfire; do
	make --no-print-directory -s ARCH=$arch kernel bench-images >"$out/proc-make-$arch.log" 2>&1 ||
		{ tail -20 "$out/proc-make-$arch.log"; echo "proc: FAIL: make $arch"; exit 1; }
	log=$out/proc-$arch.log
	tools/run-qemu --arch $arch --kernel build/$arch/arroyo.elf \
		--image build/$arch/images/procbench.img --timeout 120 --quiet \
		--log "$log" || { tail -20 "$log"; echo "proc: FAIL: $arch"; exit 1; }
	grep -a '^procbench: ' "$log" | sed 's/^procbench: /  /'
	for name in min_bytes min_frames; do
		grep -a -E "^bench: $arch\.proc\.$name=[0-9]+$" "$log" ||
			{ tail -20 "$log"; echo "proc: FAIL: $arch printed no $name line"; exit 1; }
	done
done
