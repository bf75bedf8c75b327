# `make coverage`: the host unit tests built again with gcov instrumentation,
# run, and summarised by lcov for the sources under kernel/, obstore/ and
# spacebank/ (doc/testing.md, "coverage"). The HTML report goes to
# build/coverage/html/index.html; then one `coverage: <dir> lines=N% branches=M%`
# line per directory (COV_DIRS), and last lcov's summary of them all.
COV_BUILD := build/coverage
COV_OBJS := $(patsubst %,$(COV_BUILD)/%.o,$(UNIT_SRCS) $(HOST_SRCS))
COV_LCOV := --rc lcov_branch_coverage=1 --quiet
COV_KEEP := '*/kernel/*' '*/obstore/*' '*/spacebank/*'
# Without the sanitizers: gcov would count each check UBSan inserts (every
# shift, every signed add) as a branch of the source, one side of which only
# undefined behaviour takes. `make unit` runs the same tests under them.
COV_CFLAGS := $(filter-out -fsanitize=% -fno-sanitize-recover=%,$(HOST_CFLAGS))
COV_DIRS := kernel $(filter-out kernel/tests/,$(sort $(dir $(wildcard kernel/*/*.c)))) obstore spacebank

$(COV_BUILD)/%.c.o: %.c tests/unit/coverage.mk
	@mkdir -p $(dir $@)
	@echo "  COVCC   $<"
	$(Q)$(HOST_CC) $(COV_CFLAGS) $(COV_DEFS) --coverage $(CHECK_FLAGS) -MMD -MP -c $< -o $@
$(patsubst %,$(COV_BUILD)/%.o,$(BANK_HOST_SRCS)): COV_DEFS := $(BANK_HOST_DEFS)
$(patsubst %,$(COV_BUILD)/%.o,$(BANK_TEST_SRCS)): COV_DEFS := -Iuser/include

$(COV_BUILD)/unit-tests: $(COV_OBJS)
	@echo "  COVLD   $@"
	$(Q)$(HOST_CC) $(COV_CFLAGS) --coverage -o $@ $^ $(CHECK_LIBS)

-include $(COV_OBJS:.o=.d)

.PHONY: coverage
coverage: deps $(COV_BUILD)/unit-tests
	$(Q)find $(COV_BUILD) -name '*.gcda' -delete
	$(Q)$(COV_BUILD)/unit-tests > $(COV_BUILD)/unit.log 2>&1 || { tail -n 20 $(COV_BUILD)/unit.log; exit 1; }
	$(Q)tail -n 1 $(COV_BUILD)/unit.log
	$(Q)lcov $(COV_LCOV) --capture --directory $(COV_BUILD) --base-directory . \
		-o $(COV_BUILD)/all.info 2>&1 | { grep -v "redefined at" || true; }
	$(Q)lcov $(COV_LCOV) --extract $(COV_BUILD)/all.info $(COV_KEEP) -o $(COV_BUILD)/core.info
	$(Q)genhtml $(COV_LCOV) --branch-coverage --title arroyo-unit -o $(COV_BUILD)/html \
		$(COV_BUILD)/core.info
	@echo "coverage: report in $(COV_BUILD)/html/index.html"
	$(Q)for d in $(patsubst %/,%,$(COV_DIRS)); do \
		lcov $(COV_LCOV) --extract $(COV_BUILD)/core.info "*/$$d/*" -o $(COV_BUILD)/dir.info; \
		lcov --rc lcov_branch_coverage=1 --summary $(COV_BUILD)/dir.info 2>&1 | \
		awk -v d=$$d '/lines\.\./ { l = $$2 } /branches\./ { b = $$2 } \
			END { printf "coverage: %-16s lines=%-6s branches=%s\n", d, l, b }'; \
	done
	$(Q)lcov --rc lcov_branch_coverage=1 --summary $(COV_BUILD)/core.info 2>&1 | grep -E 'lines|functions|branches'
