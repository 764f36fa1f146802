#!/usr/bin/env bash
# Regenerates every package that has a generate.go (the clients and servers
# in gen/<api>, the wrapper types in pkg/<api>) into a scratch directory and
# fails if the result differs from the committed *.gen.go files, so a spec,
# config or template edited without `make generate` cannot pass the tests.
# It also fails on a *.gen.go file that no generate.go produces.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
shopt -s nullglob
generates=("$root"/gen/*/generate.go "$root"/pkg/*/generate.go)
if [ "${#generates[@]}" -eq 0 ]; then
  echo "check-drift: no generate.go found under gen/ or pkg/" >&2
  exit 2
fi
for generate in "${generates[@]}"; do
  dir=$(dirname "$generate")
  rel=${dir#"$root"/}
  # A dot-directory inside the package keeps oapi-codegen's go.mod lookup
  # and the configs' relative paths working, and is ignored by the go tool.
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
      echo "check-drift: $rel/generate.go: a //go:generate line has no -o OUT argument" >&2
      exit 2
    fi
    (cd "$dir" && "${args[@]}")
    if ! cmp -s "$scratch/$out" "$dir/$out"; then
      echo "drift: $rel/$out does not match its spec, config and templates." >&2
      echo "       Run 'make generate' and commit the regenerated files." >&2
      diff -u "$dir/$out" "$scratch/$out" | head -n 30 >&2 || true
      status=1
    fi
  done < <(grep '^//go:generate ' "$generate")
  for f in "$dir"/*.gen.go; do
    if [ ! -e "$scratch/$(basename "$f")" ]; then
      echo "drift: $rel/$(basename "$f") is not produced by any //go:generate line; delete it or add the line." >&2
      status=1
    fi
  done
  rm -rf "$scratch"
  trap - EXIT
done
# A generated file in a directory without a generate.go would never be
# checked above.
while IFS= read -r f; do
  if [ ! -e "$root/$(dirname "$f")/generate.go" ]; then
    echo "drift: $f has no generate.go beside it, so nothing regenerates or checks it." >&2
    status=1
  fi
done < <(cd "$root" && find . -name '*.gen.go' -not -path './bench/*' -not -path '*/.drift.*' | sed 's#^\./##')
if [ "$status" -eq 0 ]; then echo "check-drift: generated code is up to date"; fi
exit "$status"
