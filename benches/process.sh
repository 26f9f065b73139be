#!/usr/bin/env bash
# Whole-process cost of `oauth-triage diagnose` (start-up, loading the knowledge, building the
# index, scoring) against the process floor (the binary's own `--version`), `grep -F` and
# `fzf --filter` over the knowledge base's exact error texts, for a 120-byte paste, a 10 KB
# traceback and 1 MB of log; then a scaling run at 1×, 10×, 50× and 100× synthetic flows.
# CPU time is user + system from the kernel (wait4), commands alternating in one loop; peak RSS
# from GNU time. Needs python3, fzf and /usr/bin/time (apt-get install -y fzf time).
# Usage: benches/process.sh [--runs N] [--scale-runs N] [--json FILE]. Figures go in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
exec python3 benches/process.py target/release/oauth-triage "$@"
