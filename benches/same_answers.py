#!/usr/bin/env python3
"""Diffs `diagnose --json` of two binaries over every labelled paste in tests/data/*.jsonl: a
speed-up must not change a single answer. Exit 1 on any difference.
Usage: same_answers.py BEFORE_BINARY AFTER_BINARY"""

import glob
import json
import os
import subprocess
import sys


def answer(binary, text):
    run = subprocess.run([binary, "diagnose", "--json"], input=text.encode(),
                         capture_output=True, check=False)
    return run.returncode, run.stdout


def main():
    before, after = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cases = differ = 0
    for path in sorted(glob.glob(os.path.join(root, "tests/data/*.jsonl"))):
        with open(path) as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                text = json.loads(line)["text"]
                cases += 1
                if answer(before, text) != answer(after, text):
                    differ += 1
                    print(f"{os.path.basename(path)}:{number}: answers differ")
    print(f"{cases} labelled pastes, {differ} with a different answer")
    sys.exit(1 if differ or not cases else 0)


if __name__ == "__main__":
    main()
