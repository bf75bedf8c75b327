#!/usr/bin/env bash
# tools/layering passes on this tree and fails, naming the file and the rule,
# on a small tree with one include of each forbidden kind.
source "$(dirname "$0")/lib.sh"

tools/layering >"$SYS_TMP/tree.log" 2>&1 || { cat "$SYS_TMP/tree.log"; fail "this tree breaks the layering"; }

t=$SYS_TMP/tree
mkdir -p "$t"/{user/lib,spacebank,lib,kernel/obj,arch/a/include/arch,arch/b,tests/unit}
touch "$t/arch/a/include/arch/cpu.h" "$t/arch/b/private.h"
printf '#include <kernel/cap.h>\n' >"$t/user/lib/bad.c"
printf '#include <arch/cpu.h>\n' >"$t/spacebank/bad.c"
printf '#include <kernel/types.h>\n' >"$t/lib/bad.c"
printf '#include <arch/io.h>\n#include <arroyo/user.h>\n#include <arroyo/abi.h>\n' >"$t/kernel/obj/bad.c"
printf '#include "../b/private.h"\n#include <arch/io.h>\n#include <arch/cpu.h>\n' >"$t/arch/a/bad.c"
printf '#include <kernel/cap.h>\n#include "../../arch/b/private.h"\n' >"$t/tests/unit/ok.c"

tools/layering --root "$t" >"$SYS_TMP/bad.log" 2>&1 && fail "tools/layering passed a broken tree"
cat "$SYS_TMP/bad.log"
for want in \
	'user/lib/bad.c:1: .*user-level code includes kernel' \
	'spacebank/bad.c:1: .*user-level code includes kernel or port' \
	'lib/bad.c:1: .*the ABI and the library include only themselves' \
	'kernel/obj/bad.c:1: .*port header outside the contract' \
	'kernel/obj/bad.c:2: .*the core includes user-level headers' \
	"arch/a/bad.c:1: .*another port's file" \
	'arch/a/bad.c:2: .*not a header of port a'; do
	grep -q -E "$want" "$SYS_TMP/bad.log" || fail "no complaint matching /$want/"
done
n=$(wc -l <"$SYS_TMP/bad.log")
((n == 7)) || fail "$n complaints where 7 includes are wrong (the allowed ones must pass)"
echo "layering: ok"
