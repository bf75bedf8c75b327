#!/usr/bin/env bash
# ColdFire simulated bus, hostile input (doc/hotplug.md): every case gets one
# answer line naming the problem, changes nothing, and the bus keeps serving.
#  - a NUL (or another control byte) inside a line refuses the whole line
#    (it used to cut the command silently at the NUL);
#  - a partial line left by a client that went away does not prefix the next
#    client's command: dropped after two seconds of silence, or at once by
#    the CAN byte tools/simbus sends first;
#  - windows above 4 GiB, over the internal SRAM at 0x80000000 or over the
#    on-chip peripheral registers (UART1 itself) are refused.
source "$(dirname "$0")/hotplug_lib.bash"
SB_SOCK=$SYS_TMP/simbus.sock
hp_boot coldfire idle '^idle: serving events' -serial "unix:$SB_SOCK,server=on,wait=off"
before=$(hp_console | hp_last_ledger)
[[ -n $before ]] || fail "no ledger line at boot"

# raw DELAY BYTES...: each BYTES (Python escapes) written on a connection of
# its own, one after the other, waiting DELAY seconds after each; prints the
# answer lines the last connection gets within 5 s.
raw() {
	python3 - "$SB_SOCK" "$@" <<'PY'
import socket, sys, time
delay = float(sys.argv[2])
for text in sys.argv[3:]:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    data = text.encode().decode("unicode_escape").encode("latin-1")
    s.sendall(data)
    time.sleep(delay)
    want = data.count(b"\n")
    s.settimeout(5)
    got = b""
    try:
        while got.count(b"\n") < want:
            chunk = s.recv(256)
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        pass
    s.close()
sys.stdout.write(got.decode(errors="replace"))
PY
}

sb() { # expected-reply-regex args...
	local want=$1 reply
	shift
	reply=$(tools/simbus --sock "$SB_SOCK" "$@")
	grep -q -E "^$want$" <<<"$reply" || fail "simbus $*: replied '$reply', expected /$want/"
}

# A NUL in the middle: the line is refused whole, not cut to "add 5 0x90000000".
reply=$(raw 0 'add 5 0x90000000\x00 4M junk\n')
[[ $reply == 'error control byte 0x00 at offset 16' ]] || fail "NUL line answered '$reply'"
reply=$(raw 0 'del 5\x07\n')
[[ $reply == 'error control byte 0x07 at offset 5' ]] || fail "BEL line answered '$reply'"

# A partial line, then the client goes away; the next client's command is its own.
reply=$(raw 3 'add 5 0x900' 'del 5\n')
[[ $reply == 'removed frames=0' ]] || fail "after an idle partial line: '$reply'"
# Half a second on the first connection: QEMU drops what it has not read from
# a socket whose client closed, and the partial line must reach the kernel.
reply=$(raw 0.5 'add 5 0x900' '\x18del 5\n')
[[ $reply == 'removed frames=0' ]] || fail "after a cancelled partial line: '$reply'"
grep -q -E '^simbus: dropped a partial line of 11 bytes \(idle, the host went away\)$' <(hp_console) ||
	fail "no console line for the idle partial line"
grep -q -E '^simbus: dropped a partial line of 11 bytes \(cancelled by the host\)$' <(hp_console) ||
	fail "no console line for the cancelled partial line: $(hp_console | grep -E '^simbus: ' | tr '\n' '|')"

# Windows where the board decodes something else, or beyond 32 bits.
sb 'error window above 4 GiB: the V2 core has 32-bit physical addresses' add 6 0x100000000 1M
sb 'error window above 4 GiB: the V2 core has 32-bit physical addresses' add 6 0xfff00000 2M
sb 'error window overlaps the internal SRAM at 0x80000000' add 6 0x80000000 16K
sb 'error window overlaps the on-chip peripheral registers at 0xfc000000' add 6 0xfc064000 4K
sb 'error window overlaps the on-chip peripheral registers at 0xfc000000' add 6 0x90000000 1M 0xfc000000 1M
[[ $(hp_console | hp_last_ledger) == "$before" ]] || fail "a refused command changed the ledger"

# The bus still serves.
sb ok add 6 0x90000000 4M
sb 'removed frames=1024' del 6
mark=$(hp_mark)
sb 'removed frames=0' del 6
hp_wait "$mark" '^budget: ' 10
[[ $(hp_since "$mark" | hp_last_ledger) == "$before" ]] || fail "ledger drifted"
echo "pass"
