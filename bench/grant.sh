#!/usr/bin/env bash
# Grant and upcall numbers (doc/grants.md, "Numbers") on both arches, as
# `bench: <arch>.grant.<name>=<value>` lines:
#   bytes_per_unused_service  the grant table's size over its services (the boot log's sizeof:)
#   sizeof_table, sizeof_header, sizeof_frame_header, sizeof_upcall_slot  from the boot log
#   lookup_insns  instructions of grant_find, the lookup every service makes, return included
#                 (an indexed load: the same for any number of services)
#   upcall_delivery_median  guest instructions of a notification to itself and the wait
#                 that takes it (bench/ipc/client.c, QEMU -icount shift=0,sleep=off)
# Run by `make bench` (bench/run), never by `make check`.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
out=build/bench
mkdir -p "$out"

fail() {
	echo "grant: FAIL: $*"
	exit 1
}

for arch in i386 coldfire; do
	case $arch in
	i386) objdump=i686-linux-gnu-objdump ret='	ret' ;;
	coldfire) objdump=m68k-linux-gnu-objdump ret='	rts' ;;
	esac
	make --no-print-directory -s ARCH=$arch kernel bench-images >"$out/grant-make-$arch.log" 2>&1 ||
		{ tail -20 "$out/grant-make-$arch.log"; fail "make ARCH=$arch kernel bench-images"; }
	log=$out/grant-$arch.log
	tools/run-qemu --arch $arch --kernel build/$arch/arroyo.elf \
		--image build/$arch/images/ipcbench.img --icount --timeout 120 --quiet \
		--log "$log" || { tail -20 "$log"; fail "$arch run"; }
	sz=$(grep -a '^sizeof: grant_table=' "$log") || fail "$arch: no sizeof: grant_table line"
	val() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<" $sz"; }
	table=$(val grant_table) services=$(sed -n 's/.*services=\([0-9]*\).*/\1/p' <<<"$sz")
	[[ -n $table && -n $services && $services -gt 0 ]] || fail "$arch: bad sizeof line: $sz"
	insns=$($objdump -d build/$arch/arroyo.elf |
		awk -v r="$ret" '/<grant_find>:/ { on = 1; next } on && /^$/ { exit }
			on && /:\t/ { n++; if ($0 ~ r) { print n; exit } }')
	[[ -n $insns ]] || fail "$arch: grant_find not found"
	median=$(awk '$1 == "ipcbench" && $2 == "upcall-delivery" {
		for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "median") print kv[2] } }' "$log")
	[[ -n $median ]] || fail "$arch: no upcall-delivery line"
	echo "bench: $arch.grant.bytes_per_unused_service=$((table / services))"
	echo "bench: $arch.grant.sizeof_table=$table"
	echo "bench: $arch.grant.sizeof_header=$(val grant_header)"
	echo "bench: $arch.grant.sizeof_frame_header=$(val grant_frame_header)"
	echo "bench: $arch.grant.sizeof_upcall_slot=$(val upcall_slot)"
	echo "bench: $arch.grant.lookup_insns=$insns"
	echo "bench: $arch.grant.upcall_delivery_median=$median"
	grep -a -E '^ipcbench upcall-' "$log" | sed 's/^ipcbench /  /'
	((table / services <= 4)) || fail "$arch: more than 4 bytes per unused service"
	((insns <= 20)) || fail "$arch: the lookup takes more than 20 instructions"
done
