#!/bin/sh
# Runs every Fuzz target in the module, one after another, for FUZZTIME
# each (default 30s). Targets are discovered, not listed, so a new FuzzX in
# any package is picked up. An input that fails is written by `go test` to
# the package's testdata/fuzz/FuzzX/ directory: commit it, and plain
# `go test` (so `make test`) replays it from then on.
set -eu
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-30s}
failed=""
count=0
for pkg in $($GO list ./...); do
	dir=$($GO list -f '{{.Dir}}' "$pkg")
	# Only packages whose tests declare a fuzz target are compiled for -list.
	if ! grep -qs '^func Fuzz[A-Za-z0-9_]*(f \*testing.F)' "$dir"/*_test.go; then
		continue
	fi
	for target in $($GO test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		count=$((count + 1))
		echo "== $pkg $target ($FUZZTIME)"
		if ! $GO test -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" "$pkg"; then
			failed="$failed $pkg.$target"
		fi
	done
done
echo "fuzz: $count targets run for $FUZZTIME each"
if [ -n "$failed" ]; then
	echo "fuzz: failing targets:$failed" >&2
	exit 1
fi
