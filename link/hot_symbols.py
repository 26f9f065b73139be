#!/usr/bin/env python3
"""Writes link/hot-symbols.txt: the functions of the release binary that a typical `diagnose`
(and `--version`, the process floor it is measured against) executes, for the linker to place
side by side (build.rs passes the list to lld as `--symbol-ordering-file`).

Why: the kernel maps a binary's code in 64 KB blocks around each page that is touched, so a
run that executes 0.9 MB of code spread across 4 MB of `.text` made 3 MB of it resident; laid
out together the same code needs about one megabyte (README "Benchmarks" has the figures).

The names carry crate hashes that change with the toolchain, the crate's version and its
dependencies' versions; a stale list only costs memory (lld is told not to warn about names it
cannot find). Re-run after such a change:

    python3 link/hot_symbols.py          # needs valgrind; builds the release binary first
"""
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "oauth-triage"
OUT = ROOT / "link" / "hot-symbols.txt"
PASTE = (
    "AADSTS50011: The redirect URI 'https://connect.example.com/__oauth__/integrations/callback'"
    " specified in the request does not match the redirect URIs configured for the application."
)
# (arguments, stdin): the commands whose code should sit together.
RUNS = [
    (["--version"], ""),
    (["diagnose", "--json"], PASTE),
    (["diagnose", PASTE], ""),
    (["diagnose", "--json"], "invalid_grant: token expired\n"),
    (["show", "azure/redirect-uri-mismatch"], ""),
]


def executed_functions(profile: pathlib.Path) -> list[str]:
    """Mangled names of the functions of our binary that callgrind saw run, in first-seen order."""
    names, objects, seen = {}, {}, {}
    current = None
    for line in profile.read_text().splitlines():
        m = re.match(r"^(c?ob)=\((\d+)\)(?: (.*))?$", line)
        if m:
            if m.group(3):
                objects[m.group(2)] = m.group(3)
            if m.group(1) == "ob":
                current = objects.get(m.group(2))
            continue
        m = re.match(r"^(c?fn)=\((\d+)\)(?: (.*))?$", line)
        if m:
            if m.group(3):
                names[m.group(2)] = m.group(3)
            if m.group(1) == "fn" and current == str(BIN):
                name = re.sub(r"'\d+$", "", names.get(m.group(2), ""))
                if name and not name.startswith("0x") and " " not in name:
                    seen.setdefault(name, None)
    return list(seen)


def main() -> int:
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    ordered: dict[str, None] = {}
    with tempfile.TemporaryDirectory() as work:
        for i, (args, stdin) in enumerate(RUNS):
            profile = pathlib.Path(work) / f"callgrind.{i}"
            run = subprocess.run(
                ["valgrind", "--tool=callgrind", "--demangle=no",
                 f"--callgrind-out-file={profile}", str(BIN), *args],
                input=stdin, text=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                check=False,
            )
            # 1 is `diagnose` finding nothing, which is a run like any other.
            if run.returncode not in (0, 1):
                sys.exit(f"{' '.join(args)}: exit {run.returncode} under valgrind")
            for name in executed_functions(profile):
                ordered.setdefault(name, None)
    if not ordered:
        print("no functions found: did valgrind run the binary?", file=sys.stderr)
        return 1
    # Sorted: where a function sits inside the hot block does not matter (it is all resident),
    # and callgrind's order changes from run to run, which made every rewrite a full diff.
    OUT.write_text("".join(f"{name}\n" for name in sorted(ordered)))
    print(f"{OUT.relative_to(ROOT)}: {len(ordered)} functions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
