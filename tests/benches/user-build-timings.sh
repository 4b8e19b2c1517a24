#!/bin/bash
# What a program that depends on sagemaker-api pays to build its own compile
# unit. Each shape's JSON reader and writer is `#[inline]`, so it is compiled
# in the crate that calls it, not in sagemaker-api; this measures that side:
#   examples       the crate's three examples (create_training_job,
#                  wait_for_training_job, list_pipelines), each a few calls;
#   every-operation a scratch program that reaches the request writer and the
#                  response reader of every operation of the newest revision.
# Dependencies are built first; then each unit is rebuilt alone (its source
# touched), `runs` times (default 3), incremental compilation off, debug; the
# median wall time of `cargo build` is printed (cargo's start-up and the link
# included).
# Usage: tests/benches/user-build-timings.sh [runs]   (prints: unit seconds operations)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-3}"
work="${TMPDIR:-/tmp}/sagemaker-user-build-timings"
target="$work/target"
mkdir -p "$work/every-operation/src"
export CARGO_INCREMENTAL=0
newest=$(sed -n 's/^default = \["\(v[0-9_]*\)".*/\1/p' "$root/generated/Cargo.toml")
ops=$(grep -oP '^pub struct \K\w+(?=;)' "$root/generated/src/$newest/operations.rs")
printf '[package]\nname = "every-operation"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\nsagemaker-api = { path = "%s", default-features = false, features = ["%s"] }\n\n[workspace]\n' \
  "$root/generated" "$newest" > "$work/every-operation/Cargo.toml"
{
  echo "use sagemaker_api::runtime::Operation;"
  echo "use sagemaker_api::$newest::operations;"
  echo "/// The operation's request writer and response reader, as a program calling it compiles them."
  echo "fn reach<O: Operation>() -> usize {"
  echo "    let write: fn(&O::Input) -> _ = O::serialize_request;"
  echo "    let read: fn(_) -> _ = O::deserialize_response;"
  echo "    write as usize ^ read as usize"
  echo "}"
  echo "fn main() {"
  echo "    let mut x = 0;"
  for op in $ops; do echo "    x ^= reach::<operations::$op>();"; done
  echo "    println!(\"{x}\");"
  echo "}"
} > "$work/every-operation/src/main.rs"

seconds() { # dir, file to touch, cargo build args...
  local dir=$1 file=$2; shift 2
  touch "$file"
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && cargo build -q --target-dir "$target" "$@" >/dev/null 2>&1)
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

examples="create_training_job wait_for_training_job list_pipelines"
(cd "$root" && cargo build -q -p sagemaker-api --examples --target-dir "$target" >/dev/null 2>&1)
(cd "$work/every-operation" && cargo build -q --target-dir "$target" >/dev/null 2>&1)
declare -A t
for i in $(seq "$runs"); do
  for example in $examples; do
    t[$example]+="$(seconds "$root" "$root/generated/examples/$example.rs" -p sagemaker-api --example "$example") "
  done
  t[every]+="$(seconds "$work/every-operation" "$work/every-operation/src/main.rs") "
done
for example in $examples; do
  echo "example:$example $(echo "${t[$example]}" | median) -"
done
echo "every-operation $(echo "${t[every]}" | median) $(echo "$ops" | wc -l)"
echo "runs: $runs; every run: $(for e in $examples; do printf '%s| ' "${t[$e]}"; done)${t[every]}"
