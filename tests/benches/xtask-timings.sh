#!/bin/bash
# Wall time and peak memory of the release `xtask` on its main jobs, each beside a
# baseline run in the same loop: Python reading every page and splitting its lines
# (the least any reconstruction must do). Five alternating runs; prints the median
# of each and the ratio to the baseline.
# Usage: tests/benches/xtask-timings.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -q --release -p xtask
xtask=target/release/xtask
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
baseline=(python3 -c 'import glob
for f in glob.glob("model/sources/**/*.txt", recursive=True):
    open(f, encoding="utf-8").read().splitlines()')
declare -A jobs=(
  [reconstruct]="$xtask reconstruct --manifest model/sources.json --out $out/models"
  [codegen]="$xtask codegen --check"
  [diff-published]="$xtask diff 2023-05-22 2024-02-28 --format json"
  [diff-any-dates]="$xtask diff 2021-06-15 2022-09-30 --format json"
)
measure() { # prints "seconds kilobytes"
  /usr/bin/time -f "%e %M" -o "$out/t" "$@" >/dev/null 2>&1 || true
  cat "$out/t"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf "%-16s %9s %9s %9s %7s %9s\n" job seconds baseline ratio MB baseMB
for job in reconstruct codegen diff-published diff-any-dates; do
  : > "$out/j"; : > "$out/b"
  for _ in 1 2 3 4 5; do
    measure ${jobs[$job]} >> "$out/j"
    measure "${baseline[@]}" >> "$out/b"
  done
  js=$(cut -d' ' -f1 "$out/j" | median); jm=$(cut -d' ' -f2 "$out/j" | median)
  bs=$(cut -d' ' -f1 "$out/b" | median); bm=$(cut -d' ' -f2 "$out/b" | median)
  printf "%-16s %9s %9s %9.2f %7d %9d\n" "$job" "$js" "$bs" "$(echo "$js / $bs" | bc -l)" $((jm / 1024)) $((bm / 1024))
done
