#!/usr/bin/env bash
# The whole test suite, set-up included: a real X server for the clipboard tests (installed
# with apt-get when missing and running as root), then `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DISPLAY:-}" ] && [ "${OAUTH_TRIAGE_SKIP_X11:-}" != 1 ]; then
  # Prints `export DISPLAY=:99` once an X server answers.
  eval "$(bash .ci/xvfb.sh)"
fi
cargo test --locked "$@"
