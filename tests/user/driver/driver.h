/* Shared by the driver's test files: handing work to helpers and waiting for
 * their reports (tests/user/utest_proto.h). */
#ifndef TESTS_USER_DRIVER_H
#define TESTS_USER_DRIVER_H

#include <arroyo/utest.h>
#include <utest_proto.h>

/* Gives a job to the next free helper of a pool (S_HGO or S_UGO). */
int driver_job(unsigned pool, uint32_t job, uint32_t a, uint32_t b);
/* Waits for the next report on S_DONE. */
int driver_done(struct msg *m);
/* Empties every scratch register, so that each test starts from the same state. */
void driver_clear_tmp(void);
/* The peer echo server's endpoint (two levels above the driver) in reg,
 * by echo's ReplyRecv copying it (ECHO_PEER): INV_OK or the failure. */
int echo_hi_endpoint(unsigned reg);
/* Twenty ten-word ECHO_LONG calls to the echo server on ep, each answer
 * checked word by word (ipc_long.c): UTEST_OK or the failure. */
const char *ipc_long_rounds(unsigned ep);

#endif
