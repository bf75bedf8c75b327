#!/usr/bin/env bash
# IPC costs in guest instructions (issue 4, item 9): boots the IPC benchmark
# image (bench/ipc/) twice on each arch under tools/run-qemu --icount (QEMU
# -icount shift=0,sleep=off: one instruction is one virtual nanosecond, FACTS
# §2), checks that the two runs print the same numbers, and prints a table
# beside seL4's numbers measured the same way (FACTS §8). Method: doc/abi.md,
# "Performance". Run by `make bench` (bench/run), never by `make check`.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
out=build/bench
mkdir -p "$out"

fail() {
	echo "ipc: FAIL: $*"
	exit 1
}

for arch in i386 coldfire; do
	make --no-print-directory -s ARCH=$arch kernel bench-images >"$out/ipc-make-$arch.log" 2>&1 ||
		{ tail -20 "$out/ipc-make-$arch.log"; fail "make ARCH=$arch kernel bench-images"; }
	for run in 1 2; do
		log=$out/ipc-$arch-$run.log
		tools/run-qemu --arch $arch --kernel build/$arch/arroyo.elf \
			--image build/$arch/images/ipcbench.img --icount --timeout 120 --quiet \
			--log "$log" || { tail -20 "$log"; fail "$arch run $run"; }
		grep -a '^ipcbench' "$log" >"$out/ipc-$arch-$run.txt"
	done
	cmp -s "$out/ipc-$arch-1.txt" "$out/ipc-$arch-2.txt" ||
		{ diff "$out/ipc-$arch-1.txt" "$out/ipc-$arch-2.txt"; fail "$arch: the two runs differ"; }
	echo "$arch: two runs, identical numbers ($out/ipc-$arch-1.txt):"
	grep -v -E '^ipcbench: (counter|done)' "$out/ipc-$arch-1.txt" | sed 's/^ipcbench /  /'
done

# field FILE NAME KEY: the value of KEY= on the sample line of NAME.
field() {
	awk -v n="$2" -v k="$3" '$2 == n && $3 ~ /^samples=/ {
		for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$1"
}
# loop FILE NAME: "per_op+-error" of the loop line of NAME.
loop() {
	awk -v n="$2" '$2 == n && $3 == "loop" {
		split($5, p, "="); split($6, e, "="); printf "%s+-%s", p[2], e[2] }' "$1"
}
cell() { # FILE NAME: "min / median" or one number when they agree
	local lo md
	lo=$(field "$1" "$2" min)
	md=$(field "$1" "$2" median)
	[[ $lo == "$md" ]] && echo "$lo" || echo "$lo / $md"
}

# figure FILE NAME: the one number of NAME: its minimum where the counter
# counts single instructions (every sample agrees there); where it is
# coarser, the loop's mean if there is one, else the mean of the samples
# (their phases spread over a whole tick, so the mean, not the minimum, is
# the instruction count), rounded.
figure() {
	local lp v
	if grep -q ' 1 instructions per unit' "$1"; then
		field "$1" "$2" min
		return
	fi
	lp=$(loop "$1" "$2")
	v=${lp%+-*}
	[[ -n $v ]] || v=$(field "$1" "$2" mean)
	[[ -n $v ]] && awk -v v="$v" 'BEGIN { printf "%d", v + 0.5 }'
}

i=$out/ipc-i386-1.txt c=$out/ipc-coldfire-1.txt
echo
echo "guest instructions, overhead subtracted; min / median of 48 samples (one number:"
echo "all the same). ColdFire counts 12-instruction ticks; (N+-E): the mean of 64 between"
echo "two readings, less the same loop without the invocation, good to +-E"
printf '| %-44s | %-13s | %-28s | %-32s |\n' operation "Arroyo i386" "Arroyo ColdFire" "seL4 ia32 (FACTS 8)"
printf '| %-44s | %-13s | %-28s | %-32s |\n' --- --- --- ---
row() { printf '| %-44s | %-13s | %-28s | %-32s |\n' "$@"; }
row "null invocation (SELF_OP_PID)" "$(cell "$i" null-pid)" \
	"$(cell "$c" null-pid) ($(loop "$c" null-pid))" "(Yield, no switch: 331)"
row "null invocation, cpuid-serialised readings" "$(cell "$i" null-pid-cpuid)" "-" "-"
row "invalid invocation (empty register)" "$(cell "$i" null-error)" "$(cell "$c" null-error)" "-"
row "one-way Call, 0 words, other space" "$(cell "$i" call-oneway)" "$(cell "$c" call-oneway)" "195 (fastpath)"
row "one-way ReplyRecv, other space" "$(cell "$i" replyrecv-oneway)" "$(cell "$c" replyrecv-oneway)" \
	"224 (fastpath)"
row "one-way Call, 10 words (INV_F_LONG)" "$(cell "$i" call10-oneway)" "$(cell "$c" call10-oneway)" \
	"903 (slow path)"
row "one-way ReplyRecv, 10 words (INV_F_LONG)" "$(cell "$i" replyrecv10-oneway)" "$(cell "$c" replyrecv10-oneway)" \
	"932 (slow path)"
row "one-way Call, 10 words, priority 10 to 11" "$(cell "$i" call10-across-oneway)" "$(cell "$c" call10-across-oneway)" "-"
row "one-way ReplyRecv, 10 words, 11 to 10" "$(cell "$i" replyrecv10-across-oneway)" "$(cell "$c" replyrecv10-across-oneway)" "-"
row "one-way Send to a waiting receiver" "$(cell "$i" send-oneway)" "$(cell "$c" send-oneway)" "768 (slow path)"
row "round trip Call / ReplyRecv" "$(cell "$i" roundtrip)" \
	"$(cell "$c" roundtrip) ($(loop "$c" roundtrip))" "419 (195 + 224)"

# The machine-readable lines (bench/report.py reads them): NAME in the
# benchmark's output, the figure's name in the report.
echo
for arch in i386 coldfire; do
	f=$out/ipc-$arch-1.txt
	while read -r name key; do
		v=$(figure "$f" "$name")
		[[ -n $v ]] && echo "bench: $arch.$key=$v"
	done <<'NAMES'
null-pid ipc.null
null-error ipc.error
call-oneway ipc.call
replyrecv-oneway ipc.replyrecv
send-oneway ipc.send
roundtrip ipc.roundtrip
call10-oneway ipc.call10
replyrecv10-oneway ipc.replyrecv10
call10-across-oneway ipc.call10_across
replyrecv10-across-oneway ipc.replyrecv10_across
callcap-oneway ipc.callcap
NAMES
done
