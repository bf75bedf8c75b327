/* Finding the PCI hot-plug bus selectors in the ACPI tables (acpi_tables.h).
 * The tables QEMU's firmware builds lie in low RAM; only direct-mapped ones
 * are read. */
#include <kernel/arch.h>
#include <kernel/kprintf.h>

#include "acpi_aml.h"
#include "acpi_tables.h"
#include "paging.h"
#include "pci.h"

#define RSDP_SCAN_BASE 0xe0000u
#define RSDP_SCAN_END 0x100000u
#define EBDA_SEGMENT_PTR 0x40eu
#define ACPI_HEADER_LEN 36u
#define FADT_DSDT 40u
#define ACPI_SELECTORS_FOUND 32u

static uint32_t acpi_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool acpi_sig(const uint8_t *p, const char *sig, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (p[i] != (uint8_t)sig[i])
			return false;
	return true;
}

static bool acpi_sum_ok(const uint8_t *p, uint32_t len)
{
	uint8_t sum = 0;

	for (uint32_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum == 0;
}

/* A table at pa, NULL unless it lies whole in the direct map and its
 * checksum holds. */
static const uint8_t *acpi_table(pa_t pa, const char *sig)
{
	const uint8_t *t;
	uint32_t len;

	if (!pa || pa + ACPI_HEADER_LEN > paging_direct_top)
		return NULL;
	t = arch_kva(pa);
	len = acpi_le32(t + 4);
	if (len < ACPI_HEADER_LEN || pa + len > paging_direct_top || !acpi_sig(t, sig, 4) ||
	    !acpi_sum_ok(t, len))
		return NULL;
	return t;
}

static const uint8_t *acpi_rsdp_in(uint32_t from, uint32_t to)
{
	for (uint32_t pa = from; pa + 20 <= to; pa += 16) {
		const uint8_t *p = arch_kva(pa);

		if (acpi_sig(p, "RSD PTR ", 8) && acpi_sum_ok(p, 20))
			return p;
	}
	return NULL;
}

static const uint8_t *acpi_rsdp(void)
{
	uint32_t ebda = (uint32_t) * (const volatile uint16_t *)arch_kva(EBDA_SEGMENT_PTR) << 4;
	const uint8_t *p = NULL;

	if (ebda >= 0x80000u && ebda < 0xa0000u)
		p = acpi_rsdp_in(ebda, ebda + 1024);
	return p ? p : acpi_rsdp_in(RSDP_SCAN_BASE, RSDP_SCAN_END);
}

static void acpi_walk(const uint8_t *t, struct acpi_bsel *found, unsigned *n)
{
	uint32_t len = acpi_le32(t + 4);

	if (!acpi_aml_find_bsel(t + ACPI_HEADER_LEN, len - ACPI_HEADER_LEN, found,
				ACPI_SELECTORS_FOUND, n))
		kprintf("acpi: %c%c%c%c ends inside an object; selectors after it not seen\n", t[0],
			t[1], t[2], t[3]);
}

/* The bus behind the chain of bridges, or -1 naming why not. */
static int acpi_bus_of(const struct acpi_bsel *b, struct acpi_hotplug_bus *h)
{
	uint8_t bus = 0;

	for (unsigned i = 0; i < b->depth; i++) {
		struct pci_addr a = { bus, (uint8_t)(b->adr[i] >> 16), (uint8_t)b->adr[i] };

		if ((b->adr[i] >> 16) >= PCI_DEVS_PER_BUS || (b->adr[i] & 0xffff) >= 8 ||
		    !pci_present(a) || !pci_is_bridge(a)) {
			kprintf("piix4: bus selector %u: no bridge at %02x:%02x.%u, not served\n",
				b->bsel, a.bus, a.dev, a.fn);
			return -1;
		}
		h->bridge_bus = a.bus;
		h->bridge_dev = a.dev;
		h->bridge_fn = a.fn;
		bus = pci_read8(a, PCI_SECONDARY_BUS);
		if (bus <= a.bus) {
			kprintf("piix4: bus selector %u: bridge %02x:%02x.%u has no bus number, "
				"not served\n",
				b->bsel, a.bus, a.dev, a.fn);
			return -1;
		}
	}
	return bus;
}

unsigned acpi_hotplug_buses(struct acpi_hotplug_bus *out)
{
	static struct acpi_bsel found[ACPI_SELECTORS_FOUND];
	const uint8_t *rsdp = acpi_rsdp(), *rsdt, *t;
	unsigned n = 0, served = 0;

	if (!rsdp) {
		kprintf("acpi: no RSDP\n");
		return 0;
	}
	rsdt = acpi_table(acpi_le32(rsdp + 16), "RSDT");
	if (!rsdt) {
		kprintf("acpi: no RSDT in the direct map\n");
		return 0;
	}
	for (uint32_t off = ACPI_HEADER_LEN; off + 4 <= acpi_le32(rsdt + 4); off += 4) {
		pa_t pa = acpi_le32(rsdt + off);

		if ((t = acpi_table(pa, "FACP")) != NULL && acpi_le32(t + 4) >= FADT_DSDT + 4 &&
		    (t = acpi_table(acpi_le32(t + FADT_DSDT), "DSDT")) != NULL)
			acpi_walk(t, found, &n);
		else if ((t = acpi_table(pa, "SSDT")) != NULL)
			acpi_walk(t, found, &n);
	}
	for (unsigned i = 0; i < n && i < ACPI_SELECTORS_FOUND; i++) {
		struct acpi_hotplug_bus h = { found[i].bsel, 0, 0, 0, 0 };
		int bus = acpi_bus_of(&found[i], &h);

		if (bus < 0)
			continue;
		if (served == ACPI_HOTPLUG_BUSES) {
			kprintf("piix4: bus selector %u: more than %u buses, not served\n",
				found[i].bsel, ACPI_HOTPLUG_BUSES);
			continue;
		}
		h.bus = (uint8_t)bus;
		out[served++] = h;
	}
	return served;
}
