#!/usr/bin/env bash
# Makes an X server available for tests/it/clipboard_x11.rs, which must never skip silently.
#
# Usage: eval "$(bash .ci/xvfb.sh)"
#
# Installs Xvfb, xclip and xdpyinfo if missing, reuses a reachable X server ($DISPLAY, else :99),
# otherwise starts `Xvfb :99` in the background and waits until it accepts connections.
# stdout carries only the `export DISPLAY=…` line, so it can be eval'ed; progress goes to stderr.
set -euo pipefail

display=":99"
number=${display#:}
log="${TMPDIR:-/tmp}/xvfb-$number.log"

say() { echo "xvfb.sh: $*" >&2; }

install_missing() {
    local missing=()
    command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
    command -v xclip >/dev/null 2>&1 || missing+=(xclip)
    # xdpyinfo is how we tell whether a server accepts connections.
    command -v xdpyinfo >/dev/null 2>&1 || missing+=(x11-utils)
    if ((${#missing[@]} == 0)); then
        return
    fi
    say "installing ${missing[*]}"
    if ! command -v apt-get >/dev/null 2>&1; then
        say "apt-get not found: install ${missing[*]} by hand"
        exit 1
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

reachable() {
    DISPLAY="$1" xdpyinfo >/dev/null 2>&1
}

# A lock left by an Xvfb that died would make the new one refuse to start.
remove_stale_lock() {
    local lock="/tmp/.X$number-lock" pid
    [[ -f $lock ]] || return 0
    pid=$(tr -dc '0-9' <"$lock")
    if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
        say "removing stale $lock"
        rm -f "$lock" "/tmp/.X11-unix/X$number"
    fi
}

start_xvfb() {
    remove_stale_lock
    say "starting Xvfb $display (log: $log)"
    # setsid + nohup: the server must outlive this script, which only prints where it is.
    setsid nohup Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >"$log" 2>&1 </dev/null &
    local pid=$! waited=0
    until reachable "$display"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            say "Xvfb exited; its log:"
            cat "$log" >&2
            exit 1
        fi
        if ((waited >= 100)); then
            say "Xvfb $display did not accept connections within 10 s; its log:"
            cat "$log" >&2
            exit 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    say "Xvfb $display is up (pid $pid)"
}

install_missing
if [[ -n ${DISPLAY:-} ]] && reachable "$DISPLAY"; then
    say "using the X server at $DISPLAY"
    echo "export DISPLAY=$DISPLAY"
    exit 0
fi
if reachable "$display"; then
    say "using the X server already running at $display"
else
    start_xvfb
fi
echo "export DISPLAY=$display"
