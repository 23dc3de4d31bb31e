"""`rentai notify --send` through the real Apprise (Debian's `apprise`) to a loopback receiver
(SPEC §16; issue 14).

Each channel's Apprise URL is `json://127.0.0.1:PORT/<channel id>`: Apprise POSTs a JSON body
(title, message) there, and a small HTTP server here records each request. What arrived is
compared with an account written here, apart from the code under test, of which channel must get
which message: a channel gets a notice only when every profile in it (its keys read as SPEC §4
reads a notice's) is reached by the notice; new notices published in the window, and reminders
(09:00 n days before a deadline's day or an all-day event's, n days before a timed event) whose
moment falls in the window.

  1. --send posts exactly the expected (channel, title) pairs, each once, each body at most 1,000
     characters and ending with the notice's address; a rerun posts nothing.
  2. The receiver fails the 3rd request: rentai exits 1 naming the channel; a rerun (receiver
     healthy) posts exactly the rest.
  3. Bad input, nothing posted: a channel's URL variable missing; a channel whose targeting has a
     typo; an Apprise that is not installed.

Environment: RENTAI_BINARY, RENTAI_SITE, RENTAI_REQUIRE_JUDGES as the other judges.
Needs: apt apprise (scripts/install-deps --judges).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_digests import copy_site, run_rentai  # noqa: E402
import test_site as ts  # noqa: E402

SINCE = "2026-11-19 12:00"
NOW = "2026-11-26 12:00"
CHANNELS = """channels:
  - { id: tokyo-kddi, name: KDDI労組 東京, council: tokyo, union: kddi, url_env: CH_TOKYO_KDDI }
  - { id: tokyo-all, name: 東京 全組合, council: tokyo, url_env: CH_TOKYO_ALL }
  - { id: kanto-officers, name: 関東信越 役員, block: kanto-shinetsu, role: officer, url_env: CH_KANTO_OFFICERS }
  - { id: osaka-ntt-officers, name: NTT労組 大阪 役員, council: osaka, union: ntt, role: officer, url_key: osaka }
  - { id: ntt, name: NTT労組 全体, union: ntt, url_key: ntt }
  - { id: everyone, name: 全体, url_key: everyone }
"""
ENV_CHANNELS = {"tokyo-kddi": "CH_TOKYO_KDDI", "tokyo-all": "CH_TOKYO_ALL", "kanto-officers": "CH_KANTO_OFFICERS"}
KEY_CHANNELS = {"osaka-ntt-officers": "osaka", "ntt": "ntt", "everyone": "everyone"}


def _require_apprise() -> None:
    if shutil.which("apprise"):
        return
    why = "apprise is not installed (apt install apprise; scripts/install-deps --judges)"
    if os.environ.get("RENTAI_REQUIRE_JUDGES", "").strip():
        pytest.fail(why + " (RENTAI_REQUIRE_JUDGES is set)", pytrace=False)
    pytest.skip(why)


class Receiver:
    """Records every POST (path, title, message); answers 500 to the `fail_at`th one."""

    def __init__(self, fail_at: int | None = None):
        self.posts: list[tuple[str, str, str]] = []
        self.count = 0
        self.fail_at = fail_at
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.count += 1
                if receiver.fail_at is not None and receiver.count == receiver.fail_at:
                    self.send_response(500)
                    self.end_headers()
                    return
                data = json.loads(body.decode("utf-8"))
                receiver.posts.append((self.path.strip("/"), data.get("title", ""), data.get("message", "")))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, channel: str) -> str:
        return f"json://127.0.0.1:{self.port}/{channel}"

    def close(self) -> None:
        self.server.shutdown()


def wire(tmp_path: Path, site_dir: Path, receiver: Receiver, drop_env: str | None = None) -> tuple[dict, Path]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CH_") and k not in ("RENTAI_SECRET", "RENTAI_SECRET_FILE")}
    env.setdefault("LC_ALL", "C.UTF-8")
    for channel, variable in ENV_CHANNELS.items():
        if variable != drop_env:
            env[variable] = receiver.url(channel)
    channels_file = tmp_path / "channels-urls.yaml"
    channels_file.write_text("".join(f"{key}: {receiver.url(channel)}\n" for channel, key in KEY_CHANNELS.items()),
                             encoding="utf-8")
    return env, channels_file


def prepare(tmp_path: Path, channels: str = CHANNELS) -> Path:
    _require_apprise()
    site_dir = copy_site(tmp_path / "site", members=False)
    (site_dir / "content" / "channels.yaml").write_text(channels, encoding="utf-8")
    return site_dir


def args(out: Path, channels_file: Path) -> list[str]:
    return ["notify", "--site", ".", "--since", SINCE, "--now", NOW, "--out", str(out), "--send",
            "--channels-file", str(channels_file)]


# ---- the independent account ------------------------------------------------------------


def channel_members(channel: dict, site: ts.Site) -> set:
    place = None
    if "block" in channel or "council" in channel:
        place = set(ts.as_list(channel.get("council")))
        for b in ts.as_list(channel.get("block")):
            place |= set(site.block_councils.get(b, []))
    unions = set(ts.as_list(channel["union"])) if "union" in channel else None
    roles = set(ts.as_list(channel["role"])) if "role" in channel else None
    return {p for p in site.profiles
            if (place is None or p[0] in place) and (unions is None or p[1] in unions)
            and (roles is None or site.role_closure[p[2]] & roles)}


def nine_oclock(day: dt.date, days_before: int, tz) -> dt.datetime:
    return dt.datetime.combine(day - dt.timedelta(days=days_before), dt.time(9, 0), tzinfo=tz)


def expected(site_dir: Path) -> set[tuple[str, str]]:
    """(channel id, title) of every message the window must post."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ts, "SITE", site_dir)
        mp.setattr(ts, "CONTENT", site_dir / "content")
        mp.setattr(ts, "PUBLIC", site_dir)   # no build is read
        mp.setenv("RENTAI_NOW", NOW)
        for name in ("RENTAI_SECRET", "RENTAI_SECRET_FILE", "RENTAI_DRAFTS"):
            mp.delenv(name, raising=False)
        site = ts.Site()
    tz = site.tz
    since, now = ts.parse_time(SINCE, tz)[0], ts.parse_time(NOW, tz)[0]
    config = ts.load_yaml((site_dir / "content" / "site.yaml").read_text(encoding="utf-8"), "site.yaml") or {}
    days = [int(d) for d in ts.as_list(config.get("reminder_days"))] or [7, 1]
    channels = ts.load_yaml((site_dir / "content" / "channels.yaml").read_text(encoding="utf-8"), "channels.yaml")["channels"]
    members = {c["id"]: channel_members(c, site) for c in channels}
    want = set()
    for n in site.notices:
        if not n.active:
            continue
        titles = []
        if since < n.date <= now:
            titles.append(n.title)
        if n.fm.get("deadline") not in (None, ""):
            t, date_only = ts.parse_time(n.fm["deadline"], tz)
            day = t.date() if date_only else t.astimezone(tz).date()
            for d in days:
                if since < nine_oclock(day, d, tz) <= now:
                    titles.append(("本日締切: " if d == 0 else f"締切まであと{d}日: ") + n.title)
        event = n.fm.get("event")
        if isinstance(event, dict) and event.get("start") not in (None, ""):
            t, date_only = ts.parse_time(event["start"], tz)
            for d in days:
                moment = nine_oclock(t.date(), d, tz) if date_only else t - dt.timedelta(days=d)
                if since < moment <= now:
                    titles.append(("本日開催: " if d == 0 else f"開催まであと{d}日: ") + n.title)
        reached = {p for p in site.profiles if n.reaches(*p, site)}
        for channel, inside in members.items():
            if inside and inside <= reached:
                want |= {(channel, title) for title in titles}
    return want


# ---- the tests ---------------------------------------------------------------------------


def test_notify_posts_exactly_what_each_channel_may_see_once(tmp_path):
    site_dir = prepare(tmp_path)
    want = expected(site_dir)
    assert want, "the window should hold some messages (the sample's notices of 19-26 November)"
    receiver = Receiver()
    try:
        env, channels_file = wire(tmp_path, site_dir, receiver)
        out = tmp_path / "out"
        run = run_rentai(args(out, channels_file), cwd=site_dir, env=env)
        assert run.returncode == 0, run.stderr
        got = [(path, title) for path, title, _ in receiver.posts]
        problems = []
        if sorted(got) != sorted(set(got)):
            problems.append(f"posted twice: {sorted({g for g in got if got.count(g) > 1})}")
        missing, extra = want - set(got), set(got) - want
        problems += [f"missing: {m}" for m in sorted(missing)] + [f"posted but not allowed: {e}" for e in sorted(extra)]
        for path, title, body in receiver.posts:
            if len(body) > 1000:
                problems.append(f"{path} {title}: the body has {len(body)} characters (> 1,000)")
            if not body.rstrip().split("\n")[-1].startswith("https://portal.example.org/n/"):
                problems.append(f"{path} {title}: the body does not end with the notice's address: {body[-80:]!r}")
        ts.fail_with(problems, "what Apprise delivered, against the account of who may see what")
        # Again: nothing is posted twice.
        before = len(receiver.posts)
        again = run_rentai(args(out, channels_file), cwd=site_dir, env=env)
        assert again.returncode == 0, again.stderr
        assert len(receiver.posts) == before, f"a rerun posted {len(receiver.posts) - before} messages again"
        assert "skipped" in again.stdout, again.stdout
    finally:
        receiver.close()


def test_notify_resumes_after_a_failure_posting_exactly_the_rest(tmp_path):
    site_dir = prepare(tmp_path)
    want = expected(site_dir)
    assert len(want) >= 4
    failing = Receiver(fail_at=3)
    healthy = None
    try:
        env, channels_file = wire(tmp_path, site_dir, failing)
        out = tmp_path / "out"
        first = run_rentai(args(out, channels_file), cwd=site_dir, env=env)
        assert first.returncode == 1, first.stdout + first.stderr
        assert "could not post" in first.stderr and "channel" in first.stderr, first.stderr
        assert len(failing.posts) == 2, failing.posts
        # The same receiver address, now healthy: the rerun posts exactly the rest.
        failing.fail_at = None
        second = run_rentai(args(out, channels_file), cwd=site_dir, env=env)
        assert second.returncode == 0, second.stderr
        got = [(path, title) for path, title, _ in failing.posts]
        assert len(got) == len(set(got)), f"posted twice: {got}"
        assert set(got) == want
    finally:
        failing.close()
        if healthy:
            healthy.close()


@pytest.mark.parametrize("case", ["missing variable", "typo", "no apprise"])
def test_bad_input_is_a_clear_error_and_nothing_is_posted(tmp_path, case):
    channels = CHANNELS.replace("council: osaka,", "council: oosaka,") if case == "typo" else CHANNELS
    site_dir = prepare(tmp_path, channels)
    if case == "no apprise":
        config = site_dir / "content" / "site.yaml"
        config.write_text(config.read_text(encoding="utf-8") + 'notify: { command: "/nonexistent/apprise" }\n', encoding="utf-8")
    receiver = Receiver()
    try:
        env, channels_file = wire(tmp_path, site_dir, receiver, drop_env="CH_TOKYO_KDDI" if case == "missing variable" else None)
        run = run_rentai(args(tmp_path / "out", channels_file), cwd=site_dir, env=env)
        assert run.returncode == 1, run.stdout + run.stderr
        assert receiver.posts == [] and receiver.count == 0
        words = {"missing variable": "CH_TOKYO_KDDI is not set",
                 "typo": "unknown council 'oosaka' in channel 'osaka-ntt-officers'; did you mean 'osaka'",
                 "no apprise": "is not installed"}[case]
        assert words in run.stderr, run.stderr
        assert "nothing was sent" in run.stderr or "error" in run.stderr
    finally:
        receiver.close()
