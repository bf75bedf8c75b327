#!/usr/bin/env bash
# tools/mkimage builds boot images from obstore/examples/hello.img.txt with real
# cross-compiled programs for both arches; --dump reads them back through the
# kernel's parser and shows what was asked for. Corrupt images and bad
# descriptions are refused, the latter with file:line messages.
source "$(dirname "$0")/lib.sh"

MKIMAGE=build/host/mkimage
EXAMPLE=obstore/examples/hello.img.txt

make --no-print-directory -s "$MKIMAGE" >"$SYS_TMP/make.log" 2>&1 ||
	{ cat "$SYS_TMP/make.log"; fail "make $MKIMAGE"; }

# build_program ARCH OUT BASE: a static program linked at BASE (ColdFire has
# one address space, so its programs must be linked apart).
build_program() {
	local arch=$1 out=$2 base=$3 src=$SYS_TMP/$1.S
	if [[ $arch == i386 ]]; then
		printf '.globl _start\n_start:\n\tnop\n\tjmp _start\n.data\n.long 1\n' >"$src"
		i686-linux-gnu-gcc -nostdlib -static -no-pie -Wl,--build-id=none \
			-Wl,-Ttext-segment="$base" "$src" -o "$out" || fail "cc $out"
	else
		printf '.globl _start\n_start:\n\tnop\n\tbra _start\n.data\n.long 1\n' >"$src"
		m68k-linux-gnu-gcc -mcpu=5208 -nostdlib -static -no-pie -Wl,--build-id=none \
			-Wl,-Ttext-segment="$base" "$src" -o "$out" || fail "cc $out"
	fi
}

entry_of() { # READELF FILE
	printf '0x%08x' "$("$1" -h "$2" | awk '/Entry point/ { print $4 }')"
}

# expect_dump LOG REGEX: like expect_line, for the dump.
expect_dump() {
	grep -q -E "$2" "$1" || { cat "$1"; fail "dump has no line matching /$2/"; }
}

check_arch() { # ARCH BASE1 BASE2 READELF
	local arch=$1 dir=$SYS_TMP/$1 img=$SYS_TMP/$1.img dump=$SYS_TMP/$1.dump
	mkdir -p "$dir"
	build_program "$arch" "$dir/hello.elf" "$2"
	build_program "$arch" "$dir/echo.elf" "$3"
	echo "hello from the image" >"$dir/motd.txt"
	$MKIMAGE "$EXAMPLE" --arch "$arch" --root "$dir" -o "$img" || fail "mkimage $arch"
	$MKIMAGE --dump "$img" >"$dump" || fail "dump $arch"

	local size hello echo crc
	size=$(stat -c %s "$img")
	hello=$(entry_of "$4" "$dir/hello.elf")
	echo=$(entry_of "$4" "$dir/echo.elf")
	expect_dump "$dump" "^image .*: arch $arch version 1 length $size crc32 0x[0-9a-f]{8} records 11 caps 13 "
	expect_dump "$dump" "^record 0 pool system start 0x400000 len 0x400000 stripe 0x0 step 0x0 cache wb$"
	expect_dump "$dump" "^record 1 pool colour start 0x800000 len 0x100000 stripe 0x1000 step 0x4000 cache uc$"
	expect_dump "$dump" "^record 2 program hello blob 0\+$(stat -c %s "$dir/hello.elf") entry $hello segments [0-9]+$"
	expect_dump "$dump" "^record 3 program echod blob [0-9]+\+[0-9]+ entry $echo "
	expect_dump "$dump" "^record 6 page motd oid 7 blob [0-9]+\+21 pool system$"
	expect_dump "$dump" "^record 7 page scratch oid 8 blob 0\+0 pool -$"
	expect_dump "$dump" "^record 8 process init oid 9 program hello priority 10 entry $hello pool system fault faults caps 8$"
	expect_dump "$dump" "^  cap 7 = budget$"
	expect_dump "$dump" "^  cap 3 = motd \(page, record 6\) ro nx$"
	expect_dump "$dump" "^  cap 4 = spare \(cappage, record 10\) weak$"
	expect_dump "$dump" "^record 9 process echo oid 10 program echod priority 12 entry $echo pool - fault - caps 3$"
	expect_dump "$dump" "^  cap 255 = init \(process, record 8\)$"
	[[ $(grep -c '^record ' "$dump") == 11 ]] || fail "$arch: dump does not have 11 records"
	# The checksum is zlib's CRC-32 with its own field zeroed.
	crc=$(python3 -c 'import sys, zlib; b = bytearray(open(sys.argv[1], "rb").read()); b[12:16] = bytes(4); print("0x%08x" % zlib.crc32(b))' "$img")
	expect_dump "$dump" "crc32 $crc "
	echo "$arch: image of $size bytes round-trips"
}

check_arch i386 0x08048000 0x09000000 i686-linux-gnu-readelf
check_arch coldfire 0x40100000 0x40200000 m68k-linux-gnu-readelf

# Refusals of images.
refuse_dump() { # WHAT REGEX ARGS...
	local what=$1 regex=$2
	shift 2
	$MKIMAGE --dump "$@" >/dev/null 2>"$SYS_TMP/err" && fail "$what: dump accepted it"
	grep -q -E "$regex" "$SYS_TMP/err" || { cat "$SYS_TMP/err"; fail "$what: no /$regex/"; }
	echo "$what: refused"
}
refuse_dump "wrong arch" "built for i386 \(arch 1\), expected coldfire" "$SYS_TMP/i386.img" --arch coldfire
cp "$SYS_TMP/coldfire.img" "$SYS_TMP/flip.img"
printf '\x55' | dd of="$SYS_TMP/flip.img" bs=1 seek=700 conv=notrunc status=none
refuse_dump "flipped byte" "checksum 0x[0-9a-f]+ does not match" "$SYS_TMP/flip.img"
head -c 1000 "$SYS_TMP/i386.img" >"$SYS_TMP/short.img"
refuse_dump "truncated" "truncated: the header says [0-9]+ bytes, only 1000" "$SYS_TMP/short.img"

# Refusals of descriptions: each must name its file and line.
bad() { # NAME ARCH REGEX < description
	local name=$1 arch=$2 regex=$3 desc=$SYS_TMP/i386/$1.txt
	cat >"$desc"
	rm -f "$SYS_TMP/bad.img"
	$MKIMAGE "$desc" --arch "$arch" -o "$SYS_TMP/bad.img" 2>"$SYS_TMP/err" &&
		fail "$name: mkimage accepted it"
	[[ -e $SYS_TMP/bad.img ]] && fail "$name: an image was written"
	grep -q -E "^${desc//./\\.}:$regex" "$SYS_TMP/err" ||
		{ cat "$SYS_TMP/err"; fail "$name: no /$desc:$regex/"; }
	echo "$name: $(head -1 "$SYS_TMP/err" | sed "s|^$SYS_TMP/i386/||")"
}
bad unknown i386 "3: unknown statement 'frobnicate'" <<'X'
program hello hello.elf
process init { program hello }
frobnicate x
X
bad undeclared i386 "4: capability target 'nosuch' is not declared" <<'X'
program hello hello.elf
process init {
	program hello
	cap 0 = nosuch
}
X
bad duplicate i386 "3: 'ep' is already declared on line 2" <<'X'
program hello hello.elf
endpoint ep
page ep
process init { program hello }
X
bad slot i386 "3: cap 16: a process has slots 0 to 15" <<'X'
program hello hello.elf
process init { program hello
  cap 16 = console }
X
bad missing_file i386 "1: program 'hello': cannot read .*/nothere.elf" <<'X'
program hello nothere.elf
process init { program hello }
X
bad wrong_arch coldfire "2: program 'hello' \(hello.elf\) for coldfire: machine 3, expected 4" <<'X'
# an i386 program in a ColdFire image
program hello hello.elf
process init { program hello }
X
bad entry i386 "3: record 1 \(process 'init'\): entry 0x00000010 is not in the code of program 'hello'" <<'X'
program hello hello.elf

process init { program hello; entry 0x10 }
X
bad unclosed i386 "4: expected a statement or '}' to close process 'init' \(line 2\)" <<'X'
program hello hello.elf
process init {
	program hello
X
bad number i386 "2: a priority: 'ten' is not a number" <<'X'
program hello hello.elf
process init { program hello; priority ten }
X
bad priority i386 "2: process 'init': priority 32 is above 31" <<'X'
program hello hello.elf
process init { program hello; priority 32 }
X
bad wrong_type i386 "3: program 'ep' is declared on line 1 as endpoint, not as program" <<'X'
endpoint ep
program hello hello.elf
process init { program ep }
X
bad arch_conflict coldfire "1: the description is for i386 but --arch says coldfire" <<'X'
arch i386
program hello hello.elf
process init { program hello }
X
bad pool i386 "1: record 0 \(pool 'p'\): bad pool" <<'X'
pool p start=0x1001 len=4K
program hello hello.elf
process init { program hello }
X
bad no_process i386 "1: image: no process record" <<'X'
endpoint lonely
X
bad cap_kind i386 "2: unknown restriction 'rw'" <<'X'
program hello hello.elf
process init { program hello; cap 0 = console rw }
X
echo "pass"
