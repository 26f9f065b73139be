#!/usr/bin/env bash
# CI's check of the Debian package: builds it from the binary the test run built (no second
# build), installs it with dpkg -i, and checks the binary, the man pages and the completions are
# where Debian's tools look. Run as root on Debian (CI is); installs man-db when `man` is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

deb="$(bash packaging/build-deb.sh --binary "${CARGO_TARGET_DIR:-target}/debug/oauth-triage")"
if ! command -v man >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq man-db >/dev/null
fi
# Slim Debian images exclude /usr/share/man from every package (dpkg path-exclude); this check
# is about the package's contents, so let its pages in.
dpkg -i --path-include='/usr/share/man/man1/oauth-triage*' "$deb" >/dev/null
/usr/bin/oauth-triage --version
man -w oauth-triage
man -w oauth-triage-show >/dev/null
for file in \
  /usr/share/bash-completion/completions/oauth-triage \
  /usr/share/zsh/vendor-completions/_oauth-triage \
  /usr/share/fish/vendor_completions.d/oauth-triage.fish; do
  dpkg -S "$file" >/dev/null || { echo "check-deb.sh: $file is not in the package" >&2; exit 1; }
done
# The pages render without a single groff warning (groff comes with man-db).
for page in assets/man/*.1; do
  out="$(groff -k -man -Tutf8 -ww -z "$page" 2>&1)"
  [ -z "$out" ] || { echo "check-deb.sh: $page: $out" >&2; exit 1; }
done
echo "check-deb.sh: $deb installs; binary, man pages and completions in place"
