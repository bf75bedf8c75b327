/* The arguments the kernel takes: anything else on the command line is named
 * in a warning at boot and ignored (kernel/boot/main.c). README.md lists them. */
#include <kernel/cmdline.h>

const struct cmdline_known cmdline_kernel_args[] = {
	{ "ktest", CMDLINE_BARE_OR_TEXT, NULL },
	{ "reserve", CMDLINE_NUMBER, "auto" },
	{ "idle", CMDLINE_BARE, NULL },
	{ "nofastpath", CMDLINE_BARE, NULL }, /* the IPC fastpath off (kernel/ipc/fastpath.c) */
	{ "image", CMDLINE_NUMBER, NULL }, /* ColdFire: where the boot image is */
	/* the union of both arches' crashes: each does the ones it has */
	{ "crash", CMDLINE_WORD, "pagefault|triple|ud2|divide|doublefault|nested" },
};

const unsigned cmdline_kernel_nargs = sizeof(cmdline_kernel_args) / sizeof(cmdline_kernel_args[0]);
