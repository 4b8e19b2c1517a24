#!/bin/bash
# Build time of the generated crate's own compile unit beside aws-sdk-sagemaker's,
# in one run on one machine. Each unit is built clean (`cargo clean -p`, after its
# dependencies are built), with incremental compilation off, as for a dependency:
#   sagemaker-api  newest revision, all operations       debug and release
#   sagemaker-api  newest revision, `training` family     debug (a user of three training calls)
#   aws-sdk-sagemaker (AWS's generated crate, default features)   debug
#   sagemakerruntime (SageMaker Runtime, generated from AWS's model)   debug
#   aws-sdk-sagemakerruntime (AWS's generated crate, default features)  debug
# Usage: tests/benches/build-timings.sh   (prints: unit profile seconds operations)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${TMPDIR:-/tmp}/sagemaker-build-timings"
mkdir -p "$work"
export CARGO_INCREMENTAL=0
newest=$(sed -n 's/^default = \["\(v[0-9_]*\)".*/\1/p' "$root/generated/Cargo.toml")
ops=$(python3 -c "import json,sys; m=json.load(open('$root/model/revisions/${newest#v}.json'.replace('_','-'))); print(sum(1 for s in m['shapes'].values() if s['type']=='operation'))")
training=$(python3 -c "
import re,json
m=json.load(open('$root/model/revisions/${newest#v}.json'.replace('_','-')))
print(sum(1 for k,s in m['shapes'].items() if s['type']=='operation' and re.search(r'^[A-Z][a-z]+(Training)', k.split('#')[1])))")
time_unit() { # dir, package, target dir, profile flag (or ""), build args...
  local dir=$1 package=$2 target=$3 profile=$4; shift 4
  (cd "$dir" && cargo build -q --target-dir "$target" $profile "$@" >/dev/null 2>&1)
  (cd "$dir" && cargo clean -q -p "$package" --target-dir "$target" $profile)
  local s e
  s=$(date +%s.%N); (cd "$dir" && cargo build -q --target-dir "$target" $profile "$@"); e=$(date +%s.%N)
  echo "$e - $s" | bc
}
ours="$work/target-ours"
echo "sagemaker-api($newest) debug $(time_unit "$root" sagemaker-api "$ours" "" -p sagemaker-api) $ops"
echo "sagemaker-api($newest,training) debug $(time_unit "$root" sagemaker-api "$ours" "" -p sagemaker-api --no-default-features --features "$newest,client,rt-tokio,rustls,training") $training"
echo "sagemaker-api($newest) release $(time_unit "$root" sagemaker-api "$ours" --release -p sagemaker-api) $ops"
mkdir -p "$work/sdk/src" && echo "fn main() {}" > "$work/sdk/src/main.rs"
printf '[package]\nname = "sdk-baseline"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\naws-sdk-sagemaker = "1"\naws-sdk-sagemakerruntime = "1"\n\n[workspace]\n' > "$work/sdk/Cargo.toml"
sdk_ops=$(cd "$work/sdk" && cargo fetch -q && find "$(dirname "$(cargo metadata --format-version 1 -q | python3 -c "import json,sys; d=json.load(sys.stdin); print([p['manifest_path'] for p in d['packages'] if p['name']=='aws-sdk-sagemaker'][0])")")/src/operation" -mindepth 1 -maxdepth 1 -type d | wc -l)
echo "aws-sdk-sagemaker debug $(time_unit "$work/sdk" aws-sdk-sagemaker "$work/target-sdk" "") $sdk_ops"
runtime_ops=$(python3 -c "import json; m=json.load(open('$root/model/family/sagemaker-runtime.json')); print(sum(1 for s in m['shapes'].values() if s['type']=='operation'))")
echo "sagemakerruntime debug $(time_unit "$root" sagemakerruntime "$ours" "" -p sagemakerruntime) $runtime_ops"
echo "aws-sdk-sagemakerruntime debug $(time_unit "$work/sdk" aws-sdk-sagemakerruntime "$work/target-sdk" "") $runtime_ops"
