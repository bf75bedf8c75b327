# User programs and boot images (doc/abi.md). Included from Makefile.top.
#
#   make user      build/<arch>/user/*.elf: init and the tests/user programs
#   make images    build/<arch>/images/<name>.img from user/init/init.img.txt and
#                  tests/user/*.img.txt (program files are taken from build/<arch>/user)
#   make utest     boots the user-test image on the console
#   make bench-images  build/<arch>/images/{ipcbench,bankbench,procbench}.img (bench/, make bench)
#
# i386 programs are static ET_EXEC linked at 0x00400000; ColdFire programs are
# PIE (ET_DYN) that the kernel's loader relocates, with R_68K_RELATIVE
# relocations only (the link checks that) and no libgcc (68020 code).

USER_BUILD := $(BUILD)/user
IMAGE_BUILD := $(BUILD)/images

# -fno-toplevel-reorder keeps UTESTs in the order of their source.
USER_CFLAGS := -std=gnu11 $(WARN) -g -O2 -ffreestanding -fno-builtin -fno-stack-protector \
	-fno-strict-aliasing -fno-toplevel-reorder $(USER_INCLUDES) -Iuser/arch/$(ARCH) -Itests/user
ifeq ($(ARCH),i386)
USER_CFLAGS += -m32 -march=i686 -fno-pic -fno-pie -mgeneral-regs-only
USER_LDFLAGS := -m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,--fatal-warnings -T user/arch/i386/user.ld
USER_LIBS := -lgcc
USER_LDDEPS := user/arch/i386/user.ld
else
USER_CFLAGS += -mcpu=5208 -fPIE
USER_LDFLAGS := -mcpu=5208 -nostdlib -Wl,-pie -Wl,--no-dynamic-linker -Wl,-z,norelro \
	-Wl,--hash-style=sysv -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--fatal-warnings
USER_LIBS :=
USER_LDDEPS :=
endif

# The runtime library: user/lib and the shared freestanding library lib/,
# compiled for user mode.
USER_LIB_SRCS := $(sort $(wildcard user/lib/*.c)) $(LIB_SRCS)
USER_LIB_OBJS := $(patsubst %,$(USER_BUILD)/obj/%.o,$(USER_LIB_SRCS))
USER_CRT0 := $(USER_BUILD)/obj/user/arch/$(ARCH)/crt0.S.o

# Programs: name and sources. The image descriptions refer to <name>.elf.
USER_PROGS := init utest echo helper spacebank bankdemo banktest bankclient ramclient mapbig fuzz \
	fuzzpeer pooltest segprobe fuzzlong stormclient
init_SRCS := $(sort $(wildcard user/init/*.c))
# The space bank (spacebank/, doc/spacebank.md), the tour of `make run`, the
# bank's user tests (tests/user/bank.img.txt) and the hot-plug clients
# (tests/system/bank_hotplug.img.txt, bank_ram_consent.img.txt).
# The bank shares the kernel's pool map (lib/poolmap.c, doc/pools.md).
spacebank_SRCS := $(sort $(wildcard spacebank/*.c))
# A request to the bank crosses its small files (a frame lookup, a charge, a
# record, the buddy): the bank is compiled as one program at link time
# (-flto -fwhole-program), which inlines them across files. The link
# compiles, so it gets the compile flags too. The bank has no UTESTs, whose
# order -fno-toplevel-reorder keeps; with it LTO left twice the functions
# standing (i386 pair 7,123 instead of 6,952). The objects follow this file:
# objects built before without -flto would still link, uninlined.
SPACEBANK_CFLAGS := $(filter-out -fno-toplevel-reorder,$(USER_CFLAGS)) -flto=auto
spacebank_LDFLAGS := $(SPACEBANK_CFLAGS) -fwhole-program
$(USER_BUILD)/obj/spacebank/%.c.o: USER_CFLAGS := $(SPACEBANK_CFLAGS)
$(patsubst %,$(USER_BUILD)/obj/%.o,$(spacebank_SRCS)): user/user.mk
bankdemo_SRCS := $(sort $(wildcard user/demo/*.c))
banktest_SRCS := $(sort $(wildcard tests/user/bank/*.c))
# The memory pools' user tests (tests/user/pools.img.txt).
pooltest_SRCS := $(sort $(wildcard tests/user/pools/*.c))
segprobe_SRCS := $(sort $(wildcard tests/user/segprobe/*.c))
bankclient_SRCS := $(sort $(wildcard tests/system/bankclient/*.c))
ramclient_SRCS := $(sort $(wildcard tests/system/ramclient/*.c))
# The client of the hot-plug storms (tests/system/storm.img.txt).
stormclient_SRCS := $(sort $(wildcard tests/system/stormclient/*.c))
# map_big (tests/system/map_big.sh, mapbig.img.txt).
mapbig_SRCS := $(sort $(wildcard tests/system/mapbig/*.c))
# The driver's tests run in this order: the spinner of preempt.c keeps spinning
# to the end, and exhaust.c leaves no banked frames behind it.
UTEST_ORDER := main services caps errors ipc ipc_long ipc_across ipc_page queue memory faults rights spawn preempt grants exhaust
utest_SRCS := $(wildcard $(patsubst %,tests/user/driver/%.c,$(UTEST_ORDER)))
echo_SRCS := $(sort $(wildcard tests/user/echo/*.c))
helper_SRCS := $(sort $(wildcard tests/user/helper/*.c))
# The invocation fuzzer (tests/user/fuzz.img.txt) and its peers.
# fuzzlong is the same fuzzer with a million rounds (make fuzz).
fuzz_SRCS := $(sort $(wildcard tests/user/fuzz/*.c)) tests/user/fuzzshort/rounds.c
fuzzlong_SRCS := $(sort $(wildcard tests/user/fuzz/*.c)) tests/user/fuzzlong/rounds.c
fuzzpeer_SRCS := $(sort $(wildcard tests/user/fuzzpeer/*.c))

USER_ELFS := $(patsubst %,$(USER_BUILD)/%.elf,$(USER_PROGS))
USER_IMAGE_DESCS := user/init/init.img.txt $(sort $(wildcard tests/user/*.img.txt)) \
	$(sort $(wildcard tests/system/*.img.txt))
USER_IMAGES := $(patsubst %.img.txt,$(IMAGE_BUILD)/%.img,$(notdir $(USER_IMAGE_DESCS)))

.PHONY: user images utest
user: $(USER_ELFS)
images: $(USER_IMAGES)

$(USER_BUILD)/obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	$(Q)$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(USER_BUILD)/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  UAS     $<"
	$(Q)$(CC) $(USER_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

$(USER_BUILD)/libuser.a: $(USER_LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@
	$(Q)$(CROSS_AR) rcs $@ $^

CROSS_AR := $(patsubst %gcc,%ar,$(CC))
CROSS_READELF := $(patsubst %gcc,%readelf,$(CC))

# user_program NAME: links NAME.elf from crt0, its objects and the library.
# On ColdFire the loader applies only R_68K_RELATIVE, so anything else fails the build.
define user_program
$(USER_BUILD)/$(1).elf: $(USER_CRT0) $(patsubst %,$(USER_BUILD)/obj/%.o,$($(1)_SRCS)) \
		$(USER_BUILD)/libuser.a $(USER_LDDEPS)
	@echo "  ULD     $$@"
	$(Q)$(CC) $(USER_LDFLAGS) $($(1)_LDFLAGS) -o $$@ $(USER_CRT0) \
		$(patsubst %,$(USER_BUILD)/obj/%.o,$($(1)_SRCS)) $(USER_BUILD)/libuser.a $(USER_LIBS)
ifeq ($(ARCH),coldfire)
	$(Q)! $(CROSS_READELF) -rW $$@ | awk '/^[0-9a-f]+ /' | grep -v R_68K_RELATIVE || \
		{ echo "$$@: relocations other than R_68K_RELATIVE" >&2; rm -f $$@; exit 1; }
endif
endef
$(foreach p,$(USER_PROGS),$(eval $(call user_program,$(p))))

# segprobe_sep.elf: segprobe built so that its data may lie apart from its
# text (doc/pools.md, "Placing segments"). On ColdFire, -msep-data code
# reaches its data only through the GOT in a5, which the loader sets
# (crt0_sep.S), never PC-relative; it links against its own build of the
# runtime library, since one PC-relative GOT access would break it. i386
# programs are paged, each segment anywhere already: there it is segprobe.
ifeq ($(ARCH),coldfire)
USER_SEP_CFLAGS = $(USER_CFLAGS) -msep-data
USER_SEP_LIB_OBJS := $(patsubst %,$(USER_BUILD)/objsep/%.o,$(USER_LIB_SRCS))
USER_SEP_OBJS := $(USER_BUILD)/objsep/user/arch/coldfire/crt0_sep.S.o \
	$(patsubst %,$(USER_BUILD)/objsep/%.o,$(segprobe_SRCS))

$(USER_BUILD)/objsep/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  UCC     $< (sep-data)"
	$(Q)$(CC) $(USER_SEP_CFLAGS) -MMD -MP -c $< -o $@

$(USER_BUILD)/objsep/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  UAS     $< (sep-data)"
	$(Q)$(CC) $(USER_SEP_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

$(USER_BUILD)/libuser_sep.a: $(USER_SEP_LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@
	$(Q)$(CROSS_AR) rcs $@ $^

$(USER_BUILD)/segprobe_sep.elf: $(USER_SEP_OBJS) $(USER_BUILD)/libuser_sep.a
	@echo "  ULD     $@"
	$(Q)$(CC) $(USER_LDFLAGS) -o $@ $(USER_SEP_OBJS) $(USER_BUILD)/libuser_sep.a $(USER_LIBS)
	$(Q)! $(CROSS_READELF) -rW $@ | awk '/^[0-9a-f]+ /' | grep -v R_68K_RELATIVE || \
		{ echo "$@: relocations other than R_68K_RELATIVE" >&2; rm -f $@; exit 1; }
-include $(USER_SEP_OBJS:.o=.d) $(USER_SEP_LIB_OBJS:.o=.d)
else
$(USER_BUILD)/segprobe_sep.elf: $(USER_BUILD)/segprobe.elf
	$(Q)cp $< $@
endif
USER_ELFS += $(USER_BUILD)/segprobe_sep.elf

# Images: one rule for every boot image. image_rule DESC,PROGRAMS builds
# build/<arch>/images/<name>.img from DESC against this arch's programs.
define image_rule
$(IMAGE_BUILD)/$(notdir $(1:.img.txt=.img)): $(1) $(2) $(HOSTBUILD)/mkimage
	@mkdir -p $$(dir $$@)
	@echo "  MKIMAGE $$@"
	$(Q)$(HOSTBUILD)/mkimage $(1) --arch $(ARCH) --root $(USER_BUILD) -o $$@
endef
$(foreach d,$(USER_IMAGE_DESCS),$(eval $(call image_rule,$(d),$(USER_ELFS))))

# The IPC benchmark (bench/ipc/): run by bench/ipc.sh under `make bench`, never
# by `make check`, so its programs and image are built only by `make bench-images`.
# Its sources also see bench/ipc/arch/<arch>/bench_counter.h.
BENCH_PROGS := ipc_client ipc_stamp ipc_echo ipc_sink ipc_stamp10
ipc_client_SRCS := bench/ipc/client.c
ipc_stamp_SRCS := bench/ipc/stamp.c
ipc_echo_SRCS := bench/ipc/echo.c
ipc_sink_SRCS := bench/ipc/sink.c
ipc_stamp10_SRCS := bench/ipc/stamp10.c
BENCH_ELFS := $(patsubst %,$(USER_BUILD)/%.elf,$(BENCH_PROGS))
$(foreach p,$(BENCH_PROGS),$(eval $(call user_program,$(p))))
$(USER_BUILD)/obj/bench/ipc/%.c.o: USER_CFLAGS += -Ibench/ipc/arch/$(ARCH)

# The space bank benchmark (bench/bank/, bench/bank.sh) uses the same counters.
BENCH_PROGS += bankbench
bankbench_SRCS := bench/bank/bench.c
BENCH_ELFS += $(USER_BUILD)/bankbench.elf
$(eval $(call user_program,bankbench))
$(USER_BUILD)/obj/bench/bank/%.c.o: USER_CFLAGS += -Ibench/ipc/arch/$(ARCH)
$(eval $(call image_rule,bench/bank/bankbench.img.txt,$(USER_BUILD)/bankbench.elf $(USER_BUILD)/spacebank.elf))

# The pools benchmark (bench/pools/, bench/pools.sh): the pool map code the
# kernel runs (lib/poolmap.c) and the bank, with the same counters.
BENCH_PROGS += poolbench
poolbench_SRCS := bench/pools/bench.c
BENCH_ELFS += $(USER_BUILD)/poolbench.elf
$(eval $(call user_program,poolbench))
$(USER_BUILD)/obj/bench/pools/%.c.o: USER_CFLAGS += -Ibench/ipc/arch/$(ARCH)
$(eval $(call image_rule,bench/pools/poolbench.img.txt,$(USER_BUILD)/poolbench.elf $(USER_BUILD)/spacebank.elf))

# The minimal-process benchmark (bench/proc/, bench/proc.sh).
BENCH_PROGS += procbench
procbench_SRCS := bench/proc/procmem.c
BENCH_ELFS += $(USER_BUILD)/procbench.elf
$(eval $(call user_program,procbench))
$(eval $(call image_rule,bench/proc/procbench.img.txt,$(USER_BUILD)/procbench.elf $(USER_BUILD)/spacebank.elf))

.PHONY: bench-images
bench-images: $(IMAGE_BUILD)/ipcbench.img $(IMAGE_BUILD)/bankbench.img $(IMAGE_BUILD)/poolbench.img \
	$(IMAGE_BUILD)/procbench.img
$(eval $(call image_rule,bench/ipc/ipcbench.img.txt,$(BENCH_ELFS)))

utest: deps kernel $(IMAGE_BUILD)/utest.img
	$(Q)tools/run-qemu --arch $(ARCH) --kernel $(BUILD)/arroyo.elf --append "$(APPEND)" \
		--image $(IMAGE_BUILD)/utest.img --timeout 120 --console

-include $(USER_LIB_OBJS:.o=.d) $(USER_CRT0:.o=.d) \
	$(foreach p,$(USER_PROGS) $(BENCH_PROGS),$(patsubst %,$(USER_BUILD)/obj/%.d,$($(p)_SRCS)))
