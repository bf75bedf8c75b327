#!/usr/bin/env bash
# i386 with 16 MiB to 4 GiB of RAM: every boot prints a ledger whose states sum
# to its total, page-header and heap lines, a relaxed budget no smaller than
# the conservative one, and passes the memory ktests. The 4 GiB boots run
# twice: QEMU's default CPU cannot address RAM above 4 GiB (36-bit PAE needs
# PSE36 or a physical-address-size CPUID leaf), pentium3 can.
source "$(dirname "$0")/lib.sh"

check_ledger() { # log
	local line total sum=0 kv
	while read -r line; do
		total=$(sed -E 's/^ledger: total=([0-9]+).*/\1/' <<<"$line")
		sum=0
		for kv in $(sed -E 's/^ledger: total=[0-9]+ //' <<<"$line"); do
			sum=$((sum + ${kv#*=}))
		done
		((sum == total)) || fail "ledger states sum to $sum, total is $total: $line"
	done < <(grep -a -E '^ledger: total=' "$1")
}

boot() { # label qemu-args...
	local label=$1 log=$SYS_TMP/$1.log cons relax
	shift
	tools/run-qemu --arch i386 --kernel build/i386/arroyo.elf --append 'ktest=mm_*,paging_*' \
		--log "$log" --timeout 120 --quiet -- "$@" || fail "$label: run failed"
	expect_clean_ktest "$log"
	expect_line "$log" '^pagehdr: size=[0-9]+'
	expect_line "$log" '^heap: size=[0-9]+'
	expect_line "$log" '^ledger: total=[0-9]+ image=[0-9]+ fixed_heap=[0-9]+ header_region=[0-9]+ reserve=[0-9]+ banked=[0-9]+ device=[0-9]+'
	check_ledger "$log"
	cons=$(sed -n -E 's/^budget: conservative=([0-9]+)$/\1/p' "$log" | head -1)
	relax=$(sed -n -E 's/^budget: relaxed=([0-9]+)$/\1/p' "$log" | head -1)
	[[ -n $cons && -n $relax ]] || fail "$label: budget lines missing"
	((relax >= cons)) || fail "$label: relaxed budget $relax < conservative $cons"
	echo "$label: $(grep -a -E '^ledger: ' "$log" | tail -1)"
}

for m in 16M 128M 1G 3G 4G; do
	boot "m$m" -m "$m"
done
boot m4G-pentium3 -m 4G -cpu pentium3
# With a CPU that reaches it, the RAM above 4 GiB is banked, not unusable.
total_default=$(grep -a -E '^ledger: ' "$SYS_TMP/m4G.log" | tail -1 | sed -E 's/.*total=([0-9]+).*/\1/')
total_p3=$(grep -a -E '^ledger: ' "$SYS_TMP/m4G-pentium3.log" | tail -1 | sed -E 's/.*total=([0-9]+).*/\1/')
((total_p3 - total_default == 262144)) ||
	fail "pentium3 should add the 262144 frames above 4 GiB: $total_default -> $total_p3"
expect_line "$SYS_TMP/m4G-pentium3.log" '^ktest paging_tmap_above_4g ok'
echo "pass"
