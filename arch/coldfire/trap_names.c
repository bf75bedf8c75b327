/* Names of the ColdFire exception vectors (ColdFire programmer's reference,
 * exception vector assignments). */
#include "trap.h"

static const char *const trap_names[64] = {
	[0] = "initial stack pointer",
	[1] = "initial program counter",
	[2] = "access error",
	[3] = "address error",
	[4] = "illegal instruction",
	[5] = "divide by zero",
	[8] = "privilege violation",
	[9] = "trace",
	[10] = "unimplemented line-a opcode",
	[11] = "unimplemented line-f opcode",
	[12] = "non-pc breakpoint debug interrupt",
	[13] = "pc breakpoint debug interrupt",
	[14] = "format error",
	[24] = "spurious interrupt",
	[25] = "level 1 autovector",
	[26] = "level 2 autovector",
	[27] = "level 3 autovector",
	[28] = "level 4 autovector",
	[29] = "level 5 autovector",
	[30] = "level 6 autovector",
	[31] = "level 7 autovector",
	[32] = "trap #0",
	[33] = "trap #1",
	[34] = "trap #2",
	[35] = "trap #3",
	[36] = "trap #4",
	[37] = "trap #5",
	[38] = "trap #6",
	[39] = "trap #7",
	[40] = "trap #8",
	[41] = "trap #9",
	[42] = "trap #10",
	[43] = "trap #11",
	[44] = "trap #12",
	[45] = "trap #13",
	[46] = "trap #14",
	[47] = "trap #15",
	[61] = "unsupported instruction",
};

const char *trap_vector_name(unsigned vector)
{
	if (vector >= TRAP_IRQ_VECTOR_BASE && vector < TRAP_IRQ_VECTOR_BASE + 64)
		return "INTC0 interrupt";
	if (vector < 64 && trap_names[vector])
		return trap_names[vector];
	return "reserved";
}
