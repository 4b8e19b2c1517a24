#!/bin/bash
# What the client's credentials chain costs to build: clean debug builds, with
# every dependency, of three scratch crates in one run, one after the other:
#   runtime          aws-protocols-runtime with its default features (this project's chain);
#   runtime+interop  the same with the `aws-config` interop feature;
#   aws-config       AWS's aws-config crate with its default features (the alternative chain).
# Each has its own target folder; incremental compilation is off.
# Usage: tests/benches/client-build-timings.sh   (prints: name seconds crates)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${TMPDIR:-/tmp}/awsjson-client-build-timings"
rm -rf "$work" && mkdir -p "$work"
export CARGO_INCREMENTAL=0
scratch() { # name, dependency lines
  mkdir -p "$work/$1/src" && echo "fn main() {}" > "$work/$1/src/main.rs"
  printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n%s\n\n[workspace]\n' "$1" "$2" > "$work/$1/Cargo.toml"
}
scratch runtime "aws-protocols-runtime = { path = \"$root/generated/runtime\" }"
scratch runtime-interop "aws-protocols-runtime = { path = \"$root/generated/runtime\", features = [\"aws-config\"] }"
scratch aws-config 'aws-config = "1"'
for name in runtime runtime-interop aws-config; do
  (cd "$work/$name" && cargo fetch -q && cargo generate-lockfile -q 2>/dev/null || true)
done
for name in runtime runtime-interop aws-config; do
  cd "$work/$name"
  s=$(date +%s.%N); cargo build -q --target-dir "$work/target-$name"; e=$(date +%s.%N)
  crates=$(ls "$work/target-$name/debug/deps/"*.rlib | wc -l)
  echo "$name $(echo "$e - $s" | bc) $crates"
done
