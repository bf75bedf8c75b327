#!/usr/bin/env bash
# Hostile machines (issue 13, item 1). i386: a CPU without what the kernel
# uses (CPUID, PAE, CMOV) is named on the console before paging and the run
# halts with status 6 instead of looping in invalid opcodes; a CPU that has
# them boots. An exception the CPU cannot deliver (the stack unmapped) becomes
# a double fault, whose task dumps and halts (status 0x80 + 8); an exception
# taken while a fatal one is reported, on both arches, gives one short line
# and the halt, never a recursion.
source "$(dirname "$0")/lib.sh"

for arch in i386 coldfire; do
	make --no-print-directory -s ARCH=$arch kernel >"$SYS_TMP/make-$arch.log" 2>&1 ||
		{ cat "$SYS_TMP/make-$arch.log"; fail "make ARCH=$arch kernel"; }
done
elf=build/i386/arroyo.elf

# cpu_refused CPU MISSING: QEMU -cpu CPU is refused, naming MISSING.
cpu_refused() {
	local cpu=$1 missing=$2 log=$SYS_TMP/cpu-$1.log err=$SYS_TMP/cpu-$1.err
	tools/run-qemu --arch i386 --kernel $elf --append 'ktest=cmdline_*' --log "$log" \
		--timeout 30 --quiet -- -cpu "$cpu" 2>"$err" && fail "-cpu $cpu passed"
	grep -q "run-qemu: FAIL: console says 'arroyo: halt status=6', qemu exit status 35" "$err" ||
		fail "-cpu $cpu: runner says: $(cat "$err")"
	expect_line "$log" "^cpu: this CPU lacks $missing: Arroyo needs an i686 with PAE and CMOV"
	expect_line "$log" '^arroyo: halt status=6$'
	if grep -a -q -E '^(trap:|ktest|paging:)' "$log"; then
		tail -5 "$log"
		fail "-cpu $cpu: the kernel went on past the check"
	fi
	echo "-cpu $cpu: $(grep -a -m1 '^cpu:' "$log")"
}
cpu_refused 486 'PAE CMOV'
cpu_refused pentium 'PAE CMOV'
cpu_refused qemu32,-cmov 'CMOV'
cpu_refused qemu32,-pae 'PAE'
cpu_refused 486,level=0 'PAE CMOV' # CPUID without leaf 1: nothing is known to be there

for cpu in pentium2 qemu32; do
	log=$SYS_TMP/good-$cpu.log
	tools/run-qemu --arch i386 --kernel $elf --append 'ktest=cmdline_*' --log "$log" \
		--timeout 30 --quiet -- -cpu "$cpu" 2>/dev/null || fail "-cpu $cpu did not boot"
	expect_clean_ktest "$log"
	grep -a -q '^cpu:' "$log" && fail "-cpu $cpu: a cpu line on a good CPU"
done

log=$SYS_TMP/df.log
tools/run-qemu --arch i386 --kernel $elf --append crash=doublefault --log "$log" --timeout 30 \
	--quiet 2>/dev/null && fail "a double fault passed"
expect_line "$log" '^trap: vector=8 \(double fault\)'
expect_line "$log" '^  eip=[0-9a-f]{8} cs=0008 .* fault_addr=fffff7fc$'
expect_line "$log" '^  esi=[0-9a-f]{8} edi=[0-9a-f]{8} ebp=[0-9a-f]{8} esp=fffff800$'
expect_line "$log" '^arroyo: halt status=136$'
echo "i386 double fault: $(grep -a -m1 '^trap: vector=8' "$log")"

for arch in i386 coldfire; do
	log=$SYS_TMP/nested-$arch.log
	tools/run-qemu --arch $arch --kernel build/$arch/arroyo.elf --append crash=nested \
		--log "$log" --timeout 30 --quiet 2>/dev/null && fail "$arch: a nested fault passed"
	expect_line "$log" '^trap: vector=[0-9]+ at (eip|pc)=[0-9a-f]{8} while handling a fatal trap$'
	expect_line "$log" '^arroyo: halt status=13[24]$'
	[[ $(grep -a -c '^trap:' "$log") == 1 ]] || fail "$arch: more than one trap line"
	echo "$arch nested: $(grep -a -m1 'while handling' "$log") / $(grep -a -m1 '^arroyo: halt' "$log")"
done
echo "pass"
