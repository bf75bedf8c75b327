/* The invocation fuzzer's short run, booted by `make check` (fuzz.img.txt):
 * seconds on either arch, from a fixed seed. */
#include "../fuzz/fuzz.h"

const uint32_t fuzz_rounds = 60000;
const uint32_t fuzz_seed_value = 0x2545f491u;
