#!/usr/bin/env bash
# Fuzzing in CI, bounded. One build of the targets with libFuzzer's coverage instrumentation,
# then:
#
#   fuzz/ci.sh            replay: every seed in fuzz/corpus/<target>/ (each defect of issue 10 is
#                         one) through every target. Seconds, once built.
#   FUZZ_SECONDS=20 fuzz/ci.sh
#                         also fuzz each target for that long, as many at a time as there are
#                         cores (each libFuzzer run uses one).
#
# Plain cargo with the flags cargo-fuzz passes for `--sanitizer none` (no cargo-fuzz install);
# RUSTC_BOOTSTRAP=1 only for this build, which unlocks `-Cpasses=sancov-module` on stable;
# `--target` keeps the flags off build scripts and proc macros. The replay once had a build of
# its own without instrumentation; the instrumented binaries replay the seeds just as well (and
# with overflow checks on), so one build serves both.
set -euo pipefail
cd "$(dirname "$0")"
targets=(text server redirect jwt scopes diagnose flow_toml flow_generated tui scan)
seconds="${FUZZ_SECONDS:-0}"

host="$(rustc -vV | sed -n 's/^host: //p')"
export RUSTC_BOOTSTRAP=1
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
cargo build --release --locked --bins --target "$host" --target-dir target/ci
bin="target/ci/$host/release"

for target in "${targets[@]}"; do
    seeds=(corpus/"$target"/*)
    [ -e "${seeds[0]}" ] || continue
    # Files as arguments: libFuzzer runs each once and stops.
    "$bin/$target" "${seeds[@]}" 2>"target/ci/replay-$target.log" \
        || { tail -40 "target/ci/replay-$target.log"; echo "fuzz: $target failed on a seed"; exit 1; }
    echo "fuzz: $target replayed ${#seeds[@]} seed(s)"
done

[ "$seconds" -gt 0 ] || exit 0
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export bin scratch seconds
fuzz_one() {
    local target=$1
    mkdir -p "$scratch/$target" "corpus/$target"
    # New inputs go to the scratch directory (first argument); the seeds are only read.
    if ! "$bin/$target" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$scratch/$target-" \
        "$scratch/$target" "corpus/$target" 2>"$scratch/$target.log"; then
        tail -40 "$scratch/$target.log"
        echo "fuzz: $target crashed"
        return 1
    fi
    echo "fuzz: $target $(grep -o 'number_of_executed_units: [0-9]*' "$scratch/$target.log")"
}
export -f fuzz_one
printf '%s\n' "${targets[@]}" | xargs -P "$(nproc)" -I{} bash -c 'fuzz_one "$1"' _ {}
