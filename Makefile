# Makefile: the one build file of the suite (GNU make). Settings live in
# config.mk. Targets: all check demo bench install clean, plus deps, lint,
# soak.
#
# The tree is built by convention, so adding a file needs no new rule:
#   lib/*.c, rotation/*.c   -> build/obj/{lib,rotation}.a
#   loggers/*.c, perpd/*.c  -> a program when listed in *_PROGS below,
#                              otherwise part of build/obj/{loggers,perpd}.a
#   tests/unit/test_*.c     -> build/unit/test_* (and a sanitizer twin)
#   tests/helpers/*.c       -> build/helpers/*
#   tests/integ/t*.sh       -> integration tests, run by prove
# Each program links its own object before the archives, so it pulls in
# only the pieces it uses.

include config.mk

ifeq ($(WITH_SYSTEMD),auto)
WITH_SYSTEMD := $(shell pkg-config --exists libsystemd 2>/dev/null && echo yes || echo no)
endif
ifeq ($(WITH_RELP),auto)
WITH_RELP := $(shell pkg-config --exists relp 2>/dev/null && echo yes || echo no)
endif
ifeq ($(WITH_SYSTEMD),yes)
FEATURES += -DHAVE_SYSTEMD=1
SYSTEMD_LIBS := $(shell pkg-config --libs libsystemd)
endif
ifeq ($(WITH_RELP),yes)
FEATURES += -DHAVE_RELP=1
RELP_LIBS := $(shell pkg-config --libs relp)
endif

ALL_CFLAGS = $(WARNFLAGS) $(CFLAGS) $(CPPFLAGS) $(FEATURES) \
	-DVERSION='"$(VERSION)"' -Ilib -Irotation -Iloggers -Iperpd
LIBS = -Wl,--as-needed $(SYSTEMD_LIBS) $(RELP_LIBS) $(ZLIB_LIBS) \
	$(THREAD_LIBS)

LOGGER_PROGS = tinylog sissylog journalog
PERPD_PROGS = perpd perpboot perpctl perpls perpstat perpok perphup
SCRIPT_PROGS = perp-setup

# Only the programs whose main source exists yet are built.
have = $(patsubst $(1)/%.c,%,$(wildcard $(addprefix $(1)/,$(addsuffix .c,$(2)))))
LOGGERS := $(call have,loggers,$(LOGGER_PROGS))
PERPDS := $(call have,perpd,$(PERPD_PROGS))
SCRIPTS := $(patsubst perpd/%.sh,%,$(wildcard $(addprefix perpd/,$(addsuffix .sh,$(SCRIPT_PROGS)))))
PROGS := $(PERPDS) $(LOGGERS) $(SCRIPTS)
BINS := $(PROGS:%=build/bin/%)
SAN_BINS := $(PROGS:%=build/san/bin/%)

lib_src := $(wildcard lib/*.c)
rot_src := $(wildcard rotation/*.c)
log_src := $(filter-out $(LOGGER_PROGS:%=loggers/%.c),$(wildcard loggers/*.c))
perpd_src := $(filter-out $(PERPD_PROGS:%=perpd/%.c),$(wildcard perpd/*.c))
unit_src := $(wildcard tests/unit/test_*.c)
integ_src := $(sort $(wildcard tests/integ/t*.sh))
helper_src := $(wildcard tests/helpers/*.c)

O := build/obj
S := build/san/obj
ARCHIVES = $(O)/loggers.a $(O)/perpd.a $(O)/rotation.a $(O)/lib.a
SAN_ARCHIVES = $(S)/loggers.a $(S)/perpd.a $(S)/rotation.a $(S)/lib.a
UNITS := $(unit_src:tests/unit/%.c=build/unit/%)
SAN_UNITS := $(unit_src:tests/unit/%.c=build/san/unit/%)
HELPERS := $(helper_src:tests/helpers/%.c=build/helpers/%)
# t0300 builds a tree of its own, without the optional libraries, and
# t9130 runs the shipped programs under valgrind, which does not mix with
# the sanitizers: neither has anything to run against the sanitizer build.
SAN_INTEG := $(filter-out build/san/integ/t0300-% build/san/integ/t9130-%,\
	$(integ_src:tests/integ/%=build/san/integ/%))

.PHONY: all check check-run demo bench install clean deps lint units \
	helpers fuzz fuzzers soak
.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDARY:

all: $(BINS)

# ---- objects and archives -------------------------------------------------
# make V=1 shows the full commands.
ifeq ($(V),1)
Q =
say = @:
else
Q = @
say = @printf '  %-5s %s\n'
endif

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(S)/%.o: %.c
	@mkdir -p $(@D)
	$(say) CCSAN $<
	$(Q)$(CC) $(ALL_CFLAGS) $(SANFLAGS) -MMD -MP -c $< -o $@

%.a:
	@mkdir -p $(@D)
	$(say) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(O)/lib.a: $(lib_src:%.c=$(O)/%.o)
$(O)/rotation.a: $(rot_src:%.c=$(O)/%.o)
$(O)/loggers.a: $(log_src:%.c=$(O)/%.o)
$(O)/perpd.a: $(perpd_src:%.c=$(O)/%.o)
$(S)/lib.a: $(lib_src:%.c=$(S)/%.o)
$(S)/rotation.a: $(rot_src:%.c=$(S)/%.o)
$(S)/loggers.a: $(log_src:%.c=$(S)/%.o)
$(S)/perpd.a: $(perpd_src:%.c=$(S)/%.o)

# ---- programs ---------------------------------------------------------------
build/bin/%: $(O)/loggers/%.o $(ARCHIVES)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/bin/%: $(O)/perpd/%.o $(ARCHIVES)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/bin/%: perpd/%.sh config.mk
	@mkdir -p $(@D)
	$(say) GEN $@
	$(Q)sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@
	$(Q)chmod 0755 $@

# The same programs built with the sanitizers, for `make check-san`
# (static patterns: a generic one would take the copy of a script for all).
$(LOGGERS:%=build/san/bin/%): build/san/bin/%: $(S)/loggers/%.o $(SAN_ARCHIVES)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(PERPDS:%=build/san/bin/%): build/san/bin/%: $(S)/perpd/%.o $(SAN_ARCHIVES)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(SCRIPTS:%=build/san/bin/%): build/san/bin/%: build/bin/%
	@mkdir -p $(@D)
	$(Q)cp $< $@

# ---- tests ------------------------------------------------------------------
# A unit test may name functions to replace at link time (cmocka mocks):
#   WRAP_test_foo = fsync renameat
wrapflags = $(foreach f,$(WRAP_$(1)),-Wl,--wrap=$(f))
WRAP_test_pd_service = svrun_spawn kill
WRAP_test_rot_logdir = write fdatasync
WRAP_test_rot_worker = now_ms fsops_wall_us

build/unit/%: $(O)/tests/unit/%.o $(ARCHIVES)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(call wrapflags,$*) -o $@ $^ \
		$(CMOCKA_LIBS) $(LIBS)

build/san/unit/%: $(S)/tests/unit/%.o $(SAN_ARCHIVES)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) $(call wrapflags,$*) -o $@ $^ \
		$(CMOCKA_LIBS) $(LIBS)

build/helpers/%: $(O)/tests/helpers/%.o $(ARCHIVES)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# Each integration test again, against the sanitizer build of the programs.
build/san/integ/%.sh: tests/integ/%.sh
	@mkdir -p $(@D)
	$(Q)printf '#!/bin/sh\n# %s against build/san/bin\nexec "%s" "%s"\n' \
		$< $(CURDIR)/tests/san-wrap.sh $(CURDIR)/$< > $@
	$(Q)chmod 0755 $@

units: $(UNITS) $(SAN_UNITS)
helpers: $(HELPERS)

# ---- fuzzing: libFuzzer targets (clang), tests/fuzz/fuzz_*.c ----------------
# `make fuzz` runs each for FUZZ_SECONDS; `make check` replays each saved
# corpus (tests/fuzz/corpus/NAME/), crashes found included, as regressions.
FUZZ_CC = clang
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS = 60
Z := build/fuzz/obj
fuzz_src := $(wildcard tests/fuzz/fuzz_*.c)
FUZZERS := $(fuzz_src:tests/fuzz/%.c=build/fuzz/%)
FUZZ_ARCHIVES = $(Z)/loggers.a $(Z)/perpd.a $(Z)/rotation.a $(Z)/lib.a

$(Z)/%.o: %.c
	@mkdir -p $(@D)
	$(say) CCFUZZ $<
	$(Q)$(FUZZ_CC) $(ALL_CFLAGS) -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
		-MMD -MP -c $< -o $@

$(Z)/lib.a: $(lib_src:%.c=$(Z)/%.o)
$(Z)/rotation.a: $(rot_src:%.c=$(Z)/%.o)
$(Z)/loggers.a: $(log_src:%.c=$(Z)/%.o)
$(Z)/perpd.a: $(perpd_src:%.c=$(Z)/%.o)

build/fuzz/%: $(Z)/tests/fuzz/%.o $(FUZZ_ARCHIVES)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(FUZZ_CC) -g $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LIBS)

fuzzers: $(FUZZERS)

fuzz: deps
	@$(MAKE) --no-print-directory fuzzers
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZERS)

# deps first (it may install compilers and libraries), then a fresh make
# so that config.mk's auto-detection sees what was installed.
check: deps
	@$(MAKE) --no-print-directory check-run

check-run: all units helpers fuzzers $(SAN_BINS) $(SAN_INTEG)
	@tests/run.sh $(UNITS) $(SAN_UNITS) tests/fuzz/regress.sh \
		$(integ_src) $(SAN_INTEG)

# The soak test (tests/soak/): SOAK_SECONDS of chaos, report in
# build/soak/report.txt. make check runs a minute of it (t9000-soak.sh).
SOAK_SECONDS = 600
SOAK_SEED =
soak: deps
	@$(MAKE) --no-print-directory all helpers
	@SOAK_SECONDS=$(SOAK_SECONDS) SOAK_SEED=$(SOAK_SEED) tests/soak/soak.sh

deps:
	@tools/deps.sh

lint:
	@tools/lint.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@examples/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all helpers
	@bench/run.sh

install: all
	mkdir -p $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8
	for p in $(PROGS); do \
		cp build/bin/$$p $(DESTDIR)$(SBINDIR)/$$p.new && \
		mv -f $(DESTDIR)$(SBINDIR)/$$p.new $(DESTDIR)$(SBINDIR)/$$p; \
	done
	for m in $(wildcard man/*.5); do \
		cp $$m $(DESTDIR)$(MANDIR)/man5/; done
	for m in $(wildcard man/*.8); do \
		cp $$m $(DESTDIR)$(MANDIR)/man8/; done

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
