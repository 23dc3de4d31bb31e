#!/usr/bin/env python3
"""Runs a command several times and prints the median wall time, CPU time and peak memory.

    bench/measure.py --runs 3 --label "build 1k" --before "rm -rf /tmp/out" -- rentai build ...

CPU time and peak memory (maximum resident set) come from the kernel's accounting of the child
(os.wait4), so nothing else has to be installed. Medians, because this machine is noisy.
"""
import argparse
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--label", default="")
    parser.add_argument("--before", default="", help="shell command run before each run, untimed")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    results = [run_once(command, args.before) for _ in range(args.runs)]
    wall = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[1] for r in results)
    peak = max(r[2] for r in results)
    print(f"{args.label:<34} wall {wall:7.2f} s   cpu {cpu:7.2f} s   peak {peak:7.0f} MiB   "
          f"(median of {args.runs}; walls {', '.join(f'{r[0]:.2f}' for r in results)})")


if __name__ == "__main__":
    main()
