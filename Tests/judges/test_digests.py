"""Real-client judge for email digests (SPEC §10, §14): runs the `rentai` binary itself on a copy
of the sample site and reads what it writes with Python's own `email` package (strict policy).

Environment:
  RENTAI_BINARY          the rentai executable (default: <repository>/.build/debug/rentai)
  RENTAI_SITE            the sample site to copy (content/, templates/, members.csv); default the
                         repository root
  RENTAI_REQUIRE_JUDGES  set (non-empty) to fail instead of skip when the binary has no `digest`

Who must get what is computed independently with test_site.py's model of the site (reach rules,
active/archived, date-only deadlines due at the end of their day):
  a profile's digest = notices reaching it, active at --now, published in (since, now]
                     + active notices reaching it whose deadline or event start falls in
                       (now, now + digest.reminder_window_days]
A date-only event start may be read as 00:00 or as the whole day; both readings are accepted.

Runs:
  (a) digest --since S --now N --out OUT              per-profile OUT/<council>/<union>/<role>.txt
  (b) … --subscribers members.csv                     OUT/000001.eml … in CSV order
  (c) … --subscribers <members.csv with bad rows>     exit 1, members.csv:LINE: error: …, nothing written
  (d) … --subscribers <BOM, CRLF, an extra column>    the same messages as (b)
"""

from __future__ import annotations

import csv
import email.policy
import functools
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_site as ts  # noqa: E402  (the shared model of the site)
from test_site import fail_with, fmt_set, load_yaml  # noqa: E402

REPO = Path(__file__).resolve().parents[2]

# the sample site's week: the winter seminar, the earthquake notice, the 2027 shunto policy …
WINDOWS = [
    ("week", "2026-11-19 12:00", "2026-11-26 12:00"),
    # a shorter look-back: some profiles (e.g. tottori/sanin-bus) then have nothing to say
    ("five-days", "2026-11-21 12:00", "2026-11-26 12:00"),
]
SINCE, NOW = WINDOWS[0][1], WINDOWS[0][2]

MAX_COLUMNS = 72
MAX_LINE_OCTETS = 78
NO_LINE_START = set("、。，．・：；？！）」』】〕〉》］｝") | set(
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯ")
URL_LINE = re.compile(r"^\s*(?:\[\d+\]\s+)?(?:https?://|webcal://|mailto:)\S+\s*$")
REF_LINE = re.compile(r"^\s*\[(\d+)\]\s+(\S+)\s*$")
ANY_URL = re.compile(r"https?://[^\s<>\"'）」』】]+")
EML_NAME = re.compile(r"^\d{6,}\.eml$")


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


# --------------------------------------------------------------------------------------------
# the binary


def rentai_binary() -> Path:
    return Path(_env("RENTAI_BINARY") or REPO / ".build" / "debug" / "rentai")


@functools.lru_cache(maxsize=1)
def _digest_missing() -> str | None:
    """None when the binary has a digest command, else why not."""
    b = rentai_binary()
    if not b.is_file() or not os.access(b, os.X_OK):
        return f"no rentai binary at {b} (set RENTAI_BINARY or run swift build)"
    try:
        p = subprocess.run([str(b), "digest", "--help"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"{b} digest --help: {e}"
    text = (p.stdout + p.stderr).decode("utf-8", "replace")
    # an argument parser without the subcommand may still print the general help and exit 0
    if p.returncode != 0 or "--since" not in text:
        return f"{b} has no digest command yet (`rentai digest --help` exited {p.returncode})"
    return None


def require_digest() -> None:
    why = _digest_missing()
    if why:
        if _env("RENTAI_REQUIRE_JUDGES"):
            pytest.fail(why + " (RENTAI_REQUIRE_JUDGES is set)", pytrace=False)
        pytest.skip(why)


@dataclass
class Run:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    def describe(self) -> str:
        return (f"rentai {' '.join(self.args)}\n  exit {self.returncode}\n  stderr: "
                + (self.stderr.strip()[-3000:] or "(empty)") + "\n  stdout: " + (self.stdout.strip()[-1500:] or "(empty)"))


def child_env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("RENTAI_SECRET", "RENTAI_SECRET_FILE")}
    env.setdefault("LC_ALL", "C.UTF-8")
    if extra:
        env.update(extra)
    return env


def run_rentai(args: list[str], cwd: Path, timeout: float = 300, env: dict | None = None) -> Run:
    """Runs the binary in its own process group; on timeout the whole group (sendmail children
    included) is killed and the test fails."""
    proc = subprocess.Popen([str(rentai_binary())] + args, cwd=str(cwd), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env or child_env(),
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate(timeout=30)
        pytest.fail(f"rentai {' '.join(args)} did not finish within {timeout} s\n"
                    f"stderr: {err.decode('utf-8', 'replace')[-3000:]}", pytrace=False)
    return Run(args, proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


# --------------------------------------------------------------------------------------------
# a copy of the sample site

DEFAULT_DIGEST = """
digest:
  from: "情報労連 <noreply@example.org>"
  reply_to: office@example.org
  unsubscribe: "mailto:office@example.org?subject=unsubscribe"
  reminder_window_days: 7
  sendmail: "/usr/sbin/sendmail -t -oi"
"""


def sample_site() -> Path:
    return ts.SITE


def copy_site(dest: Path, *, members: bool = True) -> Path:
    """content/, templates/ and members.csv of the sample site, with a digest: section in
    site.yaml (added if the sample lacks one)."""
    src = sample_site()
    if not (src / "content" / "site.yaml").is_file():
        pytest.fail(f"no sample site at {src} (set RENTAI_SITE)", pytrace=False)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src / "content", dest / "content")
    if (src / "templates").is_dir():
        shutil.copytree(src / "templates", dest / "templates")
    if members:
        if not (src / "members.csv").is_file():
            pytest.fail(f"no {src / 'members.csv'}: the sample subscribers list is part of the sample site",
                        pytrace=False)
        shutil.copy2(src / "members.csv", dest / "members.csv")
    site_yaml = dest / "content" / "site.yaml"
    cfg = load_yaml(site_yaml.read_text(encoding="utf-8"), "site.yaml") or {}
    if not isinstance(cfg.get("digest"), dict):
        text = site_yaml.read_text(encoding="utf-8")
        site_yaml.write_text(text.rstrip("\n") + "\n" + DEFAULT_DIGEST, encoding="utf-8")
    return dest


def set_sendmail(site_dir: Path, command: str) -> None:
    """Sets digest.sendmail in the copy's site.yaml (a text edit: comments and layout stay)."""
    path = site_dir / "content" / "site.yaml"
    text = path.read_text(encoding="utf-8")
    value = json.dumps(command, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    cfg = load_yaml(text, "site.yaml") or {}
    dig = cfg.get("digest")
    lines = text.split("\n")
    start = next((i for i, l in enumerate(lines) if re.match(r"^digest\s*:", l)), None)
    if not isinstance(dig, dict) or start is None:
        text = text.rstrip("\n") + "\n" + DEFAULT_DIGEST
        lines = text.split("\n")
        start = next(i for i, l in enumerate(lines) if re.match(r"^digest\s*:", l))
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or lines[end].strip() == ""):
        end += 1
    block = lines[start + 1:end]
    indent = next((re.match(r"^(\s+)", l).group(1) for l in block if l.strip()), "  ")
    for i in range(start + 1, end):
        if re.match(r"^\s+sendmail\s*:", lines[i]):
            lines[i] = f"{indent}sendmail: {value}"
            break
    else:
        lines.insert(start + 1, f"{indent}sendmail: {value}")
    path.write_text("\n".join(lines), encoding="utf-8")
    check = load_yaml(path.read_text(encoding="utf-8"), "site.yaml")
    assert check["digest"]["sendmail"] == command, f"could not set digest.sendmail in {path}"


@dataclass
class DigestSettings:
    title: str
    language: str
    window_days: int
    from_: str
    reply_to: str | None
    unsubscribe: str | None
    base_url: str


def digest_settings(site_dir: Path) -> DigestSettings:
    cfg = load_yaml((site_dir / "content" / "site.yaml").read_text(encoding="utf-8"), "site.yaml") or {}
    d = cfg.get("digest") or {}
    base = str(cfg["base_url"]).strip()
    return DigestSettings(
        title=str(cfg.get("title", "")),
        language=str(cfg.get("language") or "ja").strip(),
        window_days=int(str(d.get("reminder_window_days") or "14").strip()),
        from_=str(d.get("from", "")),
        reply_to=(str(d["reply_to"]) if d.get("reply_to") not in (None, "") else None),
        unsubscribe=(str(d["unsubscribe"]) if d.get("unsubscribe") not in (None, "") else None),
        base_url=base if base.endswith("/") else base + "/",
    )


def load_model(site_dir: Path, now: str) -> "ts.Site":
    """test_site.py's Site, read from the copy, at `now`, readable URLs, no drafts."""
    saved = (ts.CONTENT, ts.PUBLIC)
    keys = ("RENTAI_NOW", "RENTAI_DRAFTS", "RENTAI_SECRET", "RENTAI_SECRET_FILE")
    saved_env = {k: os.environ.get(k) for k in keys}
    try:
        ts.CONTENT, ts.PUBLIC = site_dir / "content", site_dir
        for k in keys:
            os.environ.pop(k, None)
        os.environ["RENTAI_NOW"] = now
        return ts.Site()
    finally:
        ts.CONTENT, ts.PUBLIC = saved
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# --------------------------------------------------------------------------------------------
# what each profile's digest must hold


@dataclass
class Expected:
    must: set = field(default_factory=set)  # slugs that must be in the digest
    may: set = field(default_factory=set)   # slugs that may be (must ⊆ may)
    new: set = field(default_factory=set)   # slugs published in (since, now]


def expected_digests(model, since: str, window_days: int) -> dict[tuple, Expected]:
    import datetime as dt

    since_t = ts.parse_time(since, model.tz)[0]
    now = model.now
    hi = now + dt.timedelta(days=window_days)
    out = {}
    for prof in model.profiles:
        e = Expected()
        for n in model.reach(prof):
            if not n.active:
                continue
            if since_t < n.date <= now:
                e.new.add(n.slug)
                e.must.add(n.slug)
                e.may.add(n.slug)
            if n.deadline is not None and now < n.deadline <= hi:
                e.must.add(n.slug)
                e.may.add(n.slug)
            if n.event_lo is not None:
                lo_in = now < n.event_lo <= hi
                hi_in = now < n.event_hi <= hi
                if lo_in and hi_in:
                    e.must.add(n.slug)
                if lo_in or hi_in:
                    e.may.add(n.slug)
        out[prof] = e
    return out


# --------------------------------------------------------------------------------------------
# the text of a digest


def columns(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


COUNTERS = set("件日月年時分秒円%％人名回週歳号")


def check_text(text: str, where: str, model, exp: Expected) -> tuple[list[str], set[str]]:
    """Wrapping, kinsoku, numbered references, and which notices the text holds.
    Returns (problems, slugs of the notices it links)."""
    problems: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")
    refs: list[tuple[int, str]] = []
    for i, line in enumerate(lines, 1):
        w = columns(line)
        if w > MAX_COLUMNS and not URL_LINE.match(line):
            problems.append(f"{where}:{i}: {w} columns (> {MAX_COLUMNS}): {line!r}")
        s = line.lstrip(" \u3000\t")
        if s and s[0] in NO_LINE_START:
            problems.append(f"{where}:{i}: line starts with {s[0]!r} (kinsoku): {line!r}")
        # Issue 13 item 3: a number never parts from its counter or unit.
        if i > 1 and s and s[0] in COUNTERS and lines[i - 2].rstrip()[-1:].isdigit():
            problems.append(f"{where}:{i - 1}-{i}: a number split from its counter {s[0]!r}: "
                            f"{lines[i - 2]!r} / {line!r}")
        m = REF_LINE.match(line)
        if m:
            refs.append((int(m.group(1)), m.group(2)))
    nums = [n for n, _ in refs]
    if nums != list(range(1, len(nums) + 1)):
        problems.append(f"{where}: references numbered {nums}; expected [1] … [{len(nums)}], each once, in order")
    ref_urls = {u for _, u in refs}
    for i, line in enumerate(lines, 1):
        if REF_LINE.match(line):
            continue
        for m in re.finditer(r"\[(\d+)\]", line):
            if int(m.group(1)) not in nums:
                problems.append(f"{where}:{i}: cites [{m.group(1)}], which has no reference line")

    notice_prefix = model.base_url + "n/"
    slugs: set[str] = set()
    for m in ANY_URL.finditer(text):
        url = m.group(0).rstrip(".,;:")
        if not url.startswith(notice_prefix):
            continue
        seg = url[len(notice_prefix):].rstrip("/")
        slug = model.seg_to_slug.get(seg)
        if slug is None or slug not in {n.slug for n in model.published}:
            problems.append(f"{where}: links {url}, the page of no published notice")
            continue
        if url != model.notice_url(slug):
            problems.append(f"{where}: links {url}; the notice's page is {model.notice_url(slug)}")
        if url not in ref_urls:
            problems.append(f"{where}: {url} is not given as a numbered reference `[n] URL` on a line of its own")
        slugs.add(slug)
    if not exp.must <= slugs or not slugs <= exp.may:
        problems.append(f"{where}: links the notices {fmt_set(slugs)}; expected {fmt_set(exp.must)}"
                        + (f" (and may hold {fmt_set(exp.may - exp.must)})" if exp.may != exp.must else "")
                        + f" — missing {fmt_set(exp.must - slugs)}, extra {fmt_set(slugs - exp.may)}")
    flat = _squash(text)
    for slug in sorted(slugs):
        n = model.by_slug[slug]
        if _squash(n.title) not in flat:
            problems.append(f"{where}: the title of {slug} ({n.title!r}) is not in the text")
        if slug in exp.new:
            for key in ("summary", "from"):
                v = n.fm.get(key)
                if v not in (None, "") and _squash(str(v)) not in flat:
                    problems.append(f"{where}: the {key} of new notice {slug} ({str(v)!r}) is not in the text")
    return problems, slugs


# --------------------------------------------------------------------------------------------
# subscribers


@dataclass
class Member:
    line: int
    email: str
    name: str
    profile: tuple[str, str, str]


def read_members(path: Path) -> list[Member]:
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = []
    for i, row in enumerate(rows[1:], 2):
        if not row:
            continue
        out.append(Member(i, row[0].strip(), row[1].strip(), (row[2].strip(), row[3].strip(), row[4].strip())))
    return out


def parse_strict(raw: bytes):
    return BytesParser(policy=email.policy.strict).parsebytes(raw)


def message_problems(raw: bytes, where: str) -> list[str]:
    """Octet-level rules: ASCII headers, every line ≤ 78 octets."""
    problems = []
    m = re.search(rb"\r?\n\r?\n", raw)
    head = raw[:m.start()] if m else raw
    try:
        head.decode("ascii")
    except UnicodeDecodeError:
        problems.append(f"{where}: raw 8-bit bytes in the header (names and subjects must be RFC 2047 encoded)")
    for i, line in enumerate(raw.split(b"\n"), 1):
        line = line[:-1] if line.endswith(b"\r") else line
        if len(line) > MAX_LINE_OCTETS:
            problems.append(f"{where}:{i}: {len(line)} octets (> {MAX_LINE_OCTETS}): {line[:60]!r}…")
    return problems


def check_message(path: Path, member: Member, model, st: DigestSettings, exp: Expected,
                  message_ids: dict) -> list[str]:
    where = path.name
    raw = path.read_bytes()
    problems = message_problems(raw, where)
    try:
        msg = parse_strict(raw)
        headers = list(msg.items())  # parses every header
        body = msg.get_content()
    except Exception as e:
        return problems + [f"{where}: email (policy=strict) rejects it: {type(e).__name__}: {e}"]
    if msg.defects:
        problems.append(f"{where}: defects {msg.defects}")
    for k, v in headers:
        if getattr(v, "defects", None):
            problems.append(f"{where}: {k}: defects {list(v.defects)}")

    required = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding", "List-Unsubscribe"] + (["Reply-To"] if st.reply_to else [])
    for h in required:
        k = len(msg.get_all(h) or [])
        if k != 1:
            problems.append(f"{where}: {k} {h} header(s); expected exactly 1")
    if not st.reply_to and msg.get("Reply-To") is not None:
        problems.append(f"{where}: Reply-To {msg['Reply-To']!r} although digest.reply_to is not set")
    if problems and any("header(s)" in p for p in problems):
        return problems

    # From, To, Reply-To decoded back
    fname, faddr = parseaddr(st.from_)
    fr = msg["From"].addresses
    if len(fr) != 1 or fr[0].addr_spec != faddr or (fr[0].display_name or "") != fname:
        problems.append(f"{where}: From decodes to {[(a.display_name, a.addr_spec) for a in fr]}; "
                        f"expected [({fname!r}, {faddr!r})] from digest.from")
    to = msg["To"].addresses
    if len(to) != 1 or to[0].addr_spec != member.email or (to[0].display_name or "") != member.name:
        problems.append(f"{where}: To decodes to {[(a.display_name, a.addr_spec) for a in to]}; "
                        f"expected [({member.name!r}, {member.email!r})] (members.csv line {member.line})")
    if st.reply_to:
        rt = msg["Reply-To"].addresses
        if len(rt) != 1 or rt[0].addr_spec != parseaddr(st.reply_to)[1]:
            problems.append(f"{where}: Reply-To {str(msg['Reply-To'])!r}; expected {st.reply_to!r}")

    # Date = now; Message-ID unique; MIME
    try:
        d = msg["Date"].datetime
    except Exception:
        d = None
    if d is None or d.tzinfo is None or d != model.now.replace(microsecond=0):
        problems.append(f"{where}: Date {str(msg['Date'])!r}; expected --now {model.now.isoformat()}")
    mid = str(msg["Message-ID"]).strip()
    if not re.fullmatch(r"<[^<>\s@]+@[^<>\s@]+>", mid):
        problems.append(f"{where}: Message-ID {mid!r} is not <local@domain>")
    if mid in message_ids:
        problems.append(f"{where}: Message-ID {mid} already used by {message_ids[mid]}")
    message_ids.setdefault(mid, where)
    if str(msg["MIME-Version"]).strip() != "1.0":
        problems.append(f"{where}: MIME-Version {str(msg['MIME-Version'])!r}")
    if msg.is_multipart() or msg.get_content_type() != "text/plain" or msg.get_content_charset() != "utf-8":
        problems.append(f"{where}: Content-Type {str(msg['Content-Type'])!r}; expected text/plain; charset=UTF-8")
    cte = str(msg["Content-Transfer-Encoding"]).strip().lower()
    if cte not in ("base64", "quoted-printable"):
        problems.append(f"{where}: Content-Transfer-Encoding {cte!r} cannot keep Japanese lines within 78 octets")
    lu = str(msg["List-Unsubscribe"]).strip()
    if st.unsubscribe:
        if lu != f"<{st.unsubscribe}>":
            problems.append(f"{where}: List-Unsubscribe {lu!r}; expected {'<' + st.unsubscribe + '>'!r}")
    elif not re.fullmatch(r"<[^<>\s]+>(\s*,\s*<[^<>\s]+>)*", lu):
        problems.append(f"{where}: List-Unsubscribe {lu!r} is not in angle brackets")

    # the body, then the subject's count
    tp, slugs = check_text(body, where, model, exp)
    problems += tp
    subj = str(msg["Subject"])
    if st.language == "en":
        m = re.fullmatch(re.escape(f"[{st.title}] ") + r"(\d+) notices? \((.+)\)", subj)
    else:
        m = re.fullmatch(re.escape(f"[{st.title}] ") + r"(\d+)件のお知らせ \((.+)\)", subj)
    if not m:
        want = (f"[{st.title}] <count> notices (<date>)" if st.language == "en"
                else f"[{st.title}] <count>件のお知らせ (<date>)")
        problems.append(f"{where}: Subject decodes to {subj!r}; expected {want!r}")
    else:
        count = int(m.group(1))
        if count != len(slugs):
            problems.append(f"{where}: Subject counts {count} notices; the message links {len(slugs)} distinct notices")
        # Issue 13 item 2: the body's count says the same as the subject's.
        flat = "".join(l.strip() for l in body.replace("\r\n", "\n").split("\n")[:6])
        said = re.search(r"のお知らせは(\d+)件です" if st.language != "en" else r"(\d+) notices?,", flat)
        if not said or int(said.group(1)) != count:
            problems.append(f"{where}: the body's count ({said.group(0) if said else 'none'}) differs from the subject's {count}")
        now = model.now
        day_forms = {f"{now:%Y-%m-%d}", f"{now:%Y/%m/%d}", f"{now.year}/{now.month}/{now.day}",
                     f"{now.year}年{now.month}月{now.day}日", f"{now.month}月{now.day}日", f"{now.month}/{now.day}",
                     f"{now.day} {now:%b} {now.year}", f"{now:%B} {now.day}, {now.year}", f"{now:%b} {now.day}"}
        if not any(f in m.group(2) for f in day_forms):
            problems.append(f"{where}: Subject date ({m.group(2)}) is not --now's day {now:%Y-%m-%d}")
    return problems


def eml_files(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_file() and EML_NAME.match(p.name)) if out.is_dir() else []


def check_outbox(out: Path, members: list[Member], model, st: DigestSettings,
                 exp: dict[tuple, Expected], allow: tuple[str, ...] = ()) -> tuple[list[str], list[tuple[Path, Member]]]:
    """The .eml files against the subscribers: names, order, one per subscriber with a digest.
    Returns (problems, [(file, member)])."""
    problems: list[str] = []
    files = eml_files(out)
    others = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                    if p.is_file() and p not in files and p.name not in allow)
    if others:
        problems.append(f"with --subscribers only messages are written; also found {others[:10]}")
    names = [p.name for p in files]
    width = len(names[0]) - 4 if names else 6
    if names != [f"{i:0{width}d}.eml" for i in range(1, len(names) + 1)]:
        problems.append(f"message files {names[:5]}…{names[-3:]} are not 000001.eml … numbered consecutively")
    by_email = {m.email: m for m in members}
    index = {m.email: i for i, m in enumerate(members)}
    pairs: list[tuple[Path, Member]] = []
    last = -1
    for p in files:
        try:
            to = parse_strict(p.read_bytes())["To"].addresses
            addr = to[0].addr_spec if len(to) == 1 else None
        except Exception:
            addr = None
        m = by_email.get(addr)
        if m is None:
            problems.append(f"{p.name}: To {addr!r} is no subscriber in members.csv")
            continue
        if index[m.email] <= last:
            problems.append(f"{p.name}: {m.email} (members.csv line {m.line}) is out of CSV order")
        last = max(last, index[m.email])
        pairs.append((p, m))
    got = [m.email for _, m in pairs]
    dup = sorted({a for a in got if got.count(a) > 1})
    if dup:
        problems.append(f"more than one message to {dup}")
    must = [m.email for m in members if exp[m.profile].must]
    never = [m.email for m in members if not exp[m.profile].may]
    missing = [a for a in must if a not in got]
    extra = [a for a in got if a in never]
    if missing:
        problems.append(f"no message for {missing} (their profile has a digest)")
    if extra:
        problems.append(f"messages for {extra}, whose profile has nothing new and no reminder")
    return problems, pairs


# --------------------------------------------------------------------------------------------
# (a) per-profile text digests


@pytest.mark.parametrize("label,since,now", WINDOWS, ids=[w[0] for w in WINDOWS])
def test_text_digests(tmp_path, label, since, now):
    require_digest()
    site_dir = copy_site(tmp_path / "site", members=False)
    out = tmp_path / "out"
    r = run_rentai(["digest", "--site", str(site_dir), "--since", since, "--now", now, "--out", str(out)],
                   cwd=tmp_path)
    assert r.returncode == 0, r.describe()
    model = load_model(site_dir, now)
    st = digest_settings(site_dir)
    exp = expected_digests(model, since, st.window_days)
    problems: list[str] = []
    found = {}
    for p in sorted(out.rglob("*")) if out.is_dir() else []:
        if not p.is_file():
            continue
        rel = p.relative_to(out).as_posix()
        m = re.fullmatch(r"([^/]+)/([^/]+)/([^/]+)\.txt", rel)
        if not m or m.groups() not in exp:
            problems.append(f"{rel}: not <council>/<union>/<role>.txt of a profile")
            continue
        found[m.groups()] = p
    must = {p for p, e in exp.items() if e.must}
    may = {p for p, e in exp.items() if e.may}
    got = set(found)
    for p in sorted(must - got):
        problems.append(f"{'/'.join(p)}: no digest; expected one with {fmt_set(exp[p].must)}")
    for p in sorted(got - may):
        problems.append(f"{'/'.join(p)}: a digest, but the profile has nothing new and no reminder")
    assert must, f"the sample site has nothing to say in ({since}, {now}]: these tests need a livelier sample"
    for prof, p in sorted(found.items()):
        raw = p.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(f"{'/'.join(prof)}.txt: not UTF-8: {e}")
            continue
        if text.startswith("\ufeff"):
            problems.append(f"{'/'.join(prof)}.txt: starts with a byte order mark")
        tp, _ = check_text(text, "/".join(prof) + ".txt", model, exp[prof])
        problems += tp
    fail_with(problems, f"digest --since {since!r} --now {now!r}: {len(found)} text digests "
                        f"({len(must)} profiles must have one)")


# --------------------------------------------------------------------------------------------
# (b) one message per subscriber


@pytest.mark.parametrize("label,since,now", WINDOWS, ids=[w[0] for w in WINDOWS])
def test_messages_for_subscribers(tmp_path, label, since, now):
    require_digest()
    site_dir = copy_site(tmp_path / "site")
    out = tmp_path / "outbox"
    r = run_rentai(["digest", "--site", ".", "--since", since, "--now", now, "--subscribers", "members.csv",
                    "--out", str(out)], cwd=site_dir)
    assert r.returncode == 0, r.describe()
    model = load_model(site_dir, now)
    st = digest_settings(site_dir)
    exp = expected_digests(model, since, st.window_days)
    members = read_members(site_dir / "members.csv")
    problems, pairs = check_outbox(out, members, model, st, exp)
    ids: dict[str, str] = {}
    for p, m in pairs:
        problems += check_message(p, m, model, st, exp[m.profile], ids)
    wanted = sum(1 for m in members if exp[m.profile].must)
    assert pairs or not wanted, f"no messages written to {out}\n{r.describe()}"
    fail_with(problems, f"{len(pairs)} messages for {len(members)} subscribers ({since} … {now})")


# --------------------------------------------------------------------------------------------
# (c) bad rows: every one reported with its line, nothing written


def test_bad_subscriber_rows_are_all_reported(tmp_path):
    require_digest()
    site_dir = copy_site(tmp_path / "site")
    text = (site_dir / "members.csv").read_bytes().decode("utf-8-sig")
    lines = [l for l in text.replace("\r\n", "\n").split("\n") if l.strip()]
    header, rows = lines[0], lines[1:]
    assert len(rows) >= 3, "members.csv needs a few rows"
    first_email = rows[0].split(",")[0]
    bad: list[tuple[str, str]] = [
        ("malformed address", "yamada.taro.example.org,山田 太郎,tokyo,ntt,member"),
        ("unknown council", "jiro.sasaki@example.org,佐々木 次郎,tokio,ntt,member"),
        ("duplicate address", f"{first_email},重複 太郎,tokyo,ntt,member"),
        ("missing column", "saburo.ota@example.org,太田 三郎,tokyo,ntt"),
        ("not a profile", "shiro.okada@example.org,岡田 四郎,tottori,kddi,member"),
        ("unknown union", "goro.ishii@example.org,石井 五郎,tokyo,kdd,member"),
        ("unknown role", "rokuro.mori@example.org,森 六郎,tokyo,ntt,chairman"),
    ]
    out_lines = [header, rows[0], bad[0][1]] + rows[1:] + [b for _, b in bad[1:]]
    expected = {}
    for what, b in bad:
        expected[out_lines.index(b) + 1] = what  # the header is line 1
    (site_dir / "members.csv").write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    out = tmp_path / "outbox"
    r = run_rentai(["digest", "--site", ".", "--since", SINCE, "--now", NOW, "--subscribers", "members.csv",
                    "--out", str(out)], cwd=site_dir)
    problems = []
    if r.returncode != 1:
        problems.append(f"exit status {r.returncode}; expected 1 (content error)")
    reported = {}
    for line in r.stderr.splitlines():
        m = re.match(r"^members\.csv:(\d+):(?:\d+:)? error: ", line)
        if m:
            reported.setdefault(int(m.group(1)), line)
    for ln, what in sorted(expected.items()):
        if ln not in reported:
            problems.append(f"members.csv line {ln} ({what}) not reported as `members.csv:{ln}: error: …`")
    for ln in sorted(set(reported) - set(expected)):
        problems.append(f"a good row reported: {reported[ln]}")
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) if out.is_dir() else []
    if written:
        problems.append(f"files written despite the errors: {written[:10]}")
    if problems:
        problems.append("stderr was:\n    " + "\n    ".join(r.stderr.strip().splitlines()[:40]))
    fail_with(problems, "bad members.csv rows (SPEC §10, §14)")


# --------------------------------------------------------------------------------------------
# (d) a spreadsheet's export: BOM, CRLF, an extra column


def test_bom_crlf_and_extra_columns_give_the_same_messages(tmp_path):
    require_digest()
    site_dir = copy_site(tmp_path / "site")
    plain = tmp_path / "plain"
    r = run_rentai(["digest", "--site", ".", "--since", SINCE, "--now", NOW, "--subscribers", "members.csv",
                    "--out", str(plain)], cwd=site_dir)
    assert r.returncode == 0, r.describe()
    text = (site_dir / "members.csv").read_bytes().decode("utf-8-sig")
    lines = [l for l in text.replace("\r\n", "\n").split("\n") if l.strip()]
    notes = ["支部長", "", "青年部", "\"東京, 千代田区\""]
    excel = [lines[0] + ",note"] + [l + "," + notes[i % len(notes)] for i, l in enumerate(lines[1:])]
    (site_dir / "excel.csv").write_bytes(b"\xef\xbb\xbf" + "\r\n".join(excel).encode("utf-8") + b"\r\n")
    out = tmp_path / "excel"
    r2 = run_rentai(["digest", "--site", ".", "--since", SINCE, "--now", NOW, "--subscribers", "excel.csv",
                     "--out", str(out)], cwd=site_dir)
    assert r2.returncode == 0, r2.describe()
    a = [parse_strict(p.read_bytes()) for p in eml_files(plain)]
    b = [parse_strict(p.read_bytes()) for p in eml_files(out)]
    problems = []
    if [str(m["To"]) for m in a] != [str(m["To"]) for m in b]:
        problems.append(f"recipients differ: plain {[str(m['To']) for m in a]}, BOM/CRLF/extra column "
                        f"{[str(m['To']) for m in b]}")
    else:
        for i, (x, y) in enumerate(zip(a, b), 1):
            if str(x["Subject"]) != str(y["Subject"]) or x.get_content() != y.get_content():
                problems.append(f"message {i}: subject or body differs between the two lists")
    fail_with(problems, "a members.csv with a BOM, CRLF line ends and an extra column")
