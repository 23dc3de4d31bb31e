"""End to end: `rentai serve` (SPEC §12, §14), the live preview, on a copy of the sample site.

The binary is started on a free loopback port (`--port 0`, the port read from what it prints)
and used as a browser would, with urllib:

  1. a portal is served, with the preview's toolbar and script, and /_rentai/status counts builds;
     a notice's title is edited: the build counter moves (the reload signal), an event arrives on
     /_rentai/events, and the portal shows the new title (public/ on disk has it too, without the
     preview's additions); the notice is broken (invalid YAML): the status says ok=false with the
     file and line, the terminal prints `path:line:column: error: …`, and the portal is still the
     last good page (200, new title) carrying the errors; "view as" redirects to the portal of the
     chosen profile and explains a profile that does not exist; SIGINT stops it with status 0 and
     leaves no staging folder.
  2. with `--drafts --scheduled` and a base_url with a path: `/` redirects to that path, a
     draft's page and a scheduled notice's page are served, and public/ is not written (the
     preview goes to .rentai-cache/preview/).

Environment:
  RENTAI_BINARY          the rentai executable (default: <repository>/.build/debug/rentai)
  RENTAI_SITE            the sample site to copy (content/, templates/); default the repository root
  RENTAI_REQUIRE_JUDGES  set (non-empty) to fail instead of skip when the binary has no `serve`
"""

from __future__ import annotations

import functools
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-11-26 12:00"
READY_TIMEOUT = 180  # the first build of the sample site, on a slow machine
CHANGE_TIMEOUT = 120  # a rebuild after an edit
EXIT_TIMEOUT = 15
REQUEST_TIMEOUT = 30

# the sample site's fixtures
NOTICE = Path("content/notices/2026/11-wage-survey-results.md")  # reaches every member
OLD_TITLE = "2026年 賃金実態調査の結果（速報）"
NEW_TITLE = "2026年 賃金実態調査の結果（確定版）"
PORTAL = "p/tokyo/kddi/member/"
DRAFT = "2026/11-ntt-shunto-discussion-draft"  # draft: true, union: ntt, role: officer
DRAFT_TITLE = "2027春闘 職場討論集会の開催について（案）"
SCHEDULED = "2026/12-year-end-office-hours"  # dated 2026-12-05, after NOW
SCHEDULED_TITLE = "年末年始の事務局業務について"
SERVING = re.compile(r"^rentai: serving (http://127\.0\.0\.1:(\d+)(/\S*)) ")


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


SITE = Path(_env("RENTAI_SITE") or REPO).resolve()


def rentai_binary() -> Path:
    return Path(_env("RENTAI_BINARY") or REPO / ".build" / "debug" / "rentai")


def _need(ok: bool, why: str) -> None:
    if ok:
        return
    if _env("RENTAI_REQUIRE_JUDGES"):
        pytest.fail(why + " (RENTAI_REQUIRE_JUDGES is set)", pytrace=False)
    pytest.skip(why)


@functools.lru_cache(maxsize=1)
def _serve_missing() -> str | None:
    b = rentai_binary()
    if not b.is_file() or not os.access(b, os.X_OK):
        return f"no rentai binary at {b} (set RENTAI_BINARY or run swift build)"
    try:
        p = subprocess.run([str(b), "serve", "--help"], capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"{b} serve --help: {e}"
    if p.returncode != 0 or "--port" not in p.stdout + p.stderr:
        return f"{b} has no serve command (`rentai serve --help` exited {p.returncode})"
    return None


def require_serve() -> None:
    why = _serve_missing()
    _need(why is None, why or "")


def copy_site(dest: Path) -> Path:
    if not (SITE / "content" / "site.yaml").is_file():
        pytest.fail(f"no sample site at {SITE} (set RENTAI_SITE)", pytrace=False)
    shutil.copytree(SITE / "content", dest / "content")
    if (SITE / "templates").is_dir():
        shutil.copytree(SITE / "templates", dest / "templates")
    return dest


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def wait_for(what: str, check, timeout: float, server: "Server"):
    """Polls `check` until it returns something truthy; fails naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        if server.proc.poll() is not None:
            pytest.fail(f"rentai serve exited {server.proc.returncode} while waiting for {what}\n{server.output()}",
                        pytrace=False)
        time.sleep(0.1)
    pytest.fail(f"no {what} within {timeout} s (last: {last!r})\n{server.output()}", pytrace=False)


# --------------------------------------------------------------------------------------------
# HTTP, without following redirects


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class Reply:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


# --------------------------------------------------------------------------------------------
# the server


class Server:
    """`rentai serve … --port 0` as a child process; its output is collected line by line."""

    def __init__(self, site: Path, *extra: str):
        self.site = site
        self.lines: list[str] = []
        self.errors: list[str] = []
        env = {k: v for k, v in os.environ.items() if k not in ("RENTAI_SECRET", "RENTAI_SECRET_FILE")}
        env.setdefault("LC_ALL", "C.UTF-8")
        self.proc = subprocess.Popen(
            [str(rentai_binary()), "serve", "--port", "0", "--site", str(site), "--now", NOW, *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
            start_new_session=True)
        for stream, sink in ((self.proc.stdout, self.lines), (self.proc.stderr, self.errors)):
            threading.Thread(target=self._collect, args=(stream, sink), daemon=True).start()
        m = wait_for("`rentai: serving http://127.0.0.1:PORT/…` line",
                     lambda: next((SERVING.match(l) for l in list(self.lines) if SERVING.match(l)), None),
                     READY_TIMEOUT, self)
        self.url, self.port, self.base = m.group(1), int(m.group(2)), m.group(3)

    @staticmethod
    def _collect(stream, sink: list[str]) -> None:
        for raw in iter(stream.readline, b""):
            sink.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def output(self) -> str:
        return ("stdout:\n  " + "\n  ".join(self.lines[-40:]) + "\nstderr:\n  " + "\n  ".join(self.errors[-40:]))

    def get(self, path: str, host: str | None = None) -> Reply:
        url = f"http://127.0.0.1:{self.port}{path}"
        request = urllib.request.Request(url, headers={"Host": host} if host else {})
        try:
            with _OPENER.open(request, timeout=REQUEST_TIMEOUT) as r:
                return Reply(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.headers, e.read())

    def status(self) -> dict:
        reply = self.get("/_rentai/status")
        assert reply.status == 200, f"/_rentai/status: HTTP {reply.status}"
        assert reply.headers.get("Content-Type", "").startswith("application/json")
        return json.loads(reply.body)

    def stop(self) -> int:
        """SIGINT, as Ctrl-C; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"rentai serve did not stop within {EXIT_TIMEOUT} s of SIGINT\n{self.output()}", pytrace=False)

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=EXIT_TIMEOUT)


class Events:
    """/_rentai/events read in a thread: each `build` event's JSON goes into a queue."""

    def __init__(self, server: Server):
        self.events: queue.Queue = queue.Queue()
        self.ended = threading.Event()  # set when the stream reaches its end (the server closed it)
        self.response = urllib.request.urlopen(f"http://127.0.0.1:{server.port}/_rentai/events", timeout=REQUEST_TIMEOUT)
        assert self.response.headers.get("Content-Type", "").startswith("text/event-stream")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name, data = None, []
        try:
            for raw in iter(self.response.readline, b""):
                line = raw.decode("utf-8").rstrip("\r\n")
                if line == "":
                    if name == "build" and data:
                        self.events.put(json.loads("\n".join(data)))
                    name, data = None, []
                elif line.startswith("event:"):
                    name = line[len("event:"):].strip()
                elif line.startswith("data:"):
                    data.append(line[len("data:"):].strip())
        except Exception:  # noqa: BLE001 — the stream was closed under the reader: it is done
            return
        self.ended.set()

    def next_matching(self, what: str, predicate, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            seen.append(event)
            if predicate(event):
                return event
        pytest.fail(f"no event on /_rentai/events with {what} within {timeout} s; got {seen!r}", pytrace=False)

    def close(self) -> None:
        try:
            self.response.close()
        except OSError:
            pass


def staging_leftovers(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob(".rentai-staging-*")) + \
        sorted(str(p.relative_to(site)) for p in site.rglob(".rentai-old-*"))


# --------------------------------------------------------------------------------------------
# the tests


def test_serve_rebuilds_reloads_and_shows_errors(tmp_path):
    require_serve()
    site = copy_site(tmp_path / "site")
    server = Server(site)
    events = None
    try:
        assert server.base == "/", f"the sample site's base_url has no path; served at {server.url}"

        # The portal, with the preview's additions; the file on disk without them.
        status = server.status()
        assert status["ok"] is True and status["errors"] == [] and status["build"] >= 1, status
        first = status["build"]
        page = server.get("/" + PORTAL)
        assert page.status == 200 and page.headers.get("Content-Type") == "text/html; charset=utf-8"
        assert OLD_TITLE in page.text
        assert '<script src="/_rentai/preview.js"' in page.text and 'id="rentai-preview"' in page.text
        assert f'data-build="{first}"' in page.text
        assert server.get("/_rentai/preview.js").status == 200

        # Without --drafts and --scheduled, neither is published, in the preview or in public/.
        assert server.get(f"/n/{DRAFT}/").status == 404
        assert server.get(f"/n/{SCHEDULED}/").status == 404
        assert not (site / "public" / "n" / DRAFT).exists() and not (site / "public" / "n" / SCHEDULED).exists()

        # Only this computer's names are answered: a page elsewhere that points its own host name
        # at 127.0.0.1 (DNS rebinding) reads nothing.
        for host in ("evil.example", f"evil.example:{server.port}", f"127.0.0.1.evil.example:{server.port}"):
            reply = server.get("/_rentai/status", host=host)
            assert reply.status == 421, (host, reply.status)
            assert server.get("/" + PORTAL, host=host).status == 421
        assert server.get("/_rentai/status", host=f"localhost:{server.port}").status == 200

        events = Events(server)
        events.next_matching(f"build {first} (the status on connecting)", lambda e: e["build"] == first, 30)

        # An edit: the counter moves, an event arrives, the page has the new title.
        rewrite(site / NOTICE, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
        wait_for("rebuild after the edit", lambda: server.status()["build"] > first, CHANGE_TIMEOUT, server)
        events.next_matching(f"build > {first} and ok", lambda e: e["build"] > first and e["ok"], 30)
        page = server.get("/" + PORTAL)
        assert page.status == 200 and NEW_TITLE in page.text and OLD_TITLE not in page.text
        on_disk = (site / "public" / PORTAL / "index.html").read_text(encoding="utf-8")
        assert NEW_TITLE in on_disk and "/_rentai/" not in on_disk, "public/ must hold exactly what rentai build writes"
        assert any(re.match(r"^rentai: built \d+ notices .* in \d+\.\d\d s$", l) for l in server.lines), server.output()
        good = server.status()["build"]

        # A broken notice: the errors, in the status, in the terminal and over the last good page.
        (site / NOTICE).write_text(f"---\ntitle: [{NEW_TITLE}\ndate: 2026-11-18 09:00\n---\n本文\n", encoding="utf-8")
        status = wait_for("status ok=false", lambda: (lambda s: s if not s["ok"] else None)(server.status()),
                          CHANGE_TIMEOUT, server)
        assert status["build"] == good, "a failed build must not move the reload counter"
        problems = [e for e in status["errors"] if e["file"].endswith(NOTICE.name)]
        assert problems, status
        assert all(isinstance(e["line"], int) and e["line"] >= 1 and e["column"] >= 1 and e["message"] for e in problems)
        events.next_matching("ok=false", lambda e: not e["ok"] and e["errors"], 30)
        problem = problems[0]
        where = f"{problem['file']}:{problem['line']}:{problem['column']}"
        wait_for("the error in the terminal", lambda: any(l.startswith(where + ": error: ") for l in list(server.errors)),
                 10, server)
        page = server.get("/" + PORTAL)
        assert page.status == 200, "the last good site must still be served"
        assert NEW_TITLE in page.text
        assert 'id="rentai-overlay"' in page.text and f"<code>{where}</code>" in page.text

        # View as: the form's redirect, and a profile that does not exist.
        reply = server.get("/_rentai/view-as?council=tokyo&union=kddi&role=officer")
        assert reply.status == 302 and reply.headers.get("Location") == "/p/tokyo/kddi/officer/", (reply.status, dict(reply.headers))
        assert server.get(reply.headers["Location"]).status == 200
        reply = server.get("/_rentai/view-as?council=nagano&union=kddi&role=member")
        assert reply.status == 404 and "KDDI労働組合" in reply.text and "長野県協議会" in reply.text
        assert "/_rentai/view-as?council=nagano&amp;union=ntt&amp;role=member" in reply.text

        # Fixed again: a new build, no errors.
        rewrite(site / NOTICE, f"title: [{NEW_TITLE}", f"title: {NEW_TITLE}")
        wait_for("rebuild after the fix", lambda: (lambda s: s["ok"] and s["build"] > good)(server.status()),
                 CHANGE_TIMEOUT, server)
        assert 'id="rentai-overlay"' not in server.get("/" + PORTAL).text
    except BaseException:
        server.kill()
        raise
    finally:
        if events:
            events.close()

    assert server.stop() == 0, server.output()
    assert any(l == "rentai: stopped" for l in server.lines), server.output()
    assert staging_leftovers(site) == []


def test_serve_drafts_under_a_base_path_stay_out_of_public(tmp_path):
    require_serve()
    site = copy_site(tmp_path / "site")
    rewrite(site / "content" / "site.yaml", "base_url: https://portal.example.org/", "base_url: https://example.org/portal/")
    server = Server(site, "--drafts", "--scheduled")
    try:
        assert server.base == "/portal/", f"served at {server.url}"
        reply = server.get("/")
        assert reply.status == 302 and reply.headers.get("Location") == "/portal/"
        assert server.get("/portal/").status == 200
        page = server.get(f"/portal/n/{DRAFT}/")
        assert page.status == 200 and DRAFT_TITLE in page.text
        page = server.get(f"/portal/n/{SCHEDULED}/")
        assert page.status == 200 and SCHEDULED_TITLE in page.text
        assert "下書きを含む" in page.text and "公開予定を含む" in page.text, "the toolbar says what the preview includes"
        reply = server.get("/_rentai/view-as?council=tokyo&union=ntt&role=officer")
        assert reply.headers.get("Location") == "/portal/p/tokyo/ntt/officer/"
        assert DRAFT_TITLE in server.get(reply.headers["Location"]).text
        assert not (site / "public").exists(), "drafts must never reach public/"
        assert (site / ".rentai-cache" / "preview" / "n" / DRAFT / "index.html").is_file()
    except BaseException:
        server.kill()
        raise
    assert server.stop() == 0, server.output()
    assert staging_leftovers(site) == []


def test_serve_rebuilds_on_sighup_and_ends_its_streams_when_stopped(tmp_path):
    """Issue 13 item 20: SIGHUP builds again with no file changed (an event arrives, the counter
    moves); Ctrl-C ends every page's event stream (the reader sees the end of the stream, not a
    connection left hanging); a second Ctrl-C during a build says it stops now."""
    require_serve()
    site = copy_site(tmp_path / "site")
    server = Server(site)
    events = None
    try:
        first = server.status()["build"]
        events = Events(server)
        events.next_matching("the current status", lambda e: e.get("build") == first, CHANGE_TIMEOUT)
        server.proc.send_signal(signal.SIGHUP)
        events.next_matching(f"build {first + 1} after SIGHUP", lambda e: e.get("build") == first + 1, CHANGE_TIMEOUT)
        assert server.status()["build"] == first + 1
        assert any("SIGHUP" in line for line in server.errors), server.output()
        assert server.stop() == 0, server.output()
        assert events.ended.wait(EXIT_TIMEOUT), "the event stream did not end when the server stopped"
        assert staging_leftovers(site) == []
    finally:
        if events:
            events.close()
        server.kill()

    # A second Ctrl-C while a build runs: it says it stops now, and leaves nothing behind.
    server = Server(site)
    try:
        server.proc.send_signal(signal.SIGHUP)
        wait_for("the SIGHUP build to start", lambda: any("SIGHUP" in line for line in server.errors), CHANGE_TIMEOUT, server)
        server.proc.send_signal(signal.SIGINT)
        time.sleep(0.05)
        if server.proc.poll() is None:
            server.proc.send_signal(signal.SIGINT)
        code = server.proc.wait(timeout=EXIT_TIMEOUT)
        if code != 0:
            assert code == 128 + signal.SIGINT, server.output()
            assert any("stopping now" in line for line in server.errors), server.output()
        assert staging_leftovers(site) == []
    finally:
        server.kill()
