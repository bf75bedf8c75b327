/* The invocation fuzzer's long run, booted by `make fuzz`
 * (tests/system/fuzz_long.img.txt): a million invocations from another fixed
 * seed than the short run's. */
#include "../fuzz/fuzz.h"

const uint32_t fuzz_rounds = 1000000;
const uint32_t fuzz_seed_value = 0x9e3779b9u;
