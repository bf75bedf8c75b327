/* The host port's console and halt: output is captured for the tests, and a
 * halt returns to the test that armed the catch. */
#include <stdio.h>
#include <string.h>

#include <arch/host.h>
#include <kernel/arch.h>

char host_console[65536];
static size_t host_console_len;
jmp_buf host_halt_jmp;
bool host_halt_armed;
int host_halt_status = -1;
bool host_resume_armed;
const struct arch_user_regs *host_resumed;
void (*host_idle_fn)(void);

void host_console_reset(void)
{
	host_console_len = 0;
	host_console[0] = 0;
}

void arch_console_putc(char c)
{
	if (c == '\r' || host_console_len + 1 >= sizeof(host_console))
		return;
	host_console[host_console_len++] = c;
	host_console[host_console_len] = 0;
}

void arch_halt(int status)
{
	host_halt_status = status;
	if (host_halt_armed) {
		host_halt_armed = false;
		longjmp(host_halt_jmp, 1);
	}
	fprintf(stderr, "unexpected halt, status %d; console:\n%s\n", status, host_console);
	abort();
}

/* No crash on purpose in a test process: the kind asked for is recorded. */
const char *host_crashed;

void arch_crash(const char *kind)
{
	host_crashed = kind;
}
