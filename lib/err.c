/* Names of the error codes (lib/include/lib/err.h). */
#include <lib/err.h>

static const char *const err_names[ERR_COUNT] = {
	[ERR_OK] = "ok",
	[ERR_INVAL] = "invalid argument",
	[ERR_NOMEM] = "out of memory",
	[ERR_OVERLAP] = "overlapping range",
	[ERR_NOTFOUND] = "not found",
	[ERR_RANGE] = "out of range",
	[ERR_TRUNC] = "truncated",
	[ERR_ORDER] = "out of order",
	[ERR_FULL] = "table full",
	[ERR_BUSY] = "busy",
	[ERR_PENDING] = "pending",
};

const char *err_name(enum err e)
{
	if ((unsigned)e >= ERR_COUNT || !err_names[e])
		return "unknown error";
	return err_names[e];
}
