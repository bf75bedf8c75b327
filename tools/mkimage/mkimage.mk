# tools/mkimage: the host tool that builds boot images (doc/abi.md, "Boot image").
# Included from Makefile.top after the host rules; built from the same obstore/ sources
# as the kernel's image loader, with the host flags (-Wall -Wextra -Werror, ASan + UBSan).

MKIMAGE_SRCS := $(sort $(wildcard tools/mkimage/*.c))
MKIMAGE_OBJS := $(patsubst %,$(HOSTBUILD)/tools/%.o,$(MKIMAGE_SRCS) $(OBSTORE_SRCS) \
	$(filter-out lib/string.c,$(LIB_SRCS)))
# Tools see the ABI, the library and the object store, nothing of the kernel.
TOOL_CFLAGS := $(COMMON_CFLAGS) $(SHARED_INCLUDES) -Iobstore/include -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all

$(HOSTBUILD)/tools/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HOST_CC) $(TOOL_CFLAGS) -MMD -MP -c $< -o $@

$(HOSTBUILD)/mkimage: $(MKIMAGE_OBJS)
	@echo "  HOSTLD  $@"
	$(Q)$(HOST_CC) $(TOOL_CFLAGS) -o $@ $^

-include $(MKIMAGE_OBJS:.o=.d)
