/* The PIIX4 hot-plug registers as QEMU's pc has them (FACTS.md §3); on
 * Bochs the interface is absent and these only check that it says so. */
#include <kernel/ktest.h>

#include "../piix4_hotplug.h"

/* Slots 0-2 (host bridge, PIIX, VGA) are built in and never removable. */
KTEST(piix4_hotplug_fixed_slots)
{
	if (!piix4_hotplug_present()) {
		KT_EQ(piix4_hotplug_removable(), 0xffffffffu);
		KT_ASSERT(!piix4_hotplug_armed());
		return KTEST_OK;
	}
	KT_EQ(piix4_hotplug_removable() & 0x7, 0);
	KT_ASSERT(piix4_hotplug_removable() != 0);
	return KTEST_OK;
}

/* arch_devices_discover runs before the ktests and arms hot-plug. */
KTEST(piix4_hotplug_armed_after_boot)
{
	KT_EQ(piix4_hotplug_armed(), piix4_hotplug_present());
	return KTEST_OK;
}
