/* Every Check suite of the host unit tests. */
#ifndef TESTS_UNIT_SUITES_H
#define TESTS_UNIT_SUITES_H

#include <check.h>

Suite *fmt_suite(void);
Suite *cmdline_suite(void);
Suite *glob_suite(void);
Suite *parse_suite(void);
Suite *mbmap_suite(void);
Suite *rtree_suite(void);
Suite *pmem_suite(void);
Suite *heap_suite(void);
Suite *pagehdr_suite(void);
Suite *ledger_suite(void);
Suite *hotplug_suite(void);
Suite *hotplug_ram_suite(void);
Suite *arith64_suite(void);
Suite *simbus_suite(void);
Suite *elf_suite(void);
Suite *image_suite(void);
Suite *cap_suite(void);
Suite *ipc_suite(void);
Suite *loader_suite(void);
Suite *budget_suite(void);
Suite *buddy_suite(void);
Suite *dead_server_suite(void);
Suite *device_range_suite(void);
Suite *inv_regress_suite(void);

#endif
