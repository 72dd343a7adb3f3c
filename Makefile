# guide: `make run` plays the morning routine, `make test` runs every test.
# Both install the Debian packages they need first (see tools/ensure-packages).

GO      ?= go
BIN     := bin/guide
ROUTINE ?=

# What building needs (the speaker uses ALSA through cgo).
RUN_PACKAGES   := libasound2-dev
# What the tests need besides: a clocked virtual sound card (PulseAudio pipe
# sink) and the encoders and decoders they check our files against.
TEST_PACKAGES  := $(RUN_PACKAGES) pulseaudio pulseaudio-utils libasound2-plugins lame sox ffmpeg
# What regenerating the built-in voice needs.
VOICE_PACKAGES := festival festvox-us-slt-hts sox lame

.PHONY: run build test deps deps-test voice fmt clean

run: build
	./$(BIN) play $(ROUTINE)

build: deps
	$(GO) build -o $(BIN) ./cmd/guide

deps:
	@tools/ensure-packages $(RUN_PACKAGES)

deps-test:
	@tools/ensure-packages $(TEST_PACKAGES)

test: deps-test
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race ./...

# Regenerate the built-in voice pack from the phrases the built-in routines
# speak: only missing clips are made, unused ones are removed.
voice:
	@tools/ensure-packages $(VOICE_PACKAGES)
	$(GO) run ./tools/phrases > .phrases.txt
	$(GO) run ./tools/mkvoice -phrases .phrases.txt -out sessions/voice
	@rm -f .phrases.txt

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin
