# Every CI job calls one of these targets, so what passes here passes there.
GO ?= go
SPECS := $(wildcard specs/*.yaml)

.PHONY: all generate validate lint lint-external drift vet test test-short bench bench-smoke bench-profile bench-micro ci fmt-check staticcheck vulncheck conformance breaking fuzz mutation

all: test

## generate: regenerate gen/<api>/*.gen.go and pkg/<api>/types.gen.go from specs/ (commit the result)
generate:
	$(GO) generate ./gen/... ./pkg/...

## validate: load and validate every OpenAPI document, examples included
validate:
	$(GO) run ./cmd/specgen validate $(SPECS)

## lint: validate plus the project's spec rules (see DESIGN.md)
lint:
	$(GO) run ./cmd/specgen lint $(SPECS)

## lint-external: Spectral (spectral:oas) and Redocly (recommended) at pinned
## versions through npx (needs Node.js): the specs have no error and only
## accepted warnings, the Postman drafts (convert's goldens) no error, and
## specgen lint reports everything both report, on those and on specgen's broken
## documents (cmd/specgen/RULES.md)
lint-external:
	$(GO) run ./cmd/specgen/lintexternal $(SPECS) cmd/specgen/testdata/valid.yaml \
		-- cmd/specgen/testdata/postman/*.golden.yaml -- cmd/specgen/testdata/broken/*.yaml

## drift: fail if the committed generated code is stale
drift:
	./scripts/check-drift.sh

## breaking: every spec (oasdiff) and the exported Go API (apidiff) against the
## last v* tag; without one, the merge base with main (or a pull request's
## target), or on main the previous commit. Fails on a breaking change not
## listed in breaking-ok.yaml. BREAKING_BASE=REV picks the base,
## BREAKING_FORMAT=markdown writes a pull request comment.
breaking:
	$(GO) run ./cmd/specgen breaking --format $(or $(BREAKING_FORMAT),text)

## vet: go vet every package
vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

## test: the README's test command: specs, drift, vet, race tests, and one
## tiny pass of every benchmark scenario
test: validate lint drift fmt-check vet
	$(GO) test -race -count=1 ./...
	$(MAKE) bench-smoke

## test-short: unit tests only, no race detector (fast local loop)
test-short:
	$(GO) test -count=1 ./...

## conformance: rewrite CONFORMANCE.md from the conformance suite (make test fails when it is stale)
conformance:
	$(GO) test ./internal/conformance -run TestConformance -count=1 -update

## bench: the side-by-side suite of bench/ (its own module, so the peers
## never enter the SDK's): cdpkit against net/http and posthog-go, written to
## bench/RESULTS.md; under 10 minutes on 2 cores
bench:
	cd bench && $(GO) run ./cmd/cdpbench -out RESULTS.md

## bench-smoke: every benchmark scenario once with tiny sizes, the server's
## counts checked, plus the suite's own tests (make test runs it)
bench-smoke:
	cd bench && $(GO) vet ./... && $(GO) test -race -count=1 ./...

## bench-profile: allocation and CPU profiles (two processes) of every side
## of the per-request, Tracker and import scenarios into bench/profiles;
## each *.txt lists the cost per operation by function (see bench/NOTES.md)
bench-profile:
	cd bench && $(GO) run ./cmd/cdpbench -profile profiles -profile-kind allocs
	cd bench && $(GO) run ./cmd/cdpbench -profile profiles -profile-kind cpu

## bench-micro: the packages' own Go benchmarks (numbers, not pass/fail)
bench-micro:
	$(GO) test -run '^$$' -bench . -benchmem ./...

staticcheck:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

vulncheck:
	$(GO) run golang.org/x/vuln/cmd/govulncheck@v1.9.0 ./...

## ci: everything CI runs
ci: test

FUZZTIME ?= 30s

## fuzz: every Fuzz target in the module, FUZZTIME each (default 30s); failures land in testdata/fuzz (make test replays them)
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh

## mutation: gremlins over internal/transport, pkg/track and every pkg/<api>, one package at a time (slow; not part of test); summary in .mutation/summary.txt
mutation:
	GO=$(GO) ./scripts/mutation.sh
