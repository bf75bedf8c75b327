/* The IPC benchmark's processes and their capability registers
 * (bench/ipc/ipcbench.img.txt must agree). */
#ifndef IPC_BENCH_H
#define IPC_BENCH_H

#define IB_CONSOLE 0
#define IB_STAMP 4 /* calls to the stamping server (stamp.c) */
#define IB_ECHO 5 /* calls to the echo server (echo.c) */
#define IB_SINK 6 /* sends to the sink (sink.c), priority above the client */
#define IB_RESULT 7 /* the sink's answers */
#define IB_GIFT 8 /* a capability the client sends along with a call */
#define IB_STAMP_RECV 9 /* where the stamping server receives one */
#define IB_STAMP10 10 /* long calls to the 10-word stamping server (stamp10.c) */
#define IB_STAMP10_UP 11 /* the same server one priority above the client */
/* The client's plain calls to the stamping server before those carrying a
 * capability (client.c: WARMUP + SAMPLES): the server receives the first
 * ones with CAP_NONE, as seL4's benchmark does, the later into IB_STAMP_RECV. */
#define IB_STAMP_PLAIN_CALLS 52u
#define IB_EMPTY 15 /* a register the image leaves empty */

#endif
