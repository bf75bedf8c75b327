/* The command line built into the kernel (make CMDLINE=...), for boards whose
 * loader passes none. */
#include <kernel/cmdline.h>

#ifndef BUILTIN_CMDLINE
#define BUILTIN_CMDLINE ""
#endif

const char cmdline_builtin[] = BUILTIN_CMDLINE;
