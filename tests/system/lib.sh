# Shared helpers for the system tests. Each test is a bash script that exits 0
# on pass; it works in a temporary directory that is removed on exit.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
SYS_TMP=$(mktemp -d)
trap 'rm -rf "$SYS_TMP"' EXIT

fail() {
	echo "FAIL: $*"
	exit 1
}

# expect_line LOG REGEX: the console log has a line matching the extended regex.
expect_line() {
	grep -a -q -E "$2" "$1" || fail "no line matching /$2/ in the console log"
}

# expect_clean_ktest LOG: the summary reports at least one test and no failure,
# and it agrees with the per-test lines.
expect_clean_ktest() {
	local log=$1 np nf
	np=$(grep -a -c -E '^ktest [^ ]+ ok' "$log")
	nf=$(grep -a -c -E '^ktest [^ ]+ FAIL' "$log")
	expect_line "$log" "^ktest: $np passed, 0 failed"
	((np > 0 && nf == 0)) || fail "ktest lines: $np ok, $nf FAIL"
}

# build_kernels_and_programs: both arches' kernels and user programs, and
# tools/mkimage, for tests that make their own boot images.
build_kernels_and_programs() {
	local arch
	for arch in i386 coldfire; do
		make --no-print-directory -s ARCH=$arch kernel user build/host/mkimage \
			>"$SYS_TMP/make-$arch.log" 2>&1 ||
			{ cat "$SYS_TMP/make-$arch.log"; fail "make ARCH=$arch kernel user"; }
	done
}
