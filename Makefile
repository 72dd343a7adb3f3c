# guide: `make run` plays the morning routine, `make test` runs every test.
# Both install the Debian packages they need first (see tools/ensure-packages).

GO      ?= go
BIN     := bin/guide
ROUTINE ?=
# guide --version prints VERSION: the git description of the checkout.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS := -X main.version=$(VERSION)
# make install puts guide under DESTDIR + PREFIX.
PREFIX  ?= /usr/local
DESTDIR ?=
# The systems guide also builds for (without cgo): make test vets them and
# compiles their tests, so a Linux-only call cannot land.
CROSS   := darwin/amd64 darwin/arm64 windows/amd64

# What building needs (the speaker uses ALSA through cgo).
RUN_PACKAGES   := libasound2-dev
# What the tests need besides: a clocked virtual sound card (PulseAudio pipe
# sink), the encoders and decoders they check our files against, and a
# session bus with playerctl for the media keys.
TEST_PACKAGES  := $(RUN_PACKAGES) pulseaudio pulseaudio-utils libasound2-plugins lame sox ffmpeg tmux \
                  flite espeak-ng festival festvox-us-slt-hts dbus playerctl
# What make bench measures against: sox and mpg123 (and the test packages).
BENCH_PACKAGES := $(TEST_PACKAGES) mpg123 time
# What make mixcheck transcribes with.
MIXCHECK_PACKAGES := sox pocketsphinx pocketsphinx-en-us
# What regenerating the built-in voice needs.
VOICE_PACKAGES := flite

.PHONY: run build test cross deps deps-test voice fuzz bench mixcheck fmt vendor clean install uninstall dist

run: build
	./$(BIN) play $(ROUTINE)

build: deps
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/guide

deps:
	@tools/ensure-packages $(RUN_PACKAGES)

deps-test:
	@tools/ensure-packages $(TEST_PACKAGES)

test: deps-test
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	@$(MAKE) --no-print-directory cross
	$(GO) test -race -timeout 45m ./...

# Vet every package, and compile every package's tests, for each of CROSS.
cross:
	@out=$$(mktemp -d); trap 'rm -rf "$$out"' EXIT; \
	for t in $(CROSS); do \
	  echo "vet and compile the tests for $$t"; \
	  GOOS=$${t%/*} GOARCH=$${t#*/} CGO_ENABLED=0 $(GO) vet ./... || exit 1; \
	  for p in $$($(GO) list ./...); do \
	    GOOS=$${t%/*} GOARCH=$${t#*/} CGO_ENABLED=0 $(GO) test -c -o "$$out/$$(echo $$p | tr / _).test" $$p >/dev/null || exit 1; \
	  done; \
	done

# Install guide, its man pages and its bash, zsh and fish completions.
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/guide
	./$(BIN) man $(DESTDIR)$(PREFIX)/share/man/man1
	./$(BIN) completion bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/guide
	./$(BIN) completion zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_guide
	./$(BIN) completion fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/guide.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/guide $(DESTDIR)$(PREFIX)/share/man/man1/guide.1 \
	  $(DESTDIR)$(PREFIX)/share/man/man1/guide-*.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/guide \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_guide \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/guide.fish

# Release archives in dist/: linux/amd64 (with cgo) and the CROSS systems
# (without), each with README.md and the voice's licence, and SHA256SUMS.
# The same checkout gives the same bytes (see tools/dist).
dist: deps
	@tools/ensure-packages zip
	tools/dist $(VERSION) linux/amd64 $(CROSS)

# Regenerate the built-in voice pack from every phrase the built-in routines
# and the player speak (`guide voice phrases`, the one list; a test fails
# when the pack and the list differ): only missing clips are made, unused
# ones are removed. ARGS go to tools/mkvoice, e.g. make voice ARGS=-all.
ARGS ?=
voice: deps
	@tools/ensure-packages $(VOICE_PACKAGES)
	$(GO) run ./cmd/guide voice phrases > .phrases.txt
	$(GO) run ./tools/mkvoice -phrases .phrases.txt -out sessions/voice $(ARGS)
	@rm -f .phrases.txt

# Run every fuzz test for FUZZTIME each (seeded from sessions/, config.yaml
# and real MP3s); a failure leaves its input under testdata/fuzz. The
# Load fuzzers feed the config and routine loaders through the file
# system, as guide reads them: FIFOs, /dev/zero, files past the limit too.
# New inputs are minimised for at most 5 s each (Go's default, 60 s, can
# leave a 60 s run no time to fuzz).
FUZZTIME ?= 60s
FUZZMIN  ?= 5s
fuzz: deps-test
	$(GO) test ./script -run '^$$' -fuzz '^FuzzParseRoutine$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN)
	$(GO) test ./script -run '^$$' -fuzz '^FuzzLoadRoutine$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN)
	$(GO) test ./internal/config -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN)
	$(GO) test ./internal/config -run '^$$' -fuzz '^FuzzLoadFile$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN)
	$(GO) test ./audio/voicepack -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN)
	$(GO) test ./audio/flac -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN)

# The Go benchmarks of the audio path, then one table: render and play
# speed and memory against sox and mpg123, measured in the same run.
bench: build
	@tools/ensure-packages $(BENCH_PACKAGES)
	$(GO) test -run '^$$' -bench . -benchtime 3x ./audio/...
	cd tools/bench && GUIDE_BENCH=1 GUIDE_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -timeout 60m -run TestBench
	@$(MAKE) --no-print-directory mixcheck

# Do the tones mask the voice? Every cue of the morning and bedtime routines
# cut out of a render, as it plays and with the tones silent, transcribed by
# pocketsphinx: the word error rates and what the mix costs (see README,
# Sound). It fails when the mix costs more than 2 points of WER over all
# cues or 5 over the cues on a breath tone. A few minutes; not part of make
# test. E.g. make mixcheck MIXCHECK_ARGS='-v -set voice.duck=30'.
MIXCHECK_ARGS ?=
mixcheck: build
	@tools/ensure-packages $(MIXCHECK_PACKAGES)
	$(GO) run ./tools/mixcheck -guide $(BIN) -max-all 2 -max-breath 5 $(MIXCHECK_ARGS) morning bedtime

fmt:
	gofmt -w $$(git ls-files '*.go')

# Copy every module into vendor/ after go.mod changes, formatted as the
# rest of the tree (gofmt rewrites old build lines and trailing blank lines
# in some modules; the code is the same).
vendor:
	$(GO) mod vendor
	gofmt -w vendor

clean:
	rm -rf bin dist
