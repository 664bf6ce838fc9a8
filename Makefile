# zenv's build, tests and proofs. Every target works on a fresh clone.
GO ?= go
# Static binaries: cobra's flag package imports net, and a cgo build would
# link libc dynamically, which costs a millisecond at every start.
export CGO_ENABLED := 0
CACHE := $(CURDIR)/.cache
FUZZTIME ?= 30s

.PHONY: all build test vet fuzz bench bench-lint e2e man docs release-check clean

all: test build

# The commit and its date are stamped in (zenv version); the version stays
# "dev" until goreleaser builds a tag.
STAMP := github.com/zenv-dev/zenv/internal/build
COMMIT := $(shell git rev-parse HEAD 2>/dev/null)
COMMIT_DATE := $(shell git log -1 --format=%cI 2>/dev/null)
# The release's flags (goreleaser.yaml): make build and make bench use them.
GOFLAGS_RELEASE := -trimpath -ldflags "-s -w -X $(STAMP).Commit=$(COMMIT) -X $(STAMP).Date=$(COMMIT_DATE)"
build:
	$(GO) build $(GOFLAGS_RELEASE) -o zenv ./cmd/zenv

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...

# Unit, golden, fuzz-seed and real-shell round-trip tests. bash is required;
# other shells are used when installed (make e2e makes them mandatory).
test: vet
	@seed=$${ZENV_SEED:-$$(date +%s%N)}; \
	  echo "random values for the shell round trips: ZENV_SEED=$$seed (set it to repeat a run)"; \
	  ZENV_SEED=$$seed $(GO) test -count=1 ./...

# Each quoting function against its parser oracle, FUZZTIME each.
fuzz:
	@for f in $$($(GO) test ./render/quote -list 'Fuzz.*' | grep ^Fuzz); do \
	  echo "== $$f"; $(GO) test ./render/quote -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

# Whole-process start-up of `zenv env bash`, the release binary, against a
# hello-world binary built the same way in the same run; fails above 2.3x.
# direnv export bash (the peer that runs at every prompt; zenv runs once per
# shell) is timed in the same run when installed, and printed only. Then
# the render benchmarks. cmd/zenv's TestStartupInitStaysWithinBudget keeps
# heavy package inits out between runs of this.
# A key of the real shape (made here, never stored), so zenv prints no
# warning a real start would not print.
BENCH_KEY = ZENKEY_$$(printf '{"id": "00000000-0000-4000-8000-000000000000", "key": "%s"}' $$(printf '0%.0s' $$(seq 64)) | base64 | tr -d '\n')
bench:
	@mkdir -p $(CACHE)/bench/hello
	$(GO) build $(GOFLAGS_RELEASE) -o $(CACHE)/bench/zenv ./cmd/zenv
	@printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n' > $(CACHE)/bench/hello/main.go
	@printf 'module hello\n\ngo 1.22\n' > $(CACHE)/bench/hello/go.mod
	cd $(CACHE)/bench/hello && $(GO) build $(GOFLAGS_RELEASE) -o $(CACHE)/bench/hello-world .
	ZENV_BENCH_KEY=$(BENCH_KEY) $(GO) run ./internal/testsupport/startbench -runs 1000 -max 2.3 \
	  -hello $(CACHE)/bench/hello-world -also "direnv export bash" -- \
	  $(CACHE)/bench/zenv env bash --url https://zenml.example.com --api-key-env ZENV_BENCH_KEY
	$(GO) test ./render -run '^$$' -bench . -benchmem
	$(MAKE) bench-lint

# zenv lint next to gitleaks dir (pinned) on a generated tree of 10,000
# files (YAML, shell, .env, Dockerfiles, a few large and binary files),
# generated outside any git work tree (under $TMPDIR: the repository's
# .gitignore would hide .cache/ from zenv lint); prints each tool's files
# and findings; fails when zenv reads fewer files than the tree holds,
# finds nothing, or takes more than half gitleaks' time.
GITLEAKS_VERSION := v8.30.1
bench-lint:
	@mkdir -p $(CACHE)/bench/bin
	$(GO) build -trimpath -ldflags "-s -w" -o $(CACHE)/bench/zenv ./cmd/zenv
	GOBIN=$(CACHE)/bench/bin $(GO) install github.com/zricethezav/gitleaks/v8@$(GITLEAKS_VERSION)
	$(GO) run ./internal/lintbench -files 10000 -runs 3 \
	  -zenv $(CACHE)/bench/zenv -gitleaks $(CACHE)/bench/bin/gitleaks

# End-to-end proof against the real peers; installs what it needs.
e2e:
	bash .ci/e2e

# Man pages (section 1, one per command) and completion scripts, generated
# from the command tree by internal/tools/mangen; goreleaser's before hook
# runs the same line. Under .cache, not dist/: goreleaser wants dist/ empty.
# Read one with: man -l .cache/release/man/zenv.1
man:
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || date +%s) \
	  $(GO) run ./internal/tools/mangen -man $(CACHE)/release/man -completions $(CACHE)/release/completions
	@echo "man pages in $(CACHE)/release/man, completions in $(CACHE)/release/completions"

# The command reference under docs/commands, one page per command, from
# the command tree (cobra/doc, through internal/tools/mangen). Run it after
# changing a command, a flag or a help text: a test fails while it is stale.
docs:
	$(GO) run ./internal/tools/mangen -markdown docs/commands

# The pinned goreleaser checks goreleaser.yaml and builds a snapshot of all
# six archives; .ci/release-check then unpacks them and runs zenv version.
# RELEASE_CHECK=linux builds linux/amd64 only (what CI runs).
release-check:
	bash .ci/release-check

clean:
	rm -rf zenv dist $(CACHE)/bench $(CACHE)/release/man $(CACHE)/release/completions
