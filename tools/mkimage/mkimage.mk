# tools/mkimage: the host tool that builds boot images (doc/abi.md, "Boot image").
# Included from Makefile.top after the host rules; built from the same obstore/ sources
# as the kernel's image loader, with the host flags (-Wall -Wextra -Werror, ASan + UBSan).

MKIMAGE_SRCS := $(sort $(wildcard tools/mkimage/*.c))
MKIMAGE_OBJS := $(patsubst %,$(HOSTBUILD)/%.o,$(MKIMAGE_SRCS) $(OBSTORE_SRCS) kernel/fmt.c \
	kernel/err.c)

$(HOSTBUILD)/mkimage: $(MKIMAGE_OBJS)
	@echo "  HOSTLD  $@"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^

-include $(MKIMAGE_OBJS:.o=.d)
