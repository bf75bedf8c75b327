# Helpers of the hot-plug storms (hotplug_storm.sh, hotplug_storm_coldfire.sh):
# the ledger checks made after every event, and the storm client's verdict.
# Not a test itself (tools/check runs *.sh only). STORM_CYCLES sets the
# number of cycles (make storm: 200; make check: the scripts' short default).
source "$(dirname "${BASH_SOURCE[0]}")/hotplug_lib.bash"

# The console of the last run is kept in build/storm-console.log (the test's
# temporary directory goes away).
storm_keep_console() {
	mkdir -p build && cp "$HP_LOG" build/storm-console.log 2>/dev/null
}
trap 'storm_keep_console; hp_cleanup' EXIT

STORM_KEYS=(total image fixed_heap header_region reserve banked device boot objects)

# storm_sum LINE: the ledger's states added up (they must make its total).
storm_sum() {
	local s=0 k
	for k in "${STORM_KEYS[@]:1}"; do
		s=$((s + $(hp_field "$1" "$k")))
	done
	echo $s
}

# storm_consistent WHAT LINE: the states add up to the total.
storm_consistent() {
	[[ -n $2 ]] || fail "$1: no ledger line"
	(($(storm_sum "$2") == $(hp_field "$2" total))) || fail "$1: states do not add up: '$2'"
}

# storm_back WHAT LINE BASE: after a removal, the ledger is the one before
# the plug: every state but banked/objects equal (the client allocates all
# the time), and banked + objects (the budget) equal too.
storm_back() {
	local k
	storm_consistent "$1" "$2"
	for k in total image fixed_heap header_region reserve device boot; do
		[[ $(hp_field "$2" $k) == $(hp_field "$3" $k) ]] ||
			fail "$1: $k differs: '$2' vs '$3'"
	done
	(($(hp_field "$2" banked) + $(hp_field "$2" objects) == \
		$(hp_field "$3" banked) + $(hp_field "$3" objects))) ||
		fail "$1: the budget differs: '$2' vs '$3'"
}

# storm_client_ok: the client's reports carry no error, it kept running,
# and stale capabilities were refused.
storm_client_ok() {
	local last
	hp_console | grep -E '^storm: ERROR' && fail "the storm client saw errors"
	hp_console | grep -q -E '^(panic|fault: )' && fail "panic or fault: $(hp_console | grep -E '^(panic|fault: )' | head -3)"
	last=$(hp_console | grep -E '^storm: round ' | tail -1)
	[[ -n $last ]] || fail "the storm client never reported"
	[[ $last == *" errors 0" ]] || fail "client: $last"
	echo "client: ${last#storm: }"
}
