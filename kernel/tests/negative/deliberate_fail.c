/* Linked only into build/<arch>/negative/arroyo.elf: a kernel whose ktests
 * must fail, so the system tests can prove a failure is reported as one. */
#include <kernel/ktest.h>

KTEST(negative_deliberate_failure)
{
	KT_FAIL("this kernel was built to fail one test");
}
