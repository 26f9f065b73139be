#!/usr/bin/env bash
# Throughput and peak memory of `oauth-triage scan` on a generated log (100 MB by default, a few
# hundred planted errors), side by side in one run with `grep -c -F -f` of the known error codes
# over the same file. Not a test: figures go in README.md. Needs python3, jq and /usr/bin/time.
#   SIZE_MB=1000 benches/scan.sh     # the 1 GB case
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/oauth-triage
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
size_mb=${SIZE_MB:-100}

# The known codes, as a support engineer would grep for them: every AADSTS code and Connect API
# error named in the flows.
grep -ohE 'AADSTS[0-9]+|Connect API Error [0-9]+' flows/*.toml | sort -u > "$work/codes.txt"
# Error texts to plant, read from the knowledge base.
for id in azure/redirect-uri-mismatch general/no-oauth-session general/invalid-subject-token \
  azure/invalid-client-secret general/no-refresh-token keycloak/invalid-client-refresh; do
  "$bin" show --json "$id" | jq -r '.errors[0]'
done > "$work/errors.txt"

python3 - "$work/errors.txt" "$work/big.log" "$size_mb" <<'EOF'
import random, sys
errors = [l.strip().replace("{connect_server}", "https://connect.example.com")
          for l in open(sys.argv[1]) if l.strip()]
out, target = open(sys.argv[2], "w"), int(sys.argv[3]) * 1000 * 1000
rnd = random.Random(7)
paths = ["/content/04f24082-2396-484b-9839-f810891dce95/", "/__api__/v1/content", "/connect/#/apps",
         "/__api__/v1/users", "/rsc/static/app.js"]
noise = [
    'level=info msg="GET {p} 200" correlation_id={n:016x}',
    'level=info msg="Job {n:x} started for content item" bundle_id={n}',
    'level=debug msg="Worker pool size 8, idle 3" queue=default',
    'level=warning msg="Slow request {p} took 2.{n}s"',
    'level=info msg="Scheduled render finished" job={n:x} exit_code=0',
]
written = planted = n = 0
while written < target:
    n += 1
    sec = n // 40
    ts = f'time="2024-12-06T{10 + sec // 3600 % 12:02}:{sec // 60 % 60:02}:{sec % 60:02}.{n % 1000:03}Z" '
    if n % 2500 == 0:
        err = errors[planted % len(errors)]
        line = ts + 'level=error msg="OAuth failure: ' + err.replace('"', '\\"') + '" user=viewer' + str(planted % 7) + "\n"
        if planted % 3 == 0:
            line += "    goroutine 17 [running]:\n    main.exchange()\n"
        planted += 1
    else:
        line = ts + noise[rnd.randrange(len(noise))].format(p=paths[n % len(paths)], n=n) + "\n"
    out.write(line)
    written += len(line)
print(f"generated {written / 1e6:.0f} MB, {n} lines, {planted} planted errors", file=sys.stderr)
EOF

measure() { # label command...
  local label=$1; shift
  local best=""
  for _ in 1 2 3; do
    /usr/bin/time -v "$@" > "$work/out" 2> "$work/time" || true
    local secs rss
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); print (length(t) == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2])}' "$work/time")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
    if [ -z "$best" ] || awk "BEGIN {exit !($secs < $best)}"; then best=$secs; best_rss=$rss; fi
  done
  local mbs
  mbs=$(awk "BEGIN {printf \"%.0f\", $size_mb / ($best > 0 ? $best : 0.001)}")
  printf '%-28s %6.2f s  %5s MB/s  peak RSS %6.1f MB\n' "$label" "$best" "$mbs" "$(awk "BEGIN {print $best_rss / 1024}")"
}

cat "$work/big.log" > /dev/null # into the page cache, for both
measure "grep -c -F -f codes" grep -c -F -f "$work/codes.txt" "$work/big.log"
measure "oauth-triage scan --json" "$bin" scan --json "$work/big.log"
"$bin" scan --json "$work/big.log" | jq -r '.findings[] | "\(.count)\t\(.id)"' || true
