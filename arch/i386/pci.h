/* i386-private: PCI configuration space through ports 0xCF8/0xCFC
 * (configuration mechanism #1), bus scan and BAR sizing. See doc/hotplug.md. */
#ifndef I386_PCI_H
#define I386_PCI_H

#include <lib/types.h>

#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_CLASS_REV 0x08 /* class << 8 | revision */
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_ROM_TYPE0 0x30
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_SECONDARY_BUS 0x19 /* type 1 (PCI-PCI bridge) headers */
#define PCI_MEMORY_BASE 0x20
#define PCI_MEMORY_LIMIT 0x22
#define PCI_PREF_BASE 0x24
#define PCI_PREF_LIMIT 0x26
#define PCI_PREF_BASE_UPPER 0x28
#define PCI_PREF_LIMIT_UPPER 0x2c
#define PCI_ROM_TYPE1 0x38

#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2

#define PCI_HEADER_LAYOUT 0x7f
#define PCI_HEADER_MULTIFUNCTION 0x80
#define PCI_HEADER_BRIDGE 1

#define PCI_DEVS_PER_BUS 32
#define PCI_FNS_PER_DEV 8
#define PCI_BUSES 256
#define PCI_BARS_MAX 6

struct pci_addr {
	uint8_t bus, dev, fn;
};

uint32_t pci_read32(struct pci_addr a, unsigned off);
uint16_t pci_read16(struct pci_addr a, unsigned off);
uint8_t pci_read8(struct pci_addr a, unsigned off);
void pci_write32(struct pci_addr a, unsigned off, uint32_t v);
void pci_write16(struct pci_addr a, unsigned off, uint16_t v);
void pci_write8(struct pci_addr a, unsigned off, uint8_t v);

/* A function exists when its vendor ID is not all ones. */
bool pci_present(struct pci_addr a);
/* How many function numbers to probe in a device: 8 if function 0 is
 * multi-function, 1 if it is not, 0 if the device is absent. */
unsigned pci_fn_count(uint8_t bus, uint8_t dev);
bool pci_is_bridge(struct pci_addr a);

/* Visits every device (bus, dev) with a function 0 on every bus reachable
 * from bus 0 through PCI-PCI bridges, then descends behind the bridges among
 * that device's functions (so a visitor sees a bridge before its children).
 * Secondary bus numbers are the firmware's; a bridge whose secondary bus is
 * not above its own bus is not followed. */
typedef void (*pci_visit_fn)(uint8_t bus, uint8_t dev, void *ctx);
void pci_scan(pci_visit_fn fn, void *ctx);

enum pci_bar_kind { PCI_BAR_IO, PCI_BAR_MEM32, PCI_BAR_MEM64 };

struct pci_bar {
	pa_t base; /* as programmed; 0 means unassigned */
	uint64_t size; /* decoded size, a power of two */
	uint8_t index; /* 0-5; a 64-bit BAR occupies index and index + 1 */
	uint8_t kind; /* enum pci_bar_kind */
	bool prefetch;
};

/* Sizes every implemented BAR of a type 0 or type 1 function. Decoding is
 * off while the BARs hold all ones and the command register is restored
 * afterwards. Returns how many BARs were written to out. */
unsigned pci_bars_probe(struct pci_addr a, struct pci_bar out[PCI_BARS_MAX]);
/* Programs a BAR's address (both halves of a 64-bit one). */
void pci_bar_set(struct pci_addr a, const struct pci_bar *bar, pa_t base);
/* The expansion ROM's address and size; size 0 when it has none. */
void pci_rom_probe(struct pci_addr a, pa_t *base, uint64_t *size);

#endif
