#!/usr/bin/env bash
# Whole-process cost of `oauth-triage diagnose` (start-up, loading and validating the embedded
# flows, building the index, scoring), compared with `fzf --filter` over the same entries.
# Needs hyperfine and fzf (apt-get install -y hyperfine fzf). Figures go in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/oauth-triage
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The same knowledge, one line per entry, for fzf.
"$bin" export markdown > "$work/entries.txt"
paste='AADSTS50011: The redirect URI '"'"'https://connect.example-corp.com/__oauth__/integrations/callback'"'"' specified in the request does not match the redirect URIs configured for the application.'
printf '%s' "$paste" > "$work/paste.txt"

echo "entries: $(wc -l < "$work/entries.txt") lines, $(wc -c < "$work/entries.txt") bytes"
# hyperfine subtracts the cost of the shell it uses for the redirections.
hyperfine --warmup 5 --runs 200 --export-markdown "$work/result.md" \
  "$bin diagnose --json < $work/paste.txt" \
  "fzf --filter 'AADSTS50011 redirect uri does not match' < $work/entries.txt"
cat "$work/result.md"
