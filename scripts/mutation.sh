#!/bin/sh
# Mutation testing with gremlins (pinned), one package at a time, for the
# packages issue 18 holds to >= 90 % test efficacy and mutant coverage.
# Slow (every mutant rebuilds and reruns the package's tests), so it is not
# part of `make test`. Per-package logs and JSON go to $MUTATION_OUT
# (default .mutation/), and the figures to $MUTATION_OUT/summary.txt.
#
#   MUTATION_PKGS="./internal/transport" make mutation   # one package
#   MUTATION_WORKERS=2 MUTATION_TIMEOUT_COEFFICIENT=20 make mutation
set -u
GO=${GO:-go}
GREMLINS=github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0
OUT=${MUTATION_OUT:-.mutation}
PKGS=${MUTATION_PKGS:-"./internal/transport ./pkg/track ./pkg/usermost ./pkg/userlot ./pkg/userpilot ./pkg/activeprospect"}
WORKERS=${MUTATION_WORKERS:-1}
COEF=${MUTATION_TIMEOUT_COEFFICIENT:-10}
mkdir -p "$OUT"
summary="$OUT/summary.txt"
: > "$summary.new"
status=0
for pkg in $PKGS; do
	name=$(echo "$pkg" | sed 's|^\./||; s|/|_|g')
	echo "== $pkg (workers $WORKERS, timeout coefficient $COEF)"
	start=$(date +%s)
	$GO run "$GREMLINS" unleash --workers "$WORKERS" --timeout-coefficient "$COEF" \
		-o "$OUT/$name.json" "$pkg" > "$OUT/$name.log" 2>&1 || status=1
	took=$(( $(date +%s) - start ))
	{
		echo "$pkg (${took}s)"
		grep -E '^(Killed|Timed out|Test efficacy|Mutator coverage)' "$OUT/$name.log" | sed 's/^/  /'
		grep -E '^ *LIVED' "$OUT/$name.log" | sed 's/^ */  survivor: /'
	} >> "$summary.new"
	tail -4 "$OUT/$name.log"
done
mv "$summary.new" "$summary"
echo "== summary ($summary)"
cat "$summary"
exit $status
