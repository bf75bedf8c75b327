/* i386-private: QEMU's firmware configuration device (fw_cfg), read through
 * its I/O ports, for the few facts the firmware knows and the PCI and memory
 * hot-plug code needs. doc/hotplug.md. */
#ifndef I386_FW_CFG_H
#define I386_FW_CFG_H

#include <lib/err.h>
#include <lib/types.h>

/* Whether the device answers with its "QEMU" signature (not on Bochs). */
bool fw_cfg_present(void);

/* Reads the little-endian 64-bit file `name` (e.g. "etc/reserved-memory-end").
 * ERR_NOTFOUND without fw_cfg or without the file, ERR_INVAL when it is not
 * 8 bytes long. */
enum err fw_cfg_read_u64(const char *name, uint64_t *out);

#endif
