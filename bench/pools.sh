#!/usr/bin/env bash
# Memory pools (doc/pools.md), in guest instructions under tools/run-qemu
# --icount (QEMU -icount shift=0,sleep=off; ColdFire numbers are multiples of
# 12, see bench/bank.sh): pa -> pool through the kernel's pool map code, and
# bank page alloc + free from an unstriped pool against naming no pool; plus
# the kernel's bytes per pool from the boot console. Two runs per arch must
# agree. Run by `make bench`, never by `make check`.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
out=build/bench
mkdir -p "$out"
for arch in i386 coldfire; do
	make --no-print-directory -s ARCH=$arch kernel bench-images >"$out/pools-make-$arch.log" 2>&1 ||
		{ tail -20 "$out/pools-make-$arch.log"; echo "pools: FAIL: make $arch"; exit 1; }
	for run in 1 2; do
		log=$out/pools-$arch-$run.log
		tools/run-qemu --arch $arch --kernel build/$arch/arroyo.elf \
			--image build/$arch/images/poolbench.img --icount --timeout 120 --quiet \
			--log "$log" || { tail -20 "$log"; echo "pools: FAIL: $arch run $run"; exit 1; }
		grep -a -E '^poolbench: [a-z_]+=' "$log" >"$out/pools-$arch-$run.txt"
	done
	cmp -s "$out/pools-$arch-1.txt" "$out/pools-$arch-2.txt" ||
		{ diff "$out/pools-$arch-1.txt" "$out/pools-$arch-2.txt"; echo "pools: FAIL: runs differ"; exit 1; }
	per=$(sed -n -E 's/^pool: registry bytes=[0-9]+ \(([0-9]+) per pool\).*/\1/p' "$out/pools-$arch-1.log")
	[[ -n $per ]] || { echo "pools: FAIL: no registry line"; exit 1; }
	echo "bench: $arch.pool_kernel_bytes_per_pool=$per"
	sed -E "s/^poolbench: ([a-z_]+)=/bench: $arch.pool_\\1=/" "$out/pools-$arch-1.txt"
	named=$(sed -n -E 's/^poolbench: page_named_pool=//p' "$out/pools-$arch-1.txt")
	any=$(sed -n -E 's/^poolbench: page_any_pool=//p' "$out/pools-$arch-1.txt")
	pct=$(((named - any) * 100 / any))
	echo "bench: $arch.pool_page_named_over_any_pct=$pct"
	((pct <= 10)) || echo "pools: $arch: an unstriped pool costs more than 10% over no pool"
done
