#!/usr/bin/env bash
# Page alloc + free through the space bank (issue 5, item 7), in guest
# instructions under tools/run-qemu --icount (QEMU -icount shift=0,sleep=off):
# i386 reads rdtsc, which counts one per instruction there; ColdFire reads
# PIT1, which counts one tick per 12 instructions, so its numbers are
# multiples of 12 (bench/ipc/arch/<arch>/bench_counter.h). Two runs per arch
# must agree. Run by `make bench`, never by `make check`.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
out=build/bench
mkdir -p "$out"
for arch in i386 coldfire; do
	make --no-print-directory -s ARCH=$arch kernel bench-images >"$out/bank-make-$arch.log" 2>&1 ||
		{ tail -20 "$out/bank-make-$arch.log"; echo "bank: FAIL: make $arch"; exit 1; }
	for run in 1 2; do
		log=$out/bank-$arch-$run.log
		tools/run-qemu --arch $arch --kernel build/$arch/arroyo.elf \
			--image build/$arch/images/bankbench.img --icount --timeout 120 --quiet \
			--log "$log" || { tail -20 "$log"; echo "bank: FAIL: $arch run $run"; exit 1; }
		grep -a '^bankbench' "$log" >"$out/bank-$arch-$run.txt"
	done
	cmp -s "$out/bank-$arch-1.txt" "$out/bank-$arch-2.txt" ||
		{ diff "$out/bank-$arch-1.txt" "$out/bank-$arch-2.txt"; echo "bank: FAIL: runs differ"; exit 1; }
	echo "$arch:"
	sed 's/^bankbench: /  /' "$out/bank-$arch-1.txt"
done
# The machine-readable lines: the mean per pair (a cache refills in batches,
# so only the mean is its cost; on ColdFire it is also finer than a tick).
for arch in i386 coldfire; do
	awk -v a="$arch" 'BEGIN { n["page"] = "pair"; n["alternating"] = "pair_alternating"; n["cached"] = "cached_pair" }
		$1 == "bankbench:" && ($2 in n) {
		for (i = 3; i <= NF; i++) if ($i ~ /^mean=/) {
			split($i, kv, "="); print "bench: " a ".bank." n[$2] "=" kv[2] } }' \
		"$out/bank-$arch-1.txt"
done
