/* Names of invocation errors and capability types, for messages. */
#include <arroyo/user.h>

const char *inv_err_name(int err)
{
	static const char *const names[INV_ERR_COUNT] = {
		[INV_OK] = "ok",
		[INV_ERR_CAP_INDEX] = "cap-index",
		[INV_ERR_CAP_EMPTY] = "cap-empty",
		[INV_ERR_CAP_STALE] = "cap-stale",
		[INV_ERR_CAP_TYPE] = "cap-type",
		[INV_ERR_RIGHTS] = "rights",
		[INV_ERR_ARG] = "arg",
		[INV_ERR_NO_FRAMES] = "no-frames",
		[INV_ERR_SLOT] = "slot",
		[INV_ERR_WOULD_BLOCK] = "would-block",
		[INV_ERR_ADDR] = "addr",
		[INV_ERR_BUSY] = "busy",
		[INV_ERR_NO_GRANT] = "no-grant",
	};

	if (err < 0 || err >= INV_ERR_COUNT || !names[err])
		return "unknown-error";
	return names[err];
}

const char *cap_type_name(unsigned type)
{
	static const char *const names[CT_COUNT] = {
		[CT_NULL] = "null",	  [CT_CONSOLE] = "console",
		[CT_SLEEP] = "sleep",	  [CT_MEMINFO] = "meminfo",
		[CT_RANGE] = "range",	  [CT_DEVICE_RANGE] = "device-range",
		[CT_PROCESS] = "process", [CT_ENDPOINT] = "endpoint",
		[CT_REPLY] = "reply",	  [CT_PAGE] = "page",
		[CT_CAPPAGE] = "cappage", [CT_PAGETABLE] = "pagetable",
		[CT_BUDGET] = "budget",	  [CT_GRANT_FRAME] = "grant-frame",
	};

	if (type >= CT_COUNT || !names[type])
		return "unknown-type";
	return names[type];
}
