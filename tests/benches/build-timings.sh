#!/bin/bash
# Build time of the generated crates' own compile units beside AWS's SDK crates,
# in one run on one machine. Each unit is built clean (its dependencies built
# first, then `cargo clean -p` and a build with `--timings`), with incremental
# compilation off, as a dependency is built; its time is the unit's own, as
# `cargo build --timings` reports it (the compiler's run for that crate, without
# cargo's own start-up). Each unit is built `runs` times (default 3), alternating
# ours and the SDK's, and the median is printed:
#   sagemaker-api  newest revision, all operations       debug and release
#   sagemaker-api  newest revision, `training` family     debug (a user of a few training calls)
#   aws-sdk-sagemaker (AWS's generated crate, default features)   debug
#   sagemakerruntime (SageMaker Runtime, generated from AWS's model)   debug
#   aws-sdk-sagemakerruntime (AWS's generated crate, default features)  debug
# Usage: tests/benches/build-timings.sh [runs]   (prints: unit profile seconds operations)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-3}"
work="${TMPDIR:-/tmp}/sagemaker-build-timings"
mkdir -p "$work"
export CARGO_INCREMENTAL=0
newest=$(sed -n 's/^default = \["\(v[0-9_]*\)".*/\1/p' "$root/generated/Cargo.toml")
date=$(echo "${newest#v}" | tr _ -)
ops=$(python3 -c "import json; m=json.load(open('$root/model/revisions/$date.json')); print(sum(1 for s in m['shapes'].values() if s['type']=='operation'))")
feature=$(python3 -c "import re; t=open('$root/generated/Cargo.toml').read(); print('training' if re.search(r'^training = ', t, re.M) else 'training-job')")
family_ops=$(python3 -c "import re,sys; t=open(sys.argv[1]).read(); print(sum(1 for c in re.findall(r'#\[cfg\(((?:[^\]])*)\)\]\s*impl crate::runtime::Operation for', t) if 'feature = \"'+sys.argv[2]+'\"' in c))" "$root/generated/src/$newest/operations.rs" "$feature")
runtime_ops=$(python3 -c "import json; m=json.load(open('$root/model/family/sagemaker-runtime.json')); print(sum(1 for s in m['shapes'].values() if s['type']=='operation'))")

# The unit's own time in the newest --timings report of a target folder.
unit_seconds() { # target, package
  python3 - "$1" "$2" <<'PY'
import glob, json, os, re, sys
report = max(glob.glob(sys.argv[1] + "/cargo-timings/cargo-timing-*.html"), key=os.path.getmtime)
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", open(report).read(), re.S).group(1))
print(sum(u["duration"] for u in units if u["name"] == sys.argv[2]))
PY
}
time_unit() { # dir, package, target dir, profile flag (or ""), build args...
  local dir=$1 package=$2 target=$3 profile=$4; shift 4
  (cd "$dir" && cargo build -q --target-dir "$target" $profile "$@" >/dev/null 2>&1)
  (cd "$dir" && cargo clean -q -p "$package" --target-dir "$target" $profile)
  (cd "$dir" && cargo build -q --target-dir "$target" $profile --timings "$@" >/dev/null 2>&1)
  unit_seconds "$target" "$package"
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

mkdir -p "$work/sdk/src" && echo "fn main() {}" > "$work/sdk/src/main.rs"
printf '[package]\nname = "sdk-baseline"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\naws-sdk-sagemaker = "1"\naws-sdk-sagemakerruntime = "1"\n\n[workspace]\n' > "$work/sdk/Cargo.toml"
sdk_ops=$(cd "$work/sdk" && cargo fetch -q && find "$(dirname "$(cargo metadata --format-version 1 -q | python3 -c "import json,sys; d=json.load(sys.stdin); print([p['manifest_path'] for p in d['packages'] if p['name']=='aws-sdk-sagemaker'][0])")")/src/operation" -mindepth 1 -maxdepth 1 -type d | wc -l)
ours="$work/target-ours"
sdk="$work/target-sdk"
declare -A t
for i in $(seq "$runs"); do
  t[api]+="$(time_unit "$root" sagemaker-api "$ours" "" -p sagemaker-api) "
  t[sdk]+="$(time_unit "$work/sdk" aws-sdk-sagemaker "$sdk" "" -p aws-sdk-sagemaker) "
  t[runtime]+="$(time_unit "$root" sagemakerruntime "$ours" "" -p sagemakerruntime) "
  t[sdkruntime]+="$(time_unit "$work/sdk" aws-sdk-sagemakerruntime "$sdk" "" -p aws-sdk-sagemakerruntime) "
  t[family]+="$(time_unit "$root" sagemaker-api "$ours" "" -p sagemaker-api --no-default-features --features "$newest,client,rt-tokio,rustls,$feature") "
done
t[release]="$(time_unit "$root" sagemaker-api "$ours" --release -p sagemaker-api)"
echo "sagemaker-api($newest) debug $(echo "${t[api]}" | median) $ops"
echo "sagemaker-api($newest,$feature) debug $(echo "${t[family]}" | median) $family_ops"
echo "sagemaker-api($newest) release ${t[release]} $ops"
echo "aws-sdk-sagemaker debug $(echo "${t[sdk]}" | median) $sdk_ops"
echo "sagemakerruntime debug $(echo "${t[runtime]}" | median) $runtime_ops"
echo "aws-sdk-sagemakerruntime debug $(echo "${t[sdkruntime]}" | median) $runtime_ops"
echo "runs: $runs; every run: ${t[api]}| ${t[sdk]}| ${t[runtime]}| ${t[sdkruntime]}| ${t[family]}"
