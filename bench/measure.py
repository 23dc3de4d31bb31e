#!/usr/bin/env python3
"""Runs a command several times and prints the median wall time, CPU time and peak memory.

    bench/measure.py --runs 3 --label "build 1k" --before "rm -rf /tmp/out" -- rentai build ...
    bench/measure.py ... --json /tmp/rentai.json -- rentai build ...     also keep the result
    bench/measure.py --compare /tmp/rentai.json /tmp/hugo.json --label "Rentai/Hugo"
                                                                          ratios of two results

CPU time and peak memory (maximum resident set) come from the kernel's accounting of the child
(os.wait4), so nothing else has to be installed. Medians, because this machine is noisy.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(command, before):
    if before:
        subprocess.run(before, shell=True, check=True)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{command[0]} failed:\n{stderr}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def compare(label, paths):
    """One line: the ratios of the first result's median wall, CPU and peak memory to the second's."""
    a, b = (json.load(open(p)) for p in paths)
    ratio = {k: a[k] / b[k] if b[k] else float("inf") for k in ("wall", "cpu", "peak")}
    print(f"{label:<34} wall {ratio['wall']:7.2f} x   cpu {ratio['cpu']:7.2f} x   peak {ratio['peak']:7.2f} x     "
          f"({a['label']} / {b['label']})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--label", default="")
    parser.add_argument("--before", default="", help="shell command run before each run, untimed")
    parser.add_argument("--json", metavar="FILE", help="also write the medians to FILE, for --compare")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"),
                        help="run nothing; print the ratios A/B of two --json results")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.compare:
        return compare(args.label, args.compare)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command to measure")
    results = [run_once(command, args.before) for _ in range(args.runs)]
    wall = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[1] for r in results)
    peak = max(r[2] for r in results)
    print(f"{args.label:<34} wall {wall:7.2f} s   cpu {cpu:7.2f} s   peak {peak:7.0f} MiB   "
          f"(median of {args.runs}; walls {', '.join(f'{r[0]:.2f}' for r in results)})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"label": args.label, "runs": args.runs, "wall": wall, "cpu": cpu, "peak": peak,
                       "walls": [r[0] for r in results]}, f)


if __name__ == "__main__":
    main()
