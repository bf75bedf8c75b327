/* What the fuzzer's peers (tests/user/fuzzpeer/peer.c) send the fuzzer
 * (tests/user/fuzz/), in word 0: the two sides read and write these. */
#ifndef FUZZ_PROTO_H
#define FUZZ_PROTO_H

#define FUZZ_PEER_CALL 0xca11u /* the calling peer's call, answered with a Page */
#define FUZZ_PEER_SEND 0xfa17u /* the faulting peer's send, a capability with it */

#endif
