/* Names of memory-map entry types (kernel/include/kernel/memmap.h). */
#include <kernel/memmap.h>

const char *mem_type_name(uint32_t type)
{
	switch (type) {
	case MEM_RAM:
		return "ram";
	case MEM_RESERVED:
		return "reserved";
	case MEM_ACPI:
		return "acpi";
	case MEM_NVS:
		return "acpi-nvs";
	case MEM_BAD:
		return "bad";
	default:
		return "unknown";
	}
}
