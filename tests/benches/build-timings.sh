#!/bin/bash
# Clean builds of the generated crate's own compile unit (debug and release, default
# feature and every revision), beside a baseline crate (serde_json) built the same way in
# the same run. Incremental compilation is off, as it is for a crate used as a dependency.
# Usage: tests/benches/build-timings.sh   (prints: crate profile features seconds)
set -euo pipefail
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${TMPDIR:-/tmp}/sagemaker-build-timings}" CARGO_INCREMENTAL=0
cd "$(dirname "$0")/../.."
cargo fetch -q
for profile in dev release; do
  flag=""; [ $profile = release ] && flag="--release"
  for features in default all; do
    ff=""; [ $features = all ] && ff="--features all-revisions"
    cargo clean -q -p sagemaker-api $flag 2>/dev/null
    s=$(date +%s.%N); cargo build -q -p sagemaker-api $flag $ff --timings 2>/dev/null; e=$(date +%s.%N)
    echo "sagemaker-api $profile $features $(echo "$e - $s" | bc)"
  done
  cargo clean -q -p serde_json $flag 2>/dev/null
  s=$(date +%s.%N); cargo build -q -p serde_json $flag 2>/dev/null; e=$(date +%s.%N)
  echo "baseline serde_json $profile $(echo "$e - $s" | bc)"
done
