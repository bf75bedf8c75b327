#!/bin/sh
# Instructions per alloc+free pair of the space bank's buddy allocator against
# a bitmap first-fit allocator, on a fragmented 16 GiB span (4M frames), for
# order 0 and order 4, counted by callgrind over the measure_* functions of
# bench/buddy_bench.c (loop overhead included, a few instructions). "pair"
# frees each block at once; "batchN" allocates N blocks, then frees them.
#
# Usage: bench/buddy.sh     (CC overrides the host compiler)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$(mktemp -d "${TMPDIR:-/tmp}/buddy_bench.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM

${CC:-gcc} -std=gnu11 -O2 -g -Wall -Wextra -Werror -I"$root/lib/include" -I"$root/kernel/include" -I"$root/arch/host/include" \
	-I"$root/spacebank/include" "$root/spacebank/buddy.c" "$here/bitmap_ff.c" \
	"$here/buddy_bench.c" -o "$out/buddy_bench"

valgrind --tool=callgrind --toggle-collect='measure_*' --callgrind-out-file="$out/cg" \
	"$out/buddy_bench" >"$out/stdout" 2>"$out/vg" || { cat "$out/vg" >&2; exit 1; }
grep -v '^pairs:' "$out/stdout"
pairs=$(sed -n 's/^pairs: pair=\([0-9]*\).*/\1/p' "$out/stdout")

# Inclusive cost of one measure_* function.
ir() {
	callgrind_annotate --inclusive=yes --threshold=100 "$out/cg" |
		awk -v f=":$1 " 'index($0, f) && !/=>/ { gsub(",", "", $1); print $1; exit }'
}

echo
printf '%-11s %5s %6s %14s %14s %13s\n' pattern order pairs 'buddy Ir/pair' 'bitmap Ir/pair' 'bitmap/buddy'
for pat in pair batch1024 batch16384; do
	for o in 0 4; do
		case $pat in
		pair) n=$pairs ;;
		*) n=${pat#batch} ;;
		esac
		b=$(ir "measure_buddy_${pat}_$o")
		m=$(ir "measure_bitmap_${pat}_$o")
		awk -v p="$pat" -v o="$o" -v n="$n" -v b="${b:-0}" -v m="${m:-0}" \
			'BEGIN { printf "%-11s %5d %6d %14.1f %14.1f %12.1fx\n", p, o, n, b / n, m / n, (b ? m / b : 0) }' |
			tee -a "$out/table"
	done
done

# Buddy against first fit as fragmentation grows: the share of blocks kept
# after the random fill, each point batch1024 at orders 0 and 4 (2048 pairs).
echo
printf '%-6s %14s %14s\n' kept% 'buddy Ir/pair' 'bitmap Ir/pair'
for keep in 10 30 50 70 90; do
	valgrind --tool=callgrind --toggle-collect='measure_sweep_*' \
		--callgrind-out-file="$out/cg" "$out/buddy_bench" "$keep" >"$out/stdout" 2>"$out/vg" ||
		{ cat "$out/vg" >&2; exit 1; }
	b=$(ir measure_sweep_buddy)
	m=$(ir measure_sweep_bitmap)
	awk -v k="$keep" -v b="${b:-0}" -v m="${m:-0}" \
		'BEGIN { printf "%-6d %14.1f %14.1f\n", k, b / 2048, m / 2048 }' | tee -a "$out/sweep"
done

echo
echo "metadata for the span: buddy $(( (1 << 22) * 5 / 1048576 )) MiB external (5 B/frame)" \
	"or 4 MiB embedded (1 B/frame); bitmap $(( (1 << 22) / 8 / 1024 )) KiB (1 bit/frame)"

# The machine-readable lines: host.buddy.pair is order 0 alloc+free.
awk '{ s = ($2 == 0 ? "" : "_o" $2); n = ($1 == "pair" ? "pair" : $1)
	printf "bench: host.buddy.%s%s=%.1f\nbench: host.firstfit.%s%s=%.1f\n", n, s, $4, n, s, $5 }' "$out/table"
awk '{ printf "bench: host.buddy.kept%d=%.1f\nbench: host.firstfit.kept%d=%.1f\n", $1, $2, $1, $3 }' "$out/sweep"
