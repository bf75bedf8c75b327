#!/usr/bin/env bash
# Boot-to-init wall time under QEMU's TCG (no -icount): milliseconds from
# starting the emulator to init's first console line, the median of three
# runs per arch. Wall time depends on the host and its load, so this is a
# report line, never a gate. Run by `make bench` (bench/run).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
out=build/bench
mkdir -p "$out"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

for arch in i386 coldfire; do
	make --no-print-directory -s ARCH=$arch kernel images >"$out/boot-make-$arch.log" 2>&1 ||
		{ tail -20 "$out/boot-make-$arch.log"; echo "boot: FAIL: make ARCH=$arch"; exit 1; }
	times=()
	for run in 1 2 3; do
		log=$out/boot-$arch-$run.log
		: >"$log"
		t0=$(now_ms)
		tools/run-qemu --arch $arch --kernel build/$arch/arroyo.elf \
			--image build/$arch/images/init.img --timeout 120 --quiet --log "$log" &
		pid=$!
		t=
		while kill -0 "$pid" 2>/dev/null; do
			if grep -aq '^init: ' "$log"; then
				t=$(($(now_ms) - t0))
				break
			fi
			sleep 0.01
		done
		wait "$pid" || { tail -20 "$log"; echo "boot: FAIL: $arch run $run"; exit 1; }
		[[ -n $t ]] || grep -aq '^init: ' "$log" || { echo "boot: FAIL: $arch: init never spoke"; exit 1; }
		times+=("${t:-$(($(now_ms) - t0))}")
	done
	med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
	echo "$arch: boot to init ${times[*]} ms, median $med"
	echo "bench: $arch.boot.init_ms=$med"
done
