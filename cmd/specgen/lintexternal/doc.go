// Command lintexternal runs the two standard OpenAPI linters, Spectral
// (ruleset spectral:oas) and Redocly (ruleset recommended), at pinned
// versions through npx, and holds specgen to them. `make lint-external`
// runs it:
//
//	go run ./cmd/specgen/lintexternal [-spectral PKG] [-redocly PKG] STRICT... -- DRAFTS... -- CORPUS...
//
// For every file, every problem either linter reports under a rule that
// specgen covers (internal/speclint's ExternalRules, rendered in
// cmd/specgen/RULES.md) must be matched by a specgen lint finding of a
// covering rule at the same place (one pointer is a prefix of the other).
// The STRICT files (the specs) must moreover have no error from either
// linter, and every warning must come from a rule specgen deliberately
// leaves off or be listed in accepted.yaml with a reason. The DRAFTS
// (specgen convert's golden outputs) must have no error; their warnings
// are what a draft leaves to finish by hand. The CORPUS files (testdata/broken) must, together, make each
// linter report every covered rule of its ruleset at least once, so that
// each claim of coverage is tested on a document the linter itself finds
// broken.
//
// It prints, per strict file, each linter's error and warning counts, and
// exits 1 when a check fails.
package main
