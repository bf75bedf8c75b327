#!/bin/sh
# Instructions per resource-tree lookup at 10, 100 and 1000 ranges, counted by
# callgrind over lookup_loop() in bench/rtree_bench.c, plus the memory a flat
# per-frame header array would need for the same span.
#
# Usage: bench/rtree.sh [LOOKUPS]     (CC overrides the host compiler)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
lookups=${1:-200000}
out=$(mktemp -d "${TMPDIR:-/tmp}/rtree_bench.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM

${CC:-gcc} -std=gnu11 -O2 -g -Wall -Wextra -Werror -I"$root/lib/include" -I"$root/kernel/include" -I"$root/arch/host/include" \
	"$root/kernel/mem/rtree.c" "$here/rtree_bench.c" -o "$out/rtree_bench"

printf '%6s %7s %14s %14s\n' ranges height 'Ir/lookup' 'Ir/rtree_lookup'
for n in 10 100 1000; do
	valgrind --tool=callgrind --toggle-collect=lookup_loop \
		--callgrind-out-file="$out/cg.$n" \
		"$out/rtree_bench" "$n" "$lookups" >"$out/mem.$n" 2>"$out/vg.$n"
	# With --toggle-collect, totals hold only what lookup_loop ran.
	total=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$out/cg.$n")
	# rtree_lookup alone (a leaf, so inclusive = self), without the loop.
	callee=$(callgrind_annotate --inclusive=yes --threshold=100 "$out/cg.$n" |
		awk '/:rtree_lookup / && !/=>/ { gsub(",", "", $1); print $1; exit }')
	height=$(sed -n 's/.*height=\([0-9]*\).*/\1/p' "$out/mem.$n")
	awk -v n="$n" -v h="$height" -v t="$total" -v c="${callee:-0}" \
		-v l="$lookups" \
		'BEGIN { printf "%6d %7d %14.1f %14.1f\n", n, h, t / l, c / l }' | tee -a "$out/table"
done
# The machine-readable lines: Ir of one rtree_lookup at each size.
awk '{ printf "bench: host.rtree.lookup.%d=%.1f\n", $1, $4 }' "$out/table"

echo
echo "memory: flat array of 16 B headers per 4 KiB frame over the whole span, the"
echo "part of it inside ranges (needed either way), the holes, and the tree nodes"
for n in 10 100 1000; do
	grep span= "$out/mem.$n"
done
