#!/usr/bin/env python3
"""Whole-process cost of `oauth-triage diagnose`, measured honestly: CPU time (user + system, from
the kernel's per-child accounting via wait4) and peak RSS, with every command of a comparison run
alternately in one loop so that load from other users of the machine falls on all of them alike.

Called by benches/process.sh, which builds the release binary first. Prints markdown tables.
Usage: process.py BINARY [--baseline OLD_BINARY] [--runs N] [--scale-runs N] [--json OUT]
With --baseline, the old binary's rows run in the same alternating loop ("before" vs "after").
"""

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

# A typical paste: one error line as a support ticket quotes it (120 bytes).
PASTE = ("AADSTS50011: The redirect URI 'https://connect.example.com/__oauth__/integrations/callback'"
         " specified in the request does n")[:120]


def run_once(argv, stdin_path):
    """Runs argv with stdin from stdin_path, output discarded; returns CPU seconds (user + system)."""
    with open(stdin_path, "rb") as stdin, open(os.devnull, "wb") as devnull:
        pid = os.posix_spawn(argv[0], argv, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, stdin.fileno(), 0),
                                           (os.POSIX_SPAWN_DUP2, devnull.fileno(), 1),
                                           (os.POSIX_SPAWN_DUP2, devnull.fileno(), 2)])
        _, status, usage = os.wait4(pid, 0)
    check(argv, os.waitstatus_to_exitcode(status))
    return usage.ru_utime + usage.ru_stime


def refuses(argv, stdin_path):
    """The first line of what `argv` says when it exits 2 (bad input), or None."""
    with open(stdin_path, "rb") as stdin:
        done = subprocess.run(argv, stdin=stdin, capture_output=True, text=True)
    if done.returncode != 2:
        return None
    lines = (done.stderr.strip().splitlines() or ["exit 2"])
    return lines[-1][:120].replace("|", "/")


def check(argv, code):
    # grep and fzf exit 1 when nothing matched. Anything else means the benchmark is broken.
    if code not in (0, 1):
        sys.exit(f"{' '.join(argv)[:200]} exited with {code}")


def peak_rss_kib(argv, stdin_path):
    """Peak RSS of one run, from GNU time. (wait4's ru_maxrss would include this Python process's
    own high-water mark, which a child spawned from it inherits across exec.)"""
    with tempfile.NamedTemporaryFile("r") as out, open(stdin_path, "rb") as stdin:
        code = subprocess.call(["/usr/bin/time", "-f", "%M", "-o", out.name] + argv,
                               stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        check(argv, code)
        return int(out.read().split()[-1])


def measure(commands, runs, warmup=3, rss_runs=3):
    """commands: {label: (argv, stdin)}. Alternates them `runs` times; returns per-label stats."""
    samples = {label: [] for label in commands}
    # A fixed order put each command after the same neighbour every round (a diagnose right after
    # a grep over every error text ran on caches that grep had filled), which showed as a steady
    # few per cent; each round has its own order (seeded, so a run can be repeated).
    shuffle = random.Random(11)
    for i in range(warmup + runs):
        order = list(commands.items())
        shuffle.shuffle(order)
        for label, (argv, stdin) in order:
            cpu = run_once(argv, stdin)
            if i >= warmup:
                samples[label].append(cpu)
    out = {}
    for label, cpu in samples.items():
        argv, stdin = commands[label]
        out[label] = {
            "cpu_median_ms": statistics.median(cpu) * 1e3,
            "cpu_mean_ms": statistics.fmean(cpu) * 1e3,
            "cpu_min_ms": min(cpu) * 1e3,
            "rss_max_kib": max(peak_rss_kib(argv, stdin) for _ in range(rss_runs)),
            "runs": len(cpu),
        }
    return out


def error_texts(binary, path):
    """Every exact error text of the built-in knowledge, one per line, as `show --json` gives them."""
    fixes = json.loads(subprocess.check_output([binary, "list", "--json"]))["fixes"]
    texts = []
    for fix in fixes:
        shown = json.loads(subprocess.check_output([binary, "show", fix["id"], "--json"]))
        texts.extend(shown.get("errors", []))
    texts = [" ".join(t.split()) for t in texts if t.strip()]
    with open(path, "w") as f:
        f.write("\n".join(texts) + "\n")
    return len(fixes), len(texts)


def traceback(size):
    """A Python traceback of about `size` bytes ending in an Entra error."""
    rng = random.Random(11)
    frames = []
    while sum(map(len, frames)) < size - 400:
        module = rng.choice(["requests/sessions.py", "msal/application.py", "urllib3/connectionpool.py",
                             "app/data/loader.py", "shiny/session/_session.py"])
        frames.append(f'  File "/opt/python/3.11/lib/python3.11/site-packages/{module}", line '
                      f'{rng.randint(10, 2000)}, in {rng.choice(["send", "request", "acquire_token", "load", "_run"])}\n'
                      f'    response = self._call(request, timeout={rng.randint(1, 60)}, verify=True)\n')
    return ("Traceback (most recent call last):\n" + "".join(frames) +
            "msal.exceptions.ClientAuthenticationError: AADSTS7000222: The provided client secret keys "
            "for app '8f3c2a1e-1111-2222-3333-444455556666' are expired.\n")


def log(size):
    """About `size` bytes of a Connect server log with one OAuth failure in the middle."""
    rng = random.Random(5)
    lines = []
    total = 0
    failure_at = size // 2
    placed = False
    while total < size:
        if not placed and total >= failure_at:
            line = ("2026/12/01 09:41:07.123 [rsc-session] ERROR oauth: token exchange failed: "
                    "invalid_client: AADSTS7000215: Invalid client secret provided.\n")
            placed = True
        else:
            line = (f"2026/12/01 09:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d} "
                    f"[{rng.choice(['rsc-session', 'connect', 'scheduler', 'api'])}] "
                    f"{rng.choice(['INFO', 'DEBUG', 'INFO', 'WARN'])} "
                    f"{rng.choice(['GET', 'POST'])} /__api__/v1/content/{rng.getrandbits(64):016x} "
                    f"status={rng.choice([200, 200, 204, 304])} duration={rng.randint(1, 900)}ms "
                    f"request_id={rng.getrandbits(96):024x}\n")
        lines.append(line)
        total += len(line)
    return "".join(lines)


def provider_ids(flow_dir):
    ids = []
    for name in sorted(os.listdir(flow_dir)):
        if name.endswith(".toml"):
            with open(os.path.join(flow_dir, name)) as f:
                for line in f:
                    if line.startswith('id = "'):
                        ids.append(line[len('id = "'):].rstrip().rstrip('"'))
                        break
    return ids


def drop_single_owner_parts(text):
    """A copy's `[fingerprints]` codes line and its `[field]` tables: a code prefix, and the names
    `--provider` accepts, belong to one provider."""
    out, table = [], None
    for line in text.splitlines(keepends=True):
        if line.startswith("["):
            table = line.strip()
        if table == "[fingerprints]" and line.startswith("codes ="):
            continue
        if table and table.startswith(("[field]", "[[field.")):
            continue
        out.append(line)
    return "".join(out)


def synthetic_flows(flow_dir, out_dir, copies):
    """`copies` renamed copies of every shipped provider (`azure` → `azure-7`), references
    included: the same rewrite as benches/tui.rs uses. A code prefix belongs to one provider, so
    the copies drop the `codes` line of their `[fingerprints]` table (and their `[field]` tables,
    whose names belong to one provider too); and a code belongs to one
    fix, so numbered codes get a per-copy prefix (`AADSTS50011` → `AADSTS900750011`)."""
    os.makedirs(out_dir, exist_ok=True)
    ids = provider_ids(flow_dir)
    names = sorted(n for n in os.listdir(flow_dir) if n.endswith(".toml"))
    texts = {n: open(os.path.join(flow_dir, n)).read() for n in names}
    for k in range(copies):
        for name in names:
            text = texts[name]
            for pid in ids:
                text = (text.replace(f'id = "{pid}"', f'id = "{pid}-{k}"')
                        .replace(f":{pid}/", f":{pid}-{k}/")
                        .replace(f'"{pid}/', f'"{pid}-{k}/'))
            text = drop_single_owner_parts(text)
            text = re.sub(r"\b(AADSTS|connect:)(\d+)", lambda m: f"{m[1]}9{k:03d}{m[2]}", text)
            with open(os.path.join(out_dir, f"{name[:-5]}-{k}.toml"), "w") as f:
                f.write(text)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def ratio(a, b):
    return f"{a / b:.2f}×"


def hot_list_found(binary):
    """How many names of link/hot-symbols.txt the binary has: a stale list (after a dependency
    or toolchain change) lays out less of the hot code together, and peak RSS grows."""
    listed = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "link", "hot-symbols.txt")
    if not os.path.exists(listed) or not shutil.which("nm"):
        return None
    names = {l.strip() for l in open(listed) if l.strip()}
    nm = subprocess.run(["nm", binary], capture_output=True, text=True).stdout
    present = {line.split()[-1] for line in nm.splitlines() if line.strip()}
    return len(names & present), len(names)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--scale-runs", type=int, default=7)
    ap.add_argument("--json")
    ap.add_argument("--baseline", help="an older build to compare with, in the same loop")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    fzf, grep = shutil.which("fzf"), shutil.which("grep")
    if not fzf:
        sys.exit("fzf not found (apt-get install -y fzf)")

    work = tempfile.mkdtemp(prefix="oauth-triage-bench-")
    try:
        texts = os.path.join(work, "errors.txt")
        n_fixes, n_texts = error_texts(binary, texts)
        inputs = {"paste": PASTE, "traceback": traceback(10 * 1024), "log": log(1024 * 1024)}
        paths = {}
        for name, text in inputs.items():
            paths[name] = os.path.join(work, name + ".txt")
            with open(paths[name], "w") as f:
                f.write(text)
        empty = os.devnull
        print(f"Knowledge: {n_fixes} fixes, {n_texts} exact error texts ({os.path.getsize(texts)} bytes).")
        print(f"Inputs: paste {len(PASTE.encode())} B, traceback {os.path.getsize(paths['traceback'])} B, "
              f"log {os.path.getsize(paths['log'])} B. CPU = user + system, median of {args.runs} "
              "alternating runs.\n")

        commands = {"--version (floor)": ([binary, "--version"], empty)}
        for name in inputs:
            commands[f"diagnose --json < {name}"] = ([binary, "diagnose", "--json"], paths[name])
            # grep -F with every error text as a pattern, over the input: "does this text contain a
            # known error?", the closest a standard tool gets to diagnose.
            commands[f"grep -F -i -f errors < {name}"] = ([grep, "-F", "-i", "-c", "-f", texts], paths[name])
        # fzf ranks the error texts against the paste (it cannot take a 1 MB query).
        commands["fzf --filter PASTE < errors"] = ([fzf, "--filter", PASTE], texts)
        baseline = os.path.abspath(args.baseline) if args.baseline else None
        if baseline:
            commands["before: --version"] = ([baseline, "--version"], empty)
            for name in inputs:
                commands[f"before: diagnose --json < {name}"] = ([baseline, "diagnose", "--json"], paths[name])
        load = os.getloadavg()[0]
        results = measure(commands, args.runs)
        floor = results["--version (floor)"]["cpu_median_ms"]
        print(f"Machine: {os.cpu_count()} CPUs, {cpu_model()}, load average {load:.1f} at the start.")
        found = hot_list_found(args.binary)
        if found:
            print(f"Hot-code list (link/hot-symbols.txt): {found[0]} of {found[1]} names in the binary.")
        print()
        fzf_cpu = results["fzf --filter PASTE < errors"]["cpu_median_ms"]
        print("| command | CPU median (ms) | ÷ --version | ÷ fzf over error texts | peak RSS (MiB) |")
        print("|---|---:|---:|---:|---:|")
        for label, r in results.items():
            print(f"| `{label}` | {r['cpu_median_ms']:.2f} | {ratio(r['cpu_median_ms'], floor)} | "
                  f"{ratio(r['cpu_median_ms'], fzf_cpu)} | {r['rss_max_kib'] / 1024:.1f} |")

        # Scaling: N× = the shipped flows plus N-1 renamed copies given with --flows.
        if args.scale_runs < 1:  # `--scale-runs 0`: the comparison table only
            if args.json:
                with open(args.json, "w") as f:
                    json.dump({"commands": results}, f, indent=2)
            return
        print(f"\nScaling (median of {args.scale_runs} runs, `diagnose --json < paste`; N× = the "
              "shipped flows plus N-1 renamed copies given with `--flows DIR`):\n")
        print("| knowledge | flow files | binary | CPU median (ms) | ÷ 1× | ÷ --version | peak RSS (MiB) |")
        print("|---|---:|---|---:|---:|---:|---:|")
        flow_dir = os.path.join(root, "flows")
        builds = {"after": binary, "before": baseline} if baseline else {"this": binary}
        scale = {}
        base = {}
        for n in (1, 10, 50, 100):
            d = os.path.join(work, f"flows-{n}")
            synthetic_flows(flow_dir, d, n - 1)
            extra = ["--flows", d] if n > 1 else []
            # An older build may refuse the renamed copies (before 967f775, codes of more than
            # ten digits were refused): its row says so, and it leaves the scaling run.
            for b, path in list(builds.items()):
                refusal = refuses([path] + extra + ["diagnose", "--json"], paths["paste"])
                if refusal:
                    print(f"| {n}× | — | {b} | refuses the flows: {refusal} | | | |")
                    del builds[b]
            row = measure({b: ([path] + extra + ["diagnose", "--json"], paths["paste"])
                           for b, path in builds.items()}, args.scale_runs, warmup=1)
            files = len(os.listdir(d)) + len(provider_ids(flow_dir))
            for b, r in row.items():
                scale[f"{n}x {b}"] = r
                base.setdefault(b, r["cpu_median_ms"])
                print(f"| {n}× | {files} | {b} | {r['cpu_median_ms']:.1f} | "
                      f"{ratio(r['cpu_median_ms'], base[b])} | {ratio(r['cpu_median_ms'], floor)} | "
                      f"{r['rss_max_kib'] / 1024:.1f} |")
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"commands": results, "scaling": scale}, f, indent=2)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
