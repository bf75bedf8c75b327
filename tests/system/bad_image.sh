#!/usr/bin/env bash
# Bad boot images on both arches (issue 4, item 6): an image with a bad magic,
# built for the other arch, truncated, with a flipped byte, with two objects
# that overlap, or with a capability slot one past a process's registers or a
# CapPage's slots (issue 13; the checksum resealed, so only that is wrong)
# is refused at boot with an `image: ...` line naming the problem and
# `arroyo: halt status=<nonzero>`, tools/run-qemu reports a failure, and
# nothing jumps into the image: no trap dump, no panic, no user process.
source "$(dirname "$0")/lib.sh"

MKIMAGE=build/host/mkimage
DESC=user/init/init.img.txt

build_kernels_and_programs

# mutate IN OUT OP: byte surgery in python3; offsets from
# obstore/include/obstore/image_format.h.
mutate() {
	python3 - "$@" <<'PY' || fail "mutate $*"
import struct, sys, zlib

src, dst, op = sys.argv[1:4]
b = bytearray(open(src, "rb").read())
H_LENGTH, H_CRC, H_REC_OFF, H_REC_COUNT, H_CAP_OFF, H_BLOB_LEN = 8, 12, 20, 24, 28, 40
REC_SIZE, R_BODY, TYPE_PROGRAM, TYPE_PROCESS, TYPE_PAGE, TYPE_CAPPAGE = 48, 20, 1, 2, 4, 5
B_CAP_FIRST, CAP_SIZE = 16, 8

def u32(off):
    return struct.unpack_from("<I", b, off)[0]

def reseal():
    struct.pack_into("<I", b, H_CRC, 0)
    struct.pack_into("<I", b, H_CRC, zlib.crc32(b[:u32(H_LENGTH)]))

def records():
    for i in range(u32(H_REC_COUNT)):
        off = u32(H_REC_OFF) + i * REC_SIZE
        yield struct.unpack_from("<H", b, off)[0], off + R_BODY

if op == "magic":
    b[0:4] = b"ARIX"
elif op == "truncate":
    b = b[: len(b) // 2]
elif op == "flip":
    # a byte in the middle of the blob area (the program), checksum unchanged
    b[len(b) - u32(H_BLOB_LEN) // 2] ^= 0x55
elif op == "overlap":
    # the page's contents become the first bytes of the program's
    prog = [body for t, body in records() if t == TYPE_PROGRAM][0]
    page = [body for t, body in records() if t == TYPE_PAGE][0]
    struct.pack_into("<I", b, page, u32(prog))
    reseal()
elif op in ("process-slot", "cappage-slot"):
    # the last capability of the first process (16 registers) or CapPage
    # (256 slots) moves to one past the end
    want, limit = (TYPE_PROCESS, 16) if op == "process-slot" else (TYPE_CAPPAGE, 256)
    body = [body for t, body in records() if t == want][0]
    last = u32(body + B_CAP_FIRST) + u32(body + B_CAP_FIRST + 4) - 1
    struct.pack_into("<H", b, u32(H_CAP_OFF) + last * CAP_SIZE, limit)
    reseal()
else:
    sys.exit("unknown op " + op)
open(dst, "wb").write(b)
PY
}

# boot ARCH IMAGE NAME REGEX: the kernel refuses IMAGE with a line matching
# `image: refused: [image: ]REGEX` (the parser names header problems with its
# own `image: ` prefix) and halts with a non-zero status, and the runner fails.
boot() {
	local arch=$1 img=$2 name=$3 regex=$4 log=$SYS_TMP/$1-$3.log err=$SYS_TMP/$1-$3.err
	tools/run-qemu --arch "$arch" --kernel "build/$arch/arroyo.elf" --image "$img" \
		--log "$log" --timeout 30 --quiet 2>"$err" && fail "$arch $name: run-qemu passed"
	grep -q "run-qemu: FAIL: console says 'arroyo: halt status=[1-9][0-9]*'" "$err" ||
		fail "$arch $name: runner says: $(cat "$err")"
	expect_line "$log" "^image: refused: (image: )?$regex"
	expect_line "$log" '^arroyo: halt status=[1-9][0-9]*$'
	if grep -a -q -E '^(trap:|panic:|fault:|init: exit)' "$log"; then
		tail -20 "$log"
		fail "$arch $name: a trap, panic or process ran"
	fi
	echo "$arch $name: $(grep -a -m1 -E "^image: refused: (image: )?$regex" "$log")" \
		"/ $(grep -a -m1 '^arroyo: halt' "$log")"
}

# Good images: init, and init with a page, from mkimage for each arch.
for arch in i386 coldfire; do
	root=$SYS_TMP/root-$arch
	mkdir -p "$root"
	cp "build/$arch/user/init.elf" "build/$arch/user/spacebank.elf" "build/$arch/user/bankdemo.elf" "$root/"
	echo "a page of text" >"$root/motd.txt"
	$MKIMAGE "$DESC" --arch "$arch" --root "$root" -o "$SYS_TMP/$arch.img" ||
		fail "mkimage $arch"
	{ cat "$DESC"; echo "page motd file=motd.txt"; echo "cappage cp { cap 255 = console }"; } \
		>"$SYS_TMP/page.img.txt"
	$MKIMAGE "$SYS_TMP/page.img.txt" --arch "$arch" --root "$root" -o "$SYS_TMP/$arch-page.img" ||
		fail "mkimage $arch with a page"
	mutate "$SYS_TMP/$arch.img" "$SYS_TMP/$arch-magic.img" magic
	mutate "$SYS_TMP/$arch.img" "$SYS_TMP/$arch-truncate.img" truncate
	mutate "$SYS_TMP/$arch.img" "$SYS_TMP/$arch-flip.img" flip
	mutate "$SYS_TMP/$arch-page.img" "$SYS_TMP/$arch-overlap.img" overlap
	mutate "$SYS_TMP/$arch-page.img" "$SYS_TMP/$arch-process-slot.img" process-slot
	mutate "$SYS_TMP/$arch-page.img" "$SYS_TMP/$arch-cappage-slot.img" cappage-slot
done
# The unmutated images boot, so each refusal below is the mutation's doing.
for arch in i386 coldfire; do
	tools/run-qemu --arch "$arch" --kernel "build/$arch/arroyo.elf" --image "$SYS_TMP/$arch-page.img" \
		--log "$SYS_TMP/$arch-good.log" --timeout 30 --quiet 2>/dev/null ||
		fail "$arch: the unmutated image does not boot"
done

for arch in i386 coldfire; do
	other=coldfire
	[[ $arch == coldfire ]] && other=i386
	boot "$arch" "$SYS_TMP/$arch-magic.img" magic 'bad magic 0x[0-9a-f]{8}, expected'
	boot "$arch" "$SYS_TMP/$other.img" wrong-arch "built for $other \(arch [12]\), expected $arch"
	if [[ $arch == i386 ]]; then
		# The multiboot module is as long as the file: the loader sees the cut.
		boot "$arch" "$SYS_TMP/$arch-truncate.img" truncated \
			'truncated: the header says [0-9]+ bytes, only [0-9]+ are present'
	else
		# QEMU's loader tells ColdFire no file size: the kernel takes the
		# header's length, and the missing half reads as zeros.
		boot "$arch" "$SYS_TMP/$arch-truncate.img" truncated \
			'checksum 0x[0-9a-f]{8} does not match the contents'
	fi
	boot "$arch" "$SYS_TMP/$arch-flip.img" flipped-byte \
		'checksum 0x[0-9a-f]{8} does not match the contents'
	boot "$arch" "$SYS_TMP/$arch-overlap.img" overlap \
		"record [0-9]+ \\(page 'motd'\\): blob at [0-9]+ overlaps the blob of record [0-9]+ \('init.elf'\) at [0-9]+"
	boot "$arch" "$SYS_TMP/$arch-process-slot.img" process-slot \
		"record [0-9]+ \\(process 'init'\\): cap entry [0-9]+: slot 16 is beyond the 16 slots"
	boot "$arch" "$SYS_TMP/$arch-cappage-slot.img" cappage-slot \
		"record [0-9]+ \\(cappage 'cp'\\): cap entry [0-9]+: slot 256 is beyond the 256 slots"
done
echo "pass"
