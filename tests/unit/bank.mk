# The space bank's bookkeeping (user code: limits, charging, chunk and device
# tables) built for the host unit tests from its real sources, over a double
# of the kernel invocations it makes (tests/unit/bank_double.c). Included from
# Makefile.top before the unit-test object list is made (the tests themselves,
# tests/unit/bank_double.c and test_bank*.c, are picked up with the folder).
BANK_HOST_SRCS := spacebank/tree.c spacebank/charge.c spacebank/frames.c spacebank/devices.c spacebank/budget.c \
	spacebank/objects.c spacebank/page.c spacebank/pools.c spacebank/tables.c user/lib/names.c
UNIT_SRCS += $(BANK_HOST_SRCS)
# The bank prints through the user runtime's printf: on the host that goes to
# the double. The runtime's cap_type_name would clash with the kernel's.
# The bank's sources and its tests see the user runtime's headers, and the
# bank's inlined invocations the double's primitive (tests/unit/bank_host/).
BANK_HOST_DEFS := -Dprintf=bank_host_printf -Dcap_type_name=user_cap_type_name -Iuser/include \
	-Itests/unit/bank_host
BANK_TEST_SRCS := $(wildcard tests/unit/bank_double.c tests/unit/bank_fixture.c tests/unit/test_bank*.c)
$(patsubst %,$(HOSTBUILD)/%.o,$(BANK_HOST_SRCS)): HOST_CFLAGS += $(BANK_HOST_DEFS)
$(patsubst %,$(HOSTBUILD)/%.o,$(BANK_TEST_SRCS)): HOST_CFLAGS += -Iuser/include
