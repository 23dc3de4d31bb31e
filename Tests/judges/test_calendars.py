"""Real-client judge for the calendars (SPEC §9, §14): every public/p/**/calendar.ics is read
as raw bytes (line ends, folding at 75 octets without splitting a UTF-8 character) and parsed with
the `icalendar` package; every VEVENT is checked against the notice it came from.

Same environment as test_site.py (RENTAI_SITE, RENTAI_PUBLIC, RENTAI_NOW, RENTAI_DRAFTS,
RENTAI_SECRET / RENTAI_SECRET_FILE, RENTAI_REQUIRE_JUDGES); the model of the site (notices, who
they reach, URLs and private tokens) is test_site.py's own. Skips when the build has no
calendar.ics at all (a build from before issue 3).

What is expected, per profile, for every published notice reaching it (active or archived) in
the calendar's window: its event ends, or its deadline's day ends (24:00 in the site zone),
strictly after now - calendar_past_days x 24 h (site.yaml, default 90); then both its entries are
in, else neither (Site.in_calendar_window in test_site.py):
  * with `event`: VEVENT UID <slug>@<host of base_url> (private mode: the notice's token), SUMMARY
    the title, DTSTART;TZID=<site zone> (or VALUE=DATE for a date-only start), DTEND (timed
    without end: start + 1 hour; a date-only end after a timed start: 24:00 of that day; all-day:
    the day after the last day), LOCATION, URL the notice's page, DESCRIPTION the front matter's
    summary (when it has one);
  * with `deadline`: an all-day VEVENT on the deadline's day in the site zone, UID
    deadline-<slug>@<host>, SUMMARY `締切: <title>` (`Deadline: <title>` for language: en);
  * on each: one VALARM per site.yaml `reminder_days` entry (default [7, 1]), TRIGGER -P<d>D
    relative to the start (0 → PT0S); for an all-day entry (all-day event, deadline) 09:00 in the
    site zone d days before the day: -P<d>D + 9 hours (SPEC §14: -P6DT15H for 7, PT9H for 0);
  * DTSTAMP = RENTAI_NOW in UTC; one VTIMEZONE whose TZID is the site zone and whose offsets agree
    with the tz database at every event.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_site as ts  # noqa: E402  (the shared model of the site)
from test_site import CONTENT, PUBLIC, Site, fail_with, fmt_set, load_yaml, parse_time  # noqa: E402
from test_site import site  # noqa: E402,F401  (the pytest fixture)

MAX_OCTETS = 75
LF = b"\n"


# --------------------------------------------------------------------------------------------
# helpers


def _require_calendars():
    p = PUBLIC / "p"
    if not p.is_dir() or not any(p.rglob("calendar.ics")):
        pytest.skip(f"no calendar.ics under {p}: this build has no calendars yet (SPEC §9, issue 3)")


def _icalendar():
    try:
        import icalendar
    except ImportError:
        if ts._env("RENTAI_REQUIRE_JUDGES"):
            pytest.fail("the icalendar package is not installed (pip install -r Tests/judges/requirements.txt)",
                        pytrace=False)
        pytest.skip("the icalendar package is not installed")
    return icalendar


@functools.lru_cache(maxsize=1)
def _settings() -> dict:
    cfg = load_yaml((CONTENT / "site.yaml").read_text(encoding="utf-8"), "site.yaml") or {}
    days = cfg.get("reminder_days")
    if days is None or days == "":
        reminder = [7, 1]
    else:
        reminder = [int(str(d).strip()) for d in ts.as_list(days)]
    lang = str(cfg.get("language") or "ja").strip()
    return {
        "reminder_days": reminder,
        "deadline_prefix": "Deadline: " if lang == "en" else "締切: ",
        "tz_name": str(cfg.get("timezone") or "UTC").strip(),
    }


def _calendar_files(site: Site) -> list[tuple[tuple[str, str, str], str, Path]]:
    out = []
    for prof in site.profiles:
        base = site.profile_dir[prof]
        out.append((prof, "/".join(prof), PUBLIC / base / "calendar.ics"))
    return out


@functools.lru_cache(maxsize=None)
def _parse(path: str):
    """-> (Calendar or None, error text or None)."""
    import icalendar

    try:
        return icalendar.Calendar.from_ical(Path(path).read_bytes()), None
    except Exception as e:  # a real client gives up on the file
        return None, f"{type(e).__name__}: {e}"


def _is_date(v) -> bool:
    return isinstance(v, dt.date) and not isinstance(v, dt.datetime)


def _expected_uids(site: Site, prof) -> dict[str, tuple]:
    """uid -> ('event' | 'deadline', notice), for the notices in the profile's window."""
    return site.calendar_uids(prof)


def _dtstamp_expected(site: Site):
    return site.now.astimezone(dt.timezone.utc).replace(microsecond=0) if ts._env("RENTAI_NOW") else None


# --------------------------------------------------------------------------------------------
# 1. the bytes: CRLF, folding at 75 octets, never inside a UTF-8 character


def test_calendar_bytes_are_crlf_and_folded_on_octets(site: Site):
    _require_calendars()
    problems: list[str] = []
    for prof, name, f in _calendar_files(site):
        if not f.is_file():
            problems.append(f"{name}: no calendar.ics")
            continue
        raw = f.read_bytes()
        rel = f.relative_to(PUBLIC).as_posix()
        if raw.startswith(b"\xef\xbb\xbf"):
            problems.append(f"{rel}: starts with a byte order mark")
        if not raw.startswith(b"BEGIN:VCALENDAR\r\n"):
            problems.append(f"{rel}: does not start with BEGIN:VCALENDAR and CRLF")
        rest = raw.replace(b"\r\n", b"")
        if b"\n" in rest:
            problems.append(f"{rel}: {rest.count(LF)} bare LF line end(s); RFC 5545 wants CRLF")
        if b"\r" in rest:
            problems.append(f"{rel}: a bare CR")
        if not raw.endswith(b"\r\n"):
            problems.append(f"{rel}: the last line has no CRLF")
        lines = raw.split(b"\r\n")
        if lines and lines[-1] == b"":
            lines.pop()
        for i, line in enumerate(lines, 1):
            if len(line) > MAX_OCTETS:
                problems.append(f"{rel}:{i}: {len(line)} octets (> {MAX_OCTETS}): "
                                f"{line[:40].decode('utf-8', 'replace')!r}…")
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as e:
                problems.append(f"{rel}:{i}: the line break splits a UTF-8 character ({e.reason} at octet "
                                f"{e.start}): {line[-12:]!r}")
        unfolded = re.sub(rb"\r\n[ \t]", b"", raw)
        try:
            unfolded.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(f"{rel}: unfolded text is not UTF-8: {e}")
    fail_with(problems, "calendar.ics line ends and folding (RFC 5545 §3.1: 75 octets, CRLF)")


# --------------------------------------------------------------------------------------------
# 2. parsed by icalendar: structure, VTIMEZONE, exactly the expected events


def test_every_calendar_parses_with_its_timezone(site: Site):
    _require_calendars()
    _icalendar()
    tz_name = _settings()["tz_name"]
    problems: list[str] = []
    for prof, name, f in _calendar_files(site):
        if not f.is_file():
            continue  # reported by the bytes test
        cal, err = _parse(str(f))
        if cal is None:
            problems.append(f"{name}: icalendar cannot parse calendar.ics: {err}")
            continue
        if cal.name != "VCALENDAR":
            problems.append(f"{name}: top-level component is {cal.name}, not VCALENDAR")
        if str(cal.get("VERSION", "")) != "2.0":
            problems.append(f"{name}: VERSION {cal.get('VERSION')!r}, expected 2.0")
        if not str(cal.get("PRODID", "")).strip():
            problems.append(f"{name}: no PRODID")
        for comp in cal.walk():
            errs = getattr(comp, "errors", None)
            if errs:
                problems.append(f"{name}: icalendar reports errors in {comp.name}: {errs}")
        tzs = [c for c in cal.walk("VTIMEZONE")]
        ours = [c for c in tzs if str(c.get("TZID", "")) == tz_name]
        if len(ours) != 1:
            problems.append(f"{name}: {len(ours)} VTIMEZONE with TZID {tz_name!r} (found "
                            f"{[str(c.get('TZID')) for c in tzs]}); expected exactly one")
            continue
        vtz = ours[0]
        if not (vtz.walk("STANDARD") or vtz.walk("DAYLIGHT")):
            problems.append(f"{name}: VTIMEZONE {tz_name} has no STANDARD or DAYLIGHT observance")
            continue
        # what a phone does with it: the offsets it implies must match the tz database
        try:
            try:
                vtzinfo = vtz.to_tz(lookup_tzid=False)
            except TypeError:
                vtzinfo = None  # an icalendar without lookup_tzid: offsets not checked
        except Exception as e:
            problems.append(f"{name}: VTIMEZONE {tz_name} cannot be turned into a time zone: {e}")
            vtzinfo = None
        tzids = set()
        for ev in cal.walk("VEVENT"):
            for key in ("DTSTART", "DTEND"):
                prop = ev.get(key)
                if prop is None:
                    continue
                tzid = prop.params.get("TZID")
                if tzid:
                    tzids.add(str(tzid))
                v = prop.dt
                if vtzinfo is not None and isinstance(v, dt.datetime) and v.tzinfo is not None and tzid == tz_name:
                    local = v.astimezone(site.tz).replace(tzinfo=None)
                    want = site.tz.utcoffset(local)
                    got = vtzinfo.utcoffset(local)
                    if got != want:
                        problems.append(f"{name}: {ev.get('UID')}: {key} {local.isoformat()}: VTIMEZONE gives "
                                        f"UTC offset {got}, the tz database {want}")
        for tzid in sorted(tzids - {str(c.get("TZID", "")) for c in tzs}):
            problems.append(f"{name}: TZID={tzid} is used but has no VTIMEZONE (RFC 5545 §3.2.19)")
    fail_with(problems, "calendars as icalendar reads them")


def test_each_calendar_holds_exactly_its_events_once(site: Site):
    _require_calendars()
    _icalendar()
    problems: list[str] = []
    for prof, name, f in _calendar_files(site):
        if not f.is_file():
            continue
        cal, err = _parse(str(f))
        if cal is None:
            continue  # reported above
        uids = [str(ev.get("UID", "")) for ev in cal.walk("VEVENT")]
        dups = sorted({u for u in uids if uids.count(u) > 1})
        if dups:
            problems.append(f"{name}: UIDs appear more than once: {dups}")
        want = set(_expected_uids(site, prof))
        got = set(uids)
        if got != want:
            problems.append(f"{name}: extra {fmt_set(got - want)}, missing {fmt_set(want - got)}")
    fail_with(problems, f"calendar VEVENTs vs. the notices reaching each profile in its"
                        f" {site.calendar_past_days}-day window (SPEC §9)")


# --------------------------------------------------------------------------------------------
# 3. every VEVENT against the notice it came from


def _event_expectations(site: Site, n):
    """-> (start, end, all_day) for the notice's event: dates (DTEND exclusive) for an all-day
    event, else aware date-times; the end is the one the window is measured by (Notice.event_end)."""
    start, start_date_only = parse_time(n.fm["event"]["start"], site.tz)
    if start_date_only:
        return start.date(), n.event_end.astimezone(site.tz).date(), True
    return start, n.event_end, False


def _check_alarms(ev, reminder_days, where, problems, all_day):
    nine = dt.timedelta(hours=9) if all_day else dt.timedelta(0)
    want = sorted(-dt.timedelta(days=d) + nine for d in reminder_days)
    got = []
    for al in ev.walk("VALARM"):
        trig = al.get("TRIGGER")
        if trig is None:
            problems.append(f"{where}: VALARM without TRIGGER")
            continue
        rel = str(trig.params.get("RELATED", "START")).upper()
        if rel != "START":
            problems.append(f"{where}: VALARM TRIGGER RELATED={rel}; expected relative to the start")
        if str(trig.params.get("VALUE", "DURATION")).upper() != "DURATION" or not isinstance(trig.dt, dt.timedelta):
            problems.append(f"{where}: VALARM TRIGGER {trig.to_ical()!r} is not a duration")
            continue
        got.append(trig.dt)
        action = str(al.get("ACTION", "")).upper()
        if not action:
            problems.append(f"{where}: VALARM without ACTION (RFC 5545 §3.6.6)")
        elif action == "DISPLAY" and al.get("DESCRIPTION") is None:
            problems.append(f"{where}: VALARM ACTION:DISPLAY without DESCRIPTION (RFC 5545 §3.6.6)")
        elif action == "EMAIL" and (al.get("SUMMARY") is None or al.get("ATTENDEE") is None):
            problems.append(f"{where}: VALARM ACTION:EMAIL without SUMMARY/ATTENDEE")
    if sorted(got) != want:
        problems.append(f"{where}: VALARM triggers {[str(x) for x in sorted(got)]}; expected "
                        f"{[str(x) for x in want]} (reminder_days {reminder_days}, all day: {all_day})")


def _text(ev, key):
    v = ev.get(key)
    return None if v is None else str(v)


def test_every_event_matches_its_notice(site: Site):
    _require_calendars()
    _icalendar()
    st = _settings()
    tz_name = st["tz_name"]
    stamp = _dtstamp_expected(site)
    problems: list[str] = []
    for prof, name, f in _calendar_files(site):
        if not f.is_file():
            continue
        cal, err = _parse(str(f))
        if cal is None:
            continue
        want = _expected_uids(site, prof)
        for ev in cal.walk("VEVENT"):
            uid = str(ev.get("UID", ""))
            where = f"{name}: {uid}"
            if uid not in want:
                continue  # reported by test_each_calendar_holds_exactly_its_events_once
            kind, n = want[uid]
            url = site.notice_url(n.slug)

            # DTSTAMP: --now, in UTC
            ds = ev.get("DTSTAMP")
            if ds is None:
                problems.append(f"{where}: no DTSTAMP")
            elif not isinstance(ds.dt, dt.datetime) or ds.dt.utcoffset() != dt.timedelta(0) or ds.params.get("TZID"):
                problems.append(f"{where}: DTSTAMP {ds.to_ical()!r} is not a UTC date-time")
            elif stamp is not None and ds.dt != stamp:
                problems.append(f"{where}: DTSTAMP {ds.dt.isoformat()}; expected --now {stamp.isoformat()}")

            s, e = ev.get("DTSTART"), ev.get("DTEND")
            if s is None:
                problems.append(f"{where}: no DTSTART")
                continue
            if ev.get("DURATION") is not None:
                problems.append(f"{where}: DURATION instead of DTEND")

            if kind == "event":
                want_start, want_end, all_day = _event_expectations(site, n)
                if _text(ev, "SUMMARY") != n.title:
                    problems.append(f"{where}: SUMMARY {_text(ev, 'SUMMARY')!r}; expected the title {n.title!r}")
                loc = n.fm["event"].get("location") if isinstance(n.fm["event"], dict) else None
                loc = None if loc in (None, "") else str(loc)
                if _text(ev, "LOCATION") != loc and not (loc is None and _text(ev, "LOCATION") == ""):
                    problems.append(f"{where}: LOCATION {_text(ev, 'LOCATION')!r}; expected {loc!r}")
                if _text(ev, "URL") != url:
                    problems.append(f"{where}: URL {_text(ev, 'URL')!r}; expected {url!r}")
                summ = n.fm.get("summary")
                desc = _text(ev, "DESCRIPTION")
                if summ not in (None, ""):
                    if desc != str(summ):
                        problems.append(f"{where}: DESCRIPTION {desc!r}; expected the summary {str(summ)!r}")
                elif not (desc or "").strip():
                    problems.append(f"{where}: no DESCRIPTION (the summary is the first paragraph)")
                if all_day:
                    if not _is_date(s.dt) or str(s.params.get("VALUE", "")).upper() != "DATE":
                        problems.append(f"{where}: all-day event: DTSTART {s.to_ical()!r} params {dict(s.params)}; "
                                        f"expected DTSTART;VALUE=DATE:{want_start:%Y%m%d}")
                    elif s.dt != want_start:
                        problems.append(f"{where}: DTSTART {s.dt}; expected {want_start}")
                    if e is None or not _is_date(e.dt) or str(e.params.get("VALUE", "")).upper() != "DATE":
                        problems.append(f"{where}: all-day event: DTEND "
                                        f"{None if e is None else e.to_ical()!r}; expected DTEND;VALUE=DATE:"
                                        f"{want_end:%Y%m%d} (the day after the last day)")
                    elif e.dt != want_end:
                        problems.append(f"{where}: DTEND {e.dt}; expected {want_end} (the day after the last day)")
                else:
                    if not isinstance(s.dt, dt.datetime) or s.dt.tzinfo is None:
                        problems.append(f"{where}: DTSTART {s.to_ical()!r} is not a date-time with a zone")
                    else:
                        if str(s.params.get("TZID", "")) != tz_name:
                            problems.append(f"{where}: DTSTART TZID {s.params.get('TZID')!r}; expected {tz_name!r}")
                        if s.dt != want_start:
                            problems.append(f"{where}: DTSTART {s.dt.isoformat()}; expected {want_start.isoformat()}")
                    if e is None:
                        problems.append(f"{where}: no DTEND")
                    elif not isinstance(e.dt, dt.datetime) or e.dt.tzinfo is None:
                        problems.append(f"{where}: DTEND {e.to_ical()!r} is not a date-time with a zone")
                    else:
                        if str(e.params.get("TZID", "")) != tz_name:
                            problems.append(f"{where}: DTEND TZID {e.params.get('TZID')!r}; expected {tz_name!r}")
                        if want_end is not None and e.dt != want_end:
                            problems.append(f"{where}: DTEND {e.dt.isoformat()}; expected {want_end.isoformat()}"
                                            + ("" if n.fm["event"].get("end") else " (start + 1 hour)"))
                        if isinstance(s.dt, dt.datetime) and s.dt.tzinfo is not None and e.dt < s.dt:
                            problems.append(f"{where}: DTEND before DTSTART")
            else:  # deadline
                t, date_only = parse_time(n.fm["deadline"], site.tz)
                day = t.date() if date_only else t.astimezone(site.tz).date()
                want_summary = st["deadline_prefix"] + n.title
                if _text(ev, "SUMMARY") != want_summary:
                    problems.append(f"{where}: SUMMARY {_text(ev, 'SUMMARY')!r}; expected {want_summary!r}")
                if not _is_date(s.dt) or str(s.params.get("VALUE", "")).upper() != "DATE":
                    problems.append(f"{where}: deadline DTSTART {s.to_ical()!r}; expected DTSTART;VALUE=DATE:{day:%Y%m%d}")
                elif s.dt != day:
                    problems.append(f"{where}: deadline DTSTART {s.dt}; expected {day} (the deadline's day in {tz_name})")
                if e is not None and (not _is_date(e.dt) or e.dt != day + dt.timedelta(days=1)):
                    problems.append(f"{where}: deadline DTEND {e.to_ical()!r}; expected none or "
                                    f"VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}")
                u = _text(ev, "URL")
                if u is not None and u != url:
                    problems.append(f"{where}: URL {u!r}; expected {url!r}")

            _check_alarms(ev, st["reminder_days"], where, problems, all_day=(kind != "event" or all_day))
    fail_with(problems, "calendar events vs. their notices (SPEC §9, §14)")
