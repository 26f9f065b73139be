#!/usr/bin/env bash
# Builds the Debian package target/debian/oauth-triage_<version>_<arch>.deb: the binary, the man
# pages and the bash, zsh and fish completions from assets/, with its library dependencies worked
# out by dpkg-shlibdeps. Needs only dpkg-deb (part of every Debian); dpkg-shlibdeps (dpkg-dev) is
# used when present.
#
#   bash packaging/build-deb.sh                    # cargo build --release, then package it
#   bash packaging/build-deb.sh --binary PATH      # package a binary already built (CI: the
#                                                  # one the test run built, to skip a 2nd build)
#
# The Maintainer field comes from DEBFULLNAME and DEBEMAIL, as for other Debian tools.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
    --binary=*) binary="${1#--binary=}"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "build-deb.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

command -v dpkg-deb >/dev/null || { echo "build-deb.sh: dpkg-deb not found (a Debian system is needed)" >&2; exit 2; }

target_dir="${CARGO_TARGET_DIR:-target}"
if [ -z "$binary" ]; then
  cargo build --locked --release --bin oauth-triage
  binary="$target_dir/release/oauth-triage"
fi
[ -x "$binary" ] || { echo "build-deb.sh: $binary is not an executable" >&2; exit 2; }

# The version the binary itself reports, so the package cannot disagree with it.
version="$("$binary" --version | awk '{print $2}')"
arch="$(dpkg --print-architecture)"
name="oauth-triage_${version}_${arch}"
stage="$target_dir/debian/$name"
rm -rf "$stage"

install -Dm755 "$binary" "$stage/usr/bin/oauth-triage"
if command -v strip >/dev/null; then strip --strip-unneeded "$stage/usr/bin/oauth-triage"; fi

for page in assets/man/*.1; do
  install -Dm644 "$page" "$stage/usr/share/man/man1/$(basename "$page")"
  gzip -9n "$stage/usr/share/man/man1/$(basename "$page")"
done
install -Dm644 assets/completions/oauth-triage.bash "$stage/usr/share/bash-completion/completions/oauth-triage"
install -Dm644 assets/completions/_oauth-triage "$stage/usr/share/zsh/vendor-completions/_oauth-triage"
install -Dm644 assets/completions/oauth-triage.fish "$stage/usr/share/fish/vendor_completions.d/oauth-triage.fish"
install -Dm644 packaging/copyright "$stage/usr/share/doc/oauth-triage/copyright"

# Library dependencies (libc6, libgcc-s1) as Debian names them, with the lowest versions the
# binary needs.
depends=""
if command -v dpkg-shlibdeps >/dev/null; then
  work="$(mktemp -d)"
  mkdir "$work/debian"
  printf 'Source: oauth-triage\n\nPackage: oauth-triage\nArchitecture: any\n' >"$work/debian/control"
  bin_path="$(cd "$stage/usr/bin" && pwd)/oauth-triage"
  depends="$(cd "$work" && dpkg-shlibdeps -O "$bin_path" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
  rm -rf "$work"
fi
if [ -z "$depends" ]; then
  echo "build-deb.sh: dpkg-shlibdeps unavailable; depending on libc6 without a version" >&2
  depends="libc6"
fi

maintainer="${DEBFULLNAME:-oauth-triage maintainers} <${DEBEMAIL:-oauth-triage@localhost}>"
description="$(sed -n 's/^description = "\(.*\)"$/\1/p' Cargo.toml | head -1)"
installed_size="$(du -sk "$stage/usr" | cut -f1)"
mkdir -p "$stage/DEBIAN"
cat >"$stage/DEBIAN/control" <<CONTROL
Package: oauth-triage
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Section: utils
Priority: optional
Description: $description
 oauth-triage walks a support or field engineer from an OAuth error text to
 its cause and fix for the OAuth integrations of Posit Connect: numbered
 steps, the values to paste, and offline checks of redirect URIs, tokens and
 scopes. The knowledge is compiled in; nothing is sent over the network.
CONTROL

deb="$target_dir/debian/$name.deb"
dpkg-deb --root-owner-group --build "$stage" "$deb" >/dev/null
echo "$deb"
