# Host fuzzing with libFuzzer (doc/testing.md, "fuzz"). Included from Makefile.top.
#
#   make fuzz-host [FUZZ_TIME=s] [FUZZERS='image elf ...']   each fuzzer FUZZ_TIME seconds
#   make fuzz-host FUZZ_CPU=600                              each 600 CPU seconds (the long run)
#   make fuzz-host-merge                                     keep what they found in the tree
#   make fuzz-host-build                                     only build them
#
# Seeds live in tests/fuzz/corpus/<name>/ (small, in the tree); what a run
# finds goes to build/fuzz/corpus/<name>/, crash reproducers to
# build/fuzz/crash/<name>/. A crash fails the target. fuzz-host-merge adds to
# the tree's corpus only the found inputs that reach coverage its seeds do not.

FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_BUILD := build/fuzz
FUZZ_CFLAGS := $(COMMON_CFLAGS) $(HOST_INCLUDES) -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZERS ?= image elf mbmap cmdline simbus rtree buddy

# What each harness links besides itself: the real sources it exercises.
FUZZ_LIB_image := $(OBSTORE_SRCS) lib/fmt.c lib/err.c lib/crc32.c lib/poolmap.c
FUZZ_LIB_elf := $(OBSTORE_SRCS) lib/fmt.c lib/err.c lib/crc32.c lib/poolmap.c
FUZZ_LIB_mbmap := kernel/boot/mbmap.c kernel/boot/memmap.c lib/fmt.c lib/err.c
FUZZ_LIB_cmdline := kernel/boot/cmdline.c lib/parse.c
FUZZ_LIB_simbus := arch/coldfire/simbus_cmd.c lib/parse.c
FUZZ_LIB_rtree := kernel/mem/rtree.c
FUZZ_LIB_buddy := spacebank/buddy.c

FUZZ_BINS := $(patsubst %,$(FUZZ_BUILD)/fuzz_%,$(FUZZERS))

.PHONY: fuzz-host fuzz-host-build
fuzz-host-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

.SECONDEXPANSION:
$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/obj/tests/fuzz/fuzz_%.c.o \
		$$(patsubst %,$(FUZZ_BUILD)/obj/%.o,$$(FUZZ_LIB_$$*))
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $^

-include $(shell find $(FUZZ_BUILD)/obj -name '*.d' 2>/dev/null)

fuzz-host: deps $(FUZZ_BINS)
	$(Q)FUZZ_ARGS="$(FUZZ_ARGS)" tests/fuzz/run $(if $(FUZZ_CPU),--cpu $(FUZZ_CPU),$(FUZZ_TIME)) $(FUZZERS)

.PHONY: fuzz-host-merge
fuzz-host-merge: $(FUZZ_BINS)
	$(Q)for f in $(FUZZERS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$f $(FUZZ_BUILD)/log && \
		$(FUZZ_BUILD)/fuzz_$$f -merge=1 tests/fuzz/corpus/$$f $(FUZZ_BUILD)/corpus/$$f \
			> $(FUZZ_BUILD)/log/$$f.merge.log 2>&1 || exit 1; \
		echo "fuzz-host-merge: $$f: $$(ls tests/fuzz/corpus/$$f | wc -l) inputs," \
			"$$(du -sk tests/fuzz/corpus/$$f | cut -f1) KiB"; \
	done

.PRECIOUS: $(FUZZ_BUILD)/obj/%.o

# The binary seeds come from the unit tests' fixtures (tests/fuzz/mkseeds.c).
MKSEEDS_SRCS := tests/fuzz/mkseeds.c tests/unit/image_fixture.c tests/unit/elf_fixture.c \
	$(OBSTORE_SRCS) lib/fmt.c lib/err.c lib/crc32.c lib/poolmap.c
.PHONY: fuzz-seeds
fuzz-seeds: $(patsubst %,$(HOSTBUILD)/%.o,$(MKSEEDS_SRCS))
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $(HOSTBUILD)/mkseeds $^ $(CHECK_LIBS)
	$(Q)mkdir -p $(addprefix tests/fuzz/corpus/,image elf mbmap rtree buddy)
	$(Q)$(HOSTBUILD)/mkseeds tests/fuzz/corpus

# The long runs inside the emulator (doc/testing.md, "fuzz"): the invocation
# fuzzer's million rounds on each arch.
.PHONY: fuzz
fuzz: deps
	$(Q)tests/fuzz/hostile

# The hot-plug storms at length (doc/testing.md, "storm"): STORM_CYCLES
# cycles on i386 (PCI device and DIMM) and on ColdFire's simulated bus;
# make check runs the same scripts with a few cycles.
STORM_CYCLES ?= 200
.PHONY: storm
storm: deps
	$(Q)STORM_CYCLES=$(STORM_CYCLES) tests/system/hotplug_storm.sh
	$(Q)STORM_CYCLES=$(STORM_CYCLES) tests/system/hotplug_storm_coldfire.sh
