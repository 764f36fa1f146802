#!/usr/bin/env bash
# Regenerates every gen/<api> package into a scratch directory and fails if
# the result differs from the committed *.gen.go files, so a spec or config
# edited without `make generate` cannot pass the tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
for generate in "$root"/gen/*/generate.go; do
  dir=$(dirname "$generate")
  api=$(basename "$dir")
  # A dot-directory inside the package keeps oapi-codegen's go.mod lookup
  # working and is ignored by the go tool.
  scratch=$(mktemp -d "$dir/.drift.XXXXXX")
  trap 'rm -rf "$scratch"' EXIT
  while read -r line; do
    # line: //go:generate go run <pkg> -config CFG -o OUT SPEC
    read -r -a args <<<"${line#//go:generate }"
    out=""
    for i in "${!args[@]}"; do
      if [ "${args[$i]}" = "-o" ]; then out=${args[$((i + 1))]}; args[$((i + 1))]="$scratch/$out"; fi
    done
    if [ -z "$out" ]; then
      echo "check-drift: gen/$api/generate.go: a //go:generate line has no -o OUT argument" >&2
      exit 2
    fi
    (cd "$dir" && "${args[@]}")
    if ! cmp -s "$scratch/$out" "$dir/$out"; then
      echo "drift: gen/$api/$out does not match specs/$api.yaml and gen/$api/*cfg.yaml." >&2
      echo "       Run 'make generate' and commit the regenerated files." >&2
      diff -u "$dir/$out" "$scratch/$out" | head -n 30 >&2 || true
      status=1
    fi
  done < <(grep '^//go:generate ' "$generate")
  for f in "$dir"/*.gen.go; do
    if [ ! -e "$scratch/$(basename "$f")" ]; then
      echo "drift: gen/$api/$(basename "$f") is not produced by any //go:generate line; delete it or add the line." >&2
      status=1
    fi
  done
  rm -rf "$scratch"
  trap - EXIT
done
if [ "$status" -eq 0 ]; then echo "check-drift: generated code is up to date"; fi
exit "$status"
