#include <kernel/cmdline.h>

#ifndef BUILTIN_CMDLINE
#define BUILTIN_CMDLINE ""
#endif

const char cmdline_builtin[] = BUILTIN_CMDLINE;
