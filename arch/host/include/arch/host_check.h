/* A port-side assertion for the host: a broken expectation of the core
 * stops the test process with the place and the condition. */
#ifndef ARCH_HOST_CHECK_H
#define ARCH_HOST_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define HOST_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: host port check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
