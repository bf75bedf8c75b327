#!/usr/bin/env bash
# Boot images whose memory pools or file-mapping tables are wrong, on both
# arches (doc/pools.md): a pool outside RAM, over the kernel image, over the
# boot module, with an unknown cache attribute, or whose stripes meet
# another pool's; a file-mapping entry naming a segment beyond the
# program's loadable ones, or a pool that is not one (and mkimage refusing
# an unknown pool name). Each is refused with a line naming the pool or
# program and `arroyo: halt status=<nonzero>`, and nothing runs. The
# unmutated images boot; a pool whose cache attribute the arch cannot
# enforce is said so (ColdFire) or enforced, the direct map's entries read
# back (i386); on i386 a uc pool with more of the direct map than the split
# tables cover is refused.
source "$(dirname "$0")/lib.sh"

MKIMAGE=build/host/mkimage
DESC=user/init/init.img.txt

build_kernels_and_programs

# mutate IN OUT OP ARG: byte surgery on a named record, offsets from
# obstore/include/obstore/image_format.h; the checksum is resealed.
mutate() {
	python3 - "$@" <<'PY' || fail "mutate $*"
import struct, sys, zlib

src, dst, op, name = sys.argv[1:5]
b = bytearray(open(src, "rb").read())
H_LENGTH, H_CRC, H_REC_OFF, H_REC_COUNT = 8, 12, 20, 24
REC_SIZE, R_NAME, R_BODY = 48, 4, 20
B_START, B_CACHE, B_PROG_SEGS = 0, 24, 16

def u32(off):
    return struct.unpack_from("<I", b, off)[0]

def body(want):
    for i in range(u32(H_REC_COUNT)):
        off = u32(H_REC_OFF) + i * REC_SIZE
        if b[off + R_NAME:off + R_NAME + 16].rstrip(b"\0").decode() == want:
            return off + R_BODY
    sys.exit("no record " + want)

if op == "cache":  # an attribute past uc
    b[body(name) + B_CACHE] = 7
elif op == "meet":  # green starts where red does: their stripes meet
    struct.pack_into("<Q", b, body(name) + B_START, struct.unpack_from("<Q", b, body("red") + B_START)[0])
elif op == "segment":  # entry 0 names segment 5
    e = struct.unpack_from("<H", b, body(name) + B_PROG_SEGS)[0]
    struct.pack_into("<H", b, body(name) + B_PROG_SEGS, (e & 0x7ff) | 5 << 11)
elif op == "notpool":  # entry 0's pool becomes record 0 (a program)
    e = struct.unpack_from("<H", b, body(name) + B_PROG_SEGS)[0]
    struct.pack_into("<H", b, body(name) + B_PROG_SEGS, (e & ~0x7ff) | 1)
else:
    sys.exit("unknown op " + op)
struct.pack_into("<I", b, H_CRC, 0)
struct.pack_into("<I", b, H_CRC, zlib.crc32(b[:u32(H_LENGTH)]))
open(dst, "wb").write(b)
PY
}

# image ARCH NAME POOL-LINES...: init's description plus lines, built.
image() {
	local arch=$1 name=$2
	shift 2
	{ sed -e "s|^program init.elf init.elf\$|program init.elf init.elf ${MAP:-}|" "$DESC"; printf '%s\n' "$@"; } \
		>"$SYS_TMP/$arch-$name.img.txt"
	$MKIMAGE "$SYS_TMP/$arch-$name.img.txt" --arch "$arch" --root "build/$arch/user" \
		-o "$SYS_TMP/$arch-$name.img" 2>"$SYS_TMP/$arch-$name.mk" || return 1
}

# refused ARCH NAME REGEX: the kernel refuses the image with `image: refused:
# REGEX`, halts nonzero, and no trap, panic or process comes first.
refused() {
	local arch=$1 name=$2 regex=$3 log=$SYS_TMP/$1-$2.log
	tools/run-qemu --arch "$arch" --kernel "build/$arch/arroyo.elf" --image "$SYS_TMP/$arch-$name.img" \
		--log "$log" --timeout 30 --quiet 2>/dev/null && fail "$arch $name: run-qemu passed"
	expect_line "$log" "^image: refused: $regex"
	expect_line "$log" '^arroyo: halt status=[1-9][0-9]*$'
	if grep -a -q -E '^(trap:|panic:|fault:|loader: .* segment [0-9])' "$log"; then
		tail -20 "$log"
		fail "$arch $name: a trap, panic or program load came first"
	fi
	echo "$arch $name: $(grep -a -m1 '^image: refused: ' "$log")"
}

# The two colours and a pool the tests move about, clear of the kernel.
COLOURS=("pool red start=32M in=ram len=1M stripe=4K step=16K" "pool green start=0x2001000 in=ram len=0xff000 stripe=8K step=16K" "pool slow start=48M in=ram len=1M cache=uc")
for arch in i386 coldfire; do
	image "$arch" good "${COLOURS[@]}" || fail "$arch: mkimage good: $(cat "$SYS_TMP/$arch-good.mk")"
	log=$SYS_TMP/$arch-good.log
	tools/run-qemu --arch "$arch" --kernel "build/$arch/arroyo.elf" --image "$SYS_TMP/$arch-good.img" \
		--log "$log" --timeout 60 --quiet 2>/dev/null || fail "$arch: the good image does not boot"
	expect_line "$log" '^pool: [0-9]+ red start=0x[0-9a-f]+ len=0x100000 stripe=0x1000 step=0x4000 cache=wb frames=64$'
	expect_line "$log" '^pool: [0-9]+ green start=0x[0-9a-f]+ len=0xff000 stripe=0x2000 step=0x4000 cache=wb frames=128$'
	expect_line "$log" '^pool: [0-9]+ slow start=0x[0-9a-f]+ len=0x100000 stripe=0x0 step=0x0 cache=uc frames=256$'
	if [[ $arch == coldfire ]]; then
		expect_line "$log" '^pool: slow cache=uc not enforced: ColdFire has no MMU'
	elif grep -a -q 'not enforced' "$log"; then
		fail "i386 says a cache attribute is not enforced"
	else
		# every frame of the uc pool mapped uncached in the direct map, read back
		expect_line "$log" '^pool: slow cache=uc direct map: frames=256 in 4 KiB entries with PCD\|PWT, read back=256$'
	fi
	module=$(sed -n -E 's/^module 0: (0x[0-9a-f]+)-.*/\1/p' "$log")
	[[ -n $module ]] || fail "$arch: no module 0 line"
	ram=0
	[[ $arch == coldfire ]] && ram=$((0x40000000))
	kernel=1M
	[[ $arch == coldfire ]] && kernel=0

	image "$arch" outside "${COLOURS[@]}" "pool far start=127M in=ram len=2M" || fail "mkimage outside"
	refused "$arch" outside "pool 'far' 0x[0-9a-f]+-0x[0-9a-f]+ lies outside RAM"
	image "$arch" image "${COLOURS[@]}" "pool over start=$kernel in=ram len=4K" || fail "mkimage image"
	refused "$arch" image "pool 'over' 0x[0-9a-f]+-0x[0-9a-f]+ lies over the image"
	# Same records as the good image: the module lands where it did.
	image "$arch" module "pool red start=32M in=ram len=1M stripe=4K step=16K" \
		"pool green start=0x2001000 in=ram len=0xff000 stripe=8K step=16K" \
		"pool slow start=$(printf '0x%x' $((module - ram))) in=ram len=4K cache=uc" || fail "mkimage module"
	refused "$arch" module "pool 'slow' 0x[0-9a-f]+-0x[0-9a-f]+ lies over the boot modules"
	mutate "$SYS_TMP/$arch-good.img" "$SYS_TMP/$arch-cache.img" cache slow
	refused "$arch" cache "record [0-9]+ \\(pool 'slow'\\): bad pool \\(0x7, 0x3\\)"
	mutate "$SYS_TMP/$arch-good.img" "$SYS_TMP/$arch-meet.img" meet green
	refused "$arch" meet "record [0-9]+ \\(pool 'green'\\): pool shares the frame at 0x[0-9a-f]+ with pool record [0-9]+ \\('red'\\)"

	if [[ $arch == i386 ]]; then
		# 32 MiB of uc pool in the direct map: 16 of its 2 MiB pages to split, 8 tables kept
		image "$arch" bigslow "pool red start=32M in=ram len=1M stripe=4K step=16K" \
			"pool huge start=64M in=ram len=32M cache=uc" || fail "mkimage bigslow"
		refused "$arch" bigslow "pool 'huge': its uc frames in the direct map need more than 8 split page tables"
	fi

	MAP="seg1=red" image "$arch" mapped "${COLOURS[@]}" || fail "mkimage mapped: $(cat "$SYS_TMP/$arch-mapped.mk")"
	mutate "$SYS_TMP/$arch-mapped.img" "$SYS_TMP/$arch-segment.img" segment init.elf
	refused "$arch" segment "record 0 \\(program 'init.elf'\\): file-mapping table names segment 5, beyond the program's [0-9] loadable segments"
	mutate "$SYS_TMP/$arch-mapped.img" "$SYS_TMP/$arch-notpool.img" notpool init.elf
	refused "$arch" notpool "record 0 \\(program 'init.elf'\\): refers to record 0 \\('init.elf'\\) of type program, where pool is needed"
	MAP="seg0=nosuch" image "$arch" unknown "${COLOURS[@]}" && fail "$arch: mkimage took an unknown pool name"
	grep -q "pool 'nosuch' is not declared" "$SYS_TMP/$arch-unknown.mk" ||
		fail "$arch: mkimage says: $(cat "$SYS_TMP/$arch-unknown.mk")"
	echo "$arch unknown pool name: $(cat "$SYS_TMP/$arch-unknown.mk")"
done
echo "pass"
