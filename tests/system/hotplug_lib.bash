# Helpers for the PCI and RAM hot-plug system tests (hotplug_*.sh): a QEMU session in
# `idle` mode with a QMP socket in the test's temporary directory, driven by
# tools/hotplug. Not a test itself (tools/check runs *.sh only). doc/hotplug.md.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HP_KERNEL=${HP_KERNEL:-build/i386/arroyo.elf}
HP_LOG=$SYS_TMP/console.log
HP_SOCK=$SYS_TMP/qmp.sock
HP_PID=
# The machine's QEMU arguments (memory, CPU, cold-plugged devices); a test may
# replace them before hp_start, e.g. with `-cpu pentium3 -m 128M,slots=4,maxmem=1G`.
HP_MACHINE=(-m 128M)

hp_cleanup() {
	[[ -n ${HP_KEEP_LOG:-} ]] && cp "$HP_LOG" "$HP_KEEP_LOG"
	if [[ -n $HP_PID ]] && kill -0 "$HP_PID" 2>/dev/null; then
		kill "$HP_PID" 2>/dev/null
		wait "$HP_PID" 2>/dev/null
	fi
	rm -rf "$SYS_TMP"
}
trap hp_cleanup EXIT

# The complete lines of the console so far, without the kernel's CRs.
hp_console() {
	local n
	n=$(wc -l <"$HP_LOG")
	head -n "$n" "$HP_LOG" | tr -d '\r'
}

# A mark for hp_since: the number of complete lines so far.
hp_mark() {
	hp_console | wc -l
}

# The complete lines after mark $1.
hp_since() {
	hp_console | tail -n +$(($1 + 1))
}

# hp_wait MARK REGEX SECONDS: waits until a line after MARK matches REGEX.
hp_wait() {
	local deadline=$((SECONDS + $3))
	until hp_since "$1" | grep -q -E "$2"; do
		((SECONDS < deadline)) || fail "no line matching /$2/ within $3 s; console tail: $(hp_console | tail -5 | tr '\n' '|')"
		# The line may have come just before QEMU ended (a run that halts).
		kill -0 "$HP_PID" 2>/dev/null || hp_since "$1" | grep -q -E "$2" ||
			fail "QEMU exited; console tail: $(hp_console | tail -5 | tr '\n' '|')"
		sleep 0.05
	done
}

# hp_boot ARCH APPEND REGEX [QEMU ARGS...]: boots ARCH's kernel in the
# background through tools/run-qemu (with $HP_IMAGE as its boot image, if set)
# for at most $HP_TIMEOUT seconds (300 by default) and waits for a console
# line matching REGEX.
hp_boot() {
	local arch=$1 append=$2 regex=$3 kernel=$HP_KERNEL
	shift 3
	[[ $arch == i386 ]] || kernel=build/$arch/arroyo.elf
	[[ -f $kernel ]] || fail "no kernel at $kernel (run make)"
	: >"$HP_LOG"
	tools/run-qemu --arch "$arch" --kernel "$kernel" --append "$append" \
		${HP_IMAGE:+--image "$HP_IMAGE"} --log "$HP_LOG" --timeout "${HP_TIMEOUT:-300}" --exec -- "$@" &
	HP_PID=$!
	hp_wait 0 "$regex" 30
}

# hp_start "APPEND" [REGEX]: boots the i386 kernel with a QMP socket and waits
# until it serves events (or for REGEX).
hp_start() {
	hp_boot i386 "$1" "${2:-^idle: serving events}" -qmp "unix:$HP_SOCK,server=on,wait=off" \
		"${HP_MACHINE[@]}"
}

# Stops the running session (a test that boots a second one calls this first).
hp_stop() {
	tools/hotplug --qmp "$HP_SOCK" quit >/dev/null 2>&1
	if [[ -n $HP_PID ]]; then
		wait "$HP_PID" 2>/dev/null
		HP_PID=
	fi
	rm -f "$HP_SOCK"
}

hp_tool() {
	tools/hotplug --qmp "$HP_SOCK" "$@" || fail "tools/hotplug $* failed (status $?)"
}

# The last `ledger:` line of the text on stdin (empty if none).
hp_last_ledger() {
	grep -E '^ledger: ' | tail -1
}

# hp_field LINE KEY: the value of key=value in LINE.
hp_field() {
	sed -n -E "s/.*[ :]$2=([0-9]+).*/\1/p" <<<"$1"
}
