/* Names of the boot image's codes, types and attributes. */
#include <obstore/image.h>

static const char *const image_code_names[IMAGE_CODE_COUNT] = {
	[IMAGE_OK] = "ok",
	[IMAGE_E_SHORT] = "short",
	[IMAGE_E_MAGIC] = "magic",
	[IMAGE_E_VERSION] = "version",
	[IMAGE_E_ARCH] = "arch",
	[IMAGE_E_TRUNCATED] = "truncated",
	[IMAGE_E_CHECKSUM] = "checksum",
	[IMAGE_E_HEADER_RESERVED] = "header-reserved",
	[IMAGE_E_TOO_MANY] = "too-many",
	[IMAGE_E_SECTION] = "section",
	[IMAGE_E_RECORD_TYPE] = "record-type",
	[IMAGE_E_RECORD_RESERVED] = "record-reserved",
	[IMAGE_E_NAME] = "name",
	[IMAGE_E_DUP_NAME] = "duplicate-name",
	[IMAGE_E_BLOB_RANGE] = "blob-range",
	[IMAGE_E_BLOB_OVERLAP] = "blob-overlap",
	[IMAGE_E_PAGE_SIZE] = "page-size",
	[IMAGE_E_REF_MISSING] = "ref-missing",
	[IMAGE_E_REF_TYPE] = "ref-type",
	[IMAGE_E_PRIORITY] = "priority",
	[IMAGE_E_CAP_RANGE] = "cap-range",
	[IMAGE_E_CAP_OVERLAP] = "cap-overlap",
	[IMAGE_E_CAP_KIND] = "cap-kind",
	[IMAGE_E_CAP_RIGHTS] = "cap-rights",
	[IMAGE_E_CAP_SLOT] = "cap-slot",
	[IMAGE_E_CAP_DUP_SLOT] = "cap-duplicate-slot",
	[IMAGE_E_CAP_TARGET] = "cap-target",
	[IMAGE_E_POOL] = "pool",
	[IMAGE_E_POOL_OVERLAP] = "pool-overlap",
	[IMAGE_E_SEGMENT] = "segment",
	[IMAGE_E_ELF] = "elf",
	[IMAGE_E_ENTRY] = "entry",
	[IMAGE_E_SHARED_PROGRAM] = "shared-program",
	[IMAGE_E_SEGMENT_CLASH] = "segment-clash",
	[IMAGE_E_NO_PROCESS] = "no-process",
};

static const char *const image_type_names[IMAGE_T_LIMIT] = {
	[IMAGE_T_PROGRAM] = "program",	 [IMAGE_T_PROCESS] = "process",
	[IMAGE_T_ENDPOINT] = "endpoint", [IMAGE_T_PAGE] = "page",
	[IMAGE_T_CAPPAGE] = "cappage",	 [IMAGE_T_POOL] = "pool",
};

static const char *const image_cap_kind_names[IMAGE_CAP_LIMIT] = {
	[IMAGE_CAP_OBJECT] = "object",	 [IMAGE_CAP_CONSOLE] = "console",
	[IMAGE_CAP_RANGE] = "range",	 [IMAGE_CAP_SLEEP] = "sleep",
	[IMAGE_CAP_MEMINFO] = "meminfo", [IMAGE_CAP_BUDGET] = "budget",
};

static const char *const image_cache_names[IMAGE_CACHE_LIMIT] = {
	[IMAGE_CACHE_WB] = "wb",
	[IMAGE_CACHE_WT] = "wt",
	[IMAGE_CACHE_UC] = "uc",
};

static const char *image_lookup(const char *const *names, unsigned count, unsigned i)
{
	return i < count && names[i] ? names[i] : "unknown";
}

const char *image_code_name(enum image_code code)
{
	return image_lookup(image_code_names, IMAGE_CODE_COUNT, code);
}

const char *image_type_name(unsigned type)
{
	return image_lookup(image_type_names, IMAGE_T_LIMIT, type);
}

const char *image_cap_kind_name(unsigned kind)
{
	return image_lookup(image_cap_kind_names, IMAGE_CAP_LIMIT, kind);
}

const char *image_cache_name(unsigned cache)
{
	return image_lookup(image_cache_names, IMAGE_CACHE_LIMIT, cache);
}

const char *image_arch_name(unsigned arch)
{
	switch (arch) {
	case IMAGE_ARCH_I386:
		return "i386";
	case IMAGE_ARCH_COLDFIRE:
		return "coldfire";
	default:
		return "unknown";
	}
}
