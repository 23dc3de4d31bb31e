#!/usr/bin/env python3
"""Rentai's output part by part: the files and bytes of each kind, and the "phone download".

    bench/parts.py SITE/public                 one output: a table, its total, its phone download
    bench/parts.py SHORT/public LONG/public    two outputs side by side, with the ratio of bytes
                                               (bench/run: 5 and 10 years of history)

Files are told apart by their name and top folder only, never by an id, so that a private-mode
output (p/<token>/, l/<token>/, n/<token>/, SPEC §11) reads the same as the readable layout of
SPEC §6. Bytes are the files' own sizes (no directory entries, no disk blocks).

The phone download is what a member's phone fetches on a first visit to the biggest portal:
the largest portal first page plus assets/style.css and assets/rentai.js, each compressed as a
server would send it (gzip level 6, here zlib's, as `gzip -6` does; SPEC §6 asks under 200 kB).
"""
import gzip
import os
import sys

PARTS = [
    "portals' first pages",   # p/**/index.html, not under all/
    "all/ pages",             # p/**/all/**
    "feeds",                  # feed.xml
    "calendars",              # calendar.ics
    "manifests",              # manifest.webmanifest
    "other portal files",     # anything else under p/ (search.json in the old layout)
    "layer pages",            # l/**/*.html
    "layer indexes",          # l/**/index.json
    "other layer files",
    "notice pages",           # n/**/index.html
    "attachments",            # every other file under n/
    "assets + root files",    # assets/**, index.html, robots.txt, sw.js, …
]
PHONE_ASSETS = ["assets/style.css", "assets/rentai.js"]


def part_of(rel):
    """The part a file belongs to, from its path relative to public/ ('/'-separated)."""
    folders, name = rel.split("/")[:-1], rel.split("/")[-1]
    top = folders[0] if folders else ""
    if top == "p":
        if "all" in folders[1:]:   # `all` is reserved (SPEC §13): no id or token is named so
            return "all/ pages"
        return {"index.html": "portals' first pages", "feed.xml": "feeds", "calendar.ics": "calendars",
                "manifest.webmanifest": "manifests"}.get(name, "other portal files")
    if top == "l":
        if name == "index.json":
            return "layer indexes"
        return "layer pages" if name.endswith(".html") else "other layer files"
    if top == "n":
        return "notice pages" if name == "index.html" else "attachments"
    return "assets + root files"


def survey(root):
    """{part: [files, bytes]}, and the largest portal first page as (bytes, path)."""
    parts = {p: [0, 0] for p in PARTS}
    largest = (0, None)
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            size = os.path.getsize(path)
            part = part_of(rel)
            parts[part][0] += 1
            parts[part][1] += size
            if part == "portals' first pages" and size > largest[0]:
                largest = (size, rel)
    return parts, largest


def phone(root, largest):
    """One line: the gzip -6 bytes of the largest portal page and the two assets, and their sum."""
    pieces = ([largest[1]] if largest[1] else []) + PHONE_ASSETS
    total, shown = 0, []
    for rel in pieces:
        path = os.path.join(root, rel)
        if not os.path.exists(path):
            shown.append(f"{rel} missing")
            continue
        with open(path, "rb") as f:
            size = len(gzip.compress(f.read(), compresslevel=6, mtime=0))
        total += size
        shown.append(f"{rel} {size:,}")
    return (f"phone download: {total:,} bytes gzip -6 ({total / 1000:.1f} kB; target < 200 kB) = "
            + " + ".join(shown))


def mb(n):
    return f"{n / 1e6:10.1f} MB"


def main():
    roots = sys.argv[1:]
    if len(roots) not in (1, 2) or not all(os.path.isdir(r) for r in roots):
        sys.exit("usage: bench/parts.py PUBLIC [PUBLIC2]   (folders of built output)")
    surveys = [survey(r) for r in roots]
    totals = [[sum(v[0] for v in s.values()), sum(v[1] for v in s.values())] for s, _ in surveys]
    if len(roots) == 1:
        (parts, _), (files, size) = surveys[0], totals[0]
        print(f"  {'part':<22} {'files':>8} {'bytes':>16} {'':>13}  share")
        for p in PARTS:
            n, b = parts[p]
            if n or not p.startswith("other"):   # the catch-alls only when something fell in them
                print(f"  {p:<22} {n:8,} {b:16,} {mb(b)}  {100 * b / max(size, 1):5.1f} %")
        print(f"  {'total':<22} {files:8,} {size:16,} {mb(size)}")
    else:
        print(f"  {'part':<22} {'files':>8} {'bytes':>14}   {'files':>8} {'bytes':>14}   bytes ×")
        for p in PARTS:
            (n1, b1), (n2, b2) = surveys[0][0][p], surveys[1][0][p]
            if n1 or n2 or not p.startswith("other"):
                ratio = f"{b2 / b1:6.2f}" if b1 else "     -"
                print(f"  {p:<22} {n1:8,} {b1:14,}   {n2:8,} {b2:14,}   {ratio}")
        (f1, s1), (f2, s2) = totals
        print(f"  {'total':<22} {f1:8,} {s1:14,}   {f2:8,} {s2:14,}   {s2 / max(s1, 1):6.2f}")
        print(f"  the second output has {100 * (s2 / max(s1, 1) - 1):+.1f} % bytes and "
              f"{100 * (f2 / max(f1, 1) - 1):+.1f} % files (target: twice the history adds under 20 % bytes)")
    for root, (_, largest) in zip(roots, surveys):
        print(f"  {phone(root, largest)}" + (f"   [{root}]" if len(roots) == 2 else ""))


if __name__ == "__main__":
    main()
