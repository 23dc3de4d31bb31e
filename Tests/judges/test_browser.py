"""A real browser on the served site: Debian's Chromium, driven by Selenium through chromedriver,
headless, in front of nginx with deploy/nginx.conf (so the real CSP, types and cache headers
apply) on 127.0.0.1, which is a secure context: service workers run there as on an https host.

Two builds at --now 2026-11-26 12:00, each behind its own nginx (test_nginx.py's helpers):
  * the readable sample site, as it is: the portals of tokyo/kddi/member (東京 / KDDI労働組合 /
    組合員) and, for contrast, osaka/kddi/officer, whose notices differ;
  * "grown": the same site with GROWN more notices spread over the half year before, aimed at
    every kind of layer (everyone, a block, a council, a block and a council at once, a union, a
    role, two roles, and some that reach neither profile), some archived, some pinned, some
    sharing a date. It is what makes all/'s batches, its de-duplication (a notice filed in two
    layers one profile reads) and the portal's search over more than its own first page
    observable: the sample's profiles have fewer notices than one batch.
Who must see which notice is test_site.py's independent account (its Site model, which decides
from the front matter, never from the build's layers), never the build's own.

What is checked:
  * layout: no horizontal overflow (documentElement.scrollWidth <= innerWidth) at 320, 390 and
    1280 CSS px on the directory, the portals, all/ (its merged list all loaded), the profile's
    layer pages (and a layer's page 2) and every notice page of the profile; tap targets
    (.site-title, .portal-links a, .entry-title a, .pagination a, .more-link a, .tag-filter,
    #finder-query, #merged-more, .layer-list a, .site-footer a, the directory's .roles a,
    summary) at least 44 px tall at 390; the coming-up aside beside the list at 1280 and below
    it at 390;
  * the portal lists, in order, the profile's pinned active notices then its newest page_size
    other active ones, each opening on a page whose h1 is the entry's title; entries carry their
    dates in <time datetime> and the badges their notice calls for (pinned, deadline, soon,
    event, tags, and on all/ and layer pages the archived mark);
  * all/ with JavaScript: the list merged from the profile's layers shows exactly the notices
    that reach the profile, newest first, each once, archived ones marked, in batches of 20:
    loaded by scrolling (IntersectionObserver), by the "さらに表示" button in a browser without
    IntersectionObserver, and without a click or a scroll on a screen taller than a batch;
  * all/ without JavaScript (scripts disabled through DevTools): the finder and the merged list
    stay hidden, and the page links each layer the profile reads that holds a notice, and no
    other, with its name for people and its count; each link opens the layer's pages, which list
    that many notices, archived ones visibly marked;
  * the finder, on the portal and on all/: each tag chip shows exactly the profile's notices
    (active and archived, over its merged layers) with that tag, two chips together those with
    both; searching セミナー (and a tag in upper case) shows exactly the profile's notices whose
    title, summary, from or tags hold it; Enter does not leave the page; clearing shows the list
    again; the sample has a セミナー notice that does not reach tokyo/kddi/member, and the grown
    site many more, so a leak would show, and the grown portal's search must find notices
    beyond its own first page;
  * every page's head: theme-color, icon, apple-touch-icon (a 180 px PNG), rentai.js deferred
    from assets/, no inline script, no error in the console (a CSP refusal would show there),
    <html lang="ja">; portal and all/ pages link their profile's manifest;
  * Chromium's own installability check (DevTools Page.getInstallabilityErrors) finds nothing;
  * the web app manifest, fetched by the page: JSON of type application/manifest+json, lang ja,
    standalone, start_url and scope resolving to the portal folder, icons that are PNGs of their
    declared sizes (192, 512, a maskable 512); the service worker registers with the site root as
    its scope and controls the portal after a reload;
  * what a phone downloads before the first list shows (SPEC: under 200 kB at 10,000 notices):
    in a fresh Chrome profile with DevTools' performance log, opening a portal (sample and grown)
    starts no l/**/index.json request before the window's load event (the page's Resource
    Timing, on the page's own clock), the list is already in #notices at DOMContentLoaded, the
    indexes fetched afterwards are exactly those of the profile's layers, and the bytes on the
    wire (Network.loadingFinished's encodedDataLength) of the requests started before load are
    under 200 kB; they are written to Tests/judges/artifacts/portal-load.json;
  * offline, in a fresh Chrome profile behind a nginx of its own: once the portal says
    data-offline-ready, the network is cut, the portal reloads from the saved copy (h1, entries,
    .banner--offline), an active notice never opened before opens (as corrected after it was
    first kept: a new version in its layers' index.json makes the worker fetch it again), and
    searching セミナー finds what it finds online; all/, never opened in that browser, opens from
    the copy the portal had kept (as it was at the portal's last visit, not at its first), shows
    its merged list and searches it; back online, with a new active notice added to a layer's
    index.json on the server, .banner--new (with a button) appears.
    DevTools' offline emulation (Network.emulateNetworkConditions) covers the page's own requests
    but not the service worker's: with Chromium 156 the worker's network-first fetches still
    reached nginx (its access.log grew). So the offline phase both emulates offline (the page's
    navigator.onLine is false, as on a phone) and stops nginx, and checks that the port refuses;
  * axe-core (the copy that axe-core-python ships) on the directory, the portal in light and in
    dark mode, a notice, all/ (merged list shown; the sample's and the grown one with its "さらに
    表示" button) and a layer page: no violation of impact serious or critical;
  * the keyboard: the first Tab focuses the skip link, shown inside the viewport; tabbing on
    reaches #finder-query and the first tag chip; each focused element shows an outline or a
    box-shadow;
  * screenshots of the portal (phone, PC, phone dark, and the phone's whole page) are written to
    Tests/judges/artifacts/screenshots/ (portal-phone.png, portal-pc.png, portal-phone-dark.png,
    portal-phone-full.png).

Environment:
  RENTAI_BINARY          the rentai binary (default: <repo>/.build/debug/rentai)
  RENTAI_SITE            the site folder (default: the repository root; the checks rely on the
                         sample site's profiles tokyo/kddi/member and osaka/kddi/officer)
  RENTAI_CHROMIUM        the browser (default: chromium on PATH, /usr/bin/chromium)
  RENTAI_CHROMEDRIVER    its driver (default: chromedriver on PATH, /usr/bin/chromedriver)
  RENTAI_SCREENSHOTS     a folder to copy the screenshots into as well (docs/screenshots)
  RENTAI_REQUIRE_JUDGES  set (non-empty) to fail instead of skip when chromium, chromedriver,
                         selenium, nginx or the binary is missing
Needs: apt chromium chromium-driver fonts-noto-cjk nginx; pip selenium axe-core-python
(scripts/install-deps --judges).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import re
import shutil
import socket
import struct
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_nginx as tn  # noqa: E402  (nginx, the build, and their helpers)
import test_site as ts  # noqa: E402  (the independent model of who sees what)

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - reported by the fixtures
    webdriver = None

REPO = tn.REPO
NOW = tn.NOW
PROFILE = tn.PROFILE                      # ("tokyo", "kddi", "member")
OTHER = ("osaka", "kddi", "officer")      # another place and role: other notices
PROFILES = [PROFILE, OTHER]
# (which build, whose pages): "sample" is the sample site as it is, "grown" the same with GROWN
# more notices (see grow_site)
CASES = [("sample", PROFILE), ("sample", OTHER), ("grown", PROFILE), ("grown", OTHER)]
QUERY = "セミナー"
GROWN = 100       # notices added to the sample's history in the grown site
BATCH = 20        # all/'s merged list shows this many more at a time (rentai.js)
PHONE_BUDGET = 200_000  # bytes on the wire before a portal's first list shows (SPEC, README)

PHONE = (390, 844)
PC = (1280, 800)
SMALL = (320, 640)
TAP_MIN = 44  # CSS px
TAP_TARGETS = [".site-title", ".portal-links a", ".entry-title a", ".pagination a", ".more-link a",
               ".tag-filter", "#finder-query", "#merged-more", ".layer-list a", ".site-footer a",
               ".roles a", "summary", ".my-portal"]
WAIT = 10     # seconds, for anything the page's script does
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"
LOAD_REPORT = Path(__file__).resolve().parent / "artifacts" / "portal-load.json"
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
LAYER_INDEX = re.compile(r"/l/(?:[^/?#]+/)+index\.json(?:[?#].*)?$")


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


_need = tn._need
fail_with = ts.fail_with


def pname(profile) -> str:
    return "/".join(profile)


def case_id(case) -> str:
    return f"{case[0]}-{pname(case[1])}"


def portal_path(profile) -> str:
    return "/p/" + pname(profile) + "/"


def all_path(profile) -> str:
    return portal_path(profile) + "all/"


def layer_path(layer) -> str:
    return "/l/" + "/".join(layer) + "/"


# --------------------------------------------------------------------------------------------
# the browser


def _tool(env: str, name: str) -> str | None:
    path = _env(env) or shutil.which(name) or f"/usr/bin/{name}"
    return path if os.access(path, os.X_OK) else None


def require_browser() -> tuple[str, str]:
    _need(webdriver is not None, "selenium is not installed (pip install -r Tests/judges/requirements.txt)")
    chromium, driver = _tool("RENTAI_CHROMIUM", "chromium"), _tool("RENTAI_CHROMEDRIVER", "chromedriver")
    _need(chromium is not None, "chromium is not installed (apt-get install chromium)")
    _need(driver is not None, "chromedriver is not installed (apt-get install chromium-driver)")
    return chromium, driver


def start_chrome(profile_dir: Path, performance: bool = False):
    """A headless Chromium on its own profile; with `performance`, DevTools' Network and Page
    events are kept for driver.get_log("performance")."""
    chromium, driver_path = require_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--disable-dev-shm-usage", "--lang=ja", "--window-size=1280,800",
                f"--user-data-dir={profile_dir}", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--hide-scrollbars"):
        options.add_argument(arg)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")
    logs = {"browser": "ALL"}
    if performance:
        logs["performance"] = "ALL"
        options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": True})
    options.set_capability("goog:loggingPrefs", logs)
    try:
        driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    except WebDriverException as e:
        pytest.fail(f"chromium did not start through {driver_path}: {e.msg}", pytrace=False)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    return driver


def viewport(driver, size: tuple[int, int], dark: bool = False) -> None:
    w, h = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})


def wait_for(driver, script: str, timeout: float = WAIT, *args):
    """Polls a JS expression (`return …`) until it is truthy; returns its value or None."""
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.05).until(
            lambda d: d.execute_script(script, *args))
    except TimeoutException:
        return None


FINDER_READY = ("const f = document.getElementById('finder');"
                "return !f || (!f.hidden && document.readyState === 'complete');")


def load(driver, url: str, finder: bool = True) -> None:
    """Opens url and waits for the page's script: the finder of a portal or an all/ page is shown
    once its layers' index.json have been read and merged (and all/'s merged list with it);
    nothing is waited for on pages without one."""
    driver.get(url)
    wait_for(driver, "return document.readyState === 'complete'")
    if finder:
        wait_for(driver, FINDER_READY, 5)


def console_errors(driver) -> list[str]:
    try:
        return [e.get("message", "") for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    except WebDriverException:
        return []


FETCH = """
const [url, kind, done] = arguments;
fetch(url, {cache: "no-store"}).then(async (r) => {
  const out = {status: r.status, type: r.headers.get("content-type"), url: r.url};
  if (kind === "json") {
    const text = await r.text();
    try { out.json = JSON.parse(text); } catch (e) { out.error = "not JSON: " + e + ": " + text.slice(0, 200); }
  } else {
    const bytes = new Uint8Array(await r.arrayBuffer());
    let s = "";
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    out.b64 = btoa(s);
  }
  done(out);
}).catch((e) => done({error: String(e)}));
"""


def browser_fetch(driver, url: str, kind: str = "json") -> dict:
    """Fetches url from inside the page (its origin, its CSP, its service worker)."""
    return driver.execute_async_script(FETCH, url, kind)


def png_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def slug_of(url: str | None) -> str | None:
    """n/<slug>/ (or n/<slug>/index.html) -> slug."""
    if not url:
        return None
    m = re.fullmatch(r"/n/(.+?)/(?:index\.html)?", urlsplit(url).path)
    return m.group(1) if m else None


# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# the independent account (test_site.py's model) and what search must match


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def first_paragraph(n: ts.Notice) -> str:
    """The body's first paragraph as plain text (SPEC §4: the summary when the front matter has
    none); rough, but enough to know whether a word is in it."""
    text = n.path.read_text(encoding="utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
    blocks = re.split(r"\n\s*\n", "\n".join(lines[end + 1:]).strip())
    for block in blocks:
        if re.match(r"\s*(#|\||[-*+] |\d+[.)] |>|```|~~~|<)", block):
            continue
        block = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", block)
        return re.sub(r"[*_~`]", "", block).replace("\n", " ").strip()
    return ""


def summary_of(n: ts.Notice) -> str:
    s = n.fm.get("summary")
    return str(s) if s not in (None, "") else first_paragraph(n)


def tags_of(n: ts.Notice) -> list[str]:
    return ts.as_list(n.fm.get("tags"))


def shown_tags(n: ts.Notice) -> list[str]:
    """The tags as pages show them: by site.yaml's names where it names them."""
    return [n.site.tag_names.get(t, t) for t in tags_of(n)]


def matches(n: ts.Notice, query: str) -> bool:
    text = norm("\n".join([n.title, summary_of(n), str(n.fm.get("from") or ""), " ".join(tags_of(n)),
                           " ".join(shown_tags(n))]))
    return all(word in text for word in norm(query).split())


# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# fixtures: two builds, each behind its own nginx, and one browser for the module


@dataclass
class Served:
    root: str          # http://127.0.0.1:PORT
    public: Path
    work: Path         # nginx's prefix: logs/access.log
    site: ts.Site      # the independent account, at NOW
    name: str = "sample"

    def url(self, path: str) -> str:
        return self.root + path

    def reach(self, profile) -> list[ts.Notice]:
        return self.site.reach(profile)

    def active(self, profile) -> set[str]:
        return {n.slug for n in self.reach(profile) if n.active}

    def published(self, profile) -> set[str]:
        return {n.slug for n in self.reach(profile)}

    def portal_list(self, profile) -> list[str]:
        """What the portal lists, in order: pinned active notices, then the newest page_size others."""
        return [n.slug for n in self.site.portal_list(profile)]

    def layers(self, profile) -> list[tuple[str, str, str]]:
        """The layers the profile reads that hold a notice: those all/ links (SPEC §15)."""
        return [l for l in self.site.reads(profile) if self.site.layer_notices.get(l)]

    def in_layer(self, layer) -> list[ts.Notice]:
        return self.site.layer_notices.get(layer, [])


def model_at_now(public: Path, site_dir: Path | None = None) -> ts.Site:
    """test_site.py's Site for this build: its content/, its public/, NOW, no secret, no drafts."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ts, "PUBLIC", public)
        if site_dir is not None:
            mp.setattr(ts, "SITE", site_dir)
            mp.setattr(ts, "CONTENT", site_dir / "content")
        mp.setenv("RENTAI_NOW", NOW)
        for name in ("RENTAI_SECRET", "RENTAI_SECRET_FILE", "RENTAI_DRAFTS"):
            mp.delenv(name, raising=False)
        return ts.Site()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    require_browser()
    tn.nginx_binary()
    tn.require_binary()
    tmp = tmp_path_factory.mktemp("browser")
    public = tn.build(tmp / "public", secret=None)
    site = model_at_now(public)
    with tn.nginx_serving(public, tmp / "nginx") as root:
        yield Served(root, public, tmp / "nginx", site)


# Who the grown notices are for: front-matter keys, cycled. Each line says which layers it is
# filed in (SPEC §15) and whether tokyo/kddi/member (T) and osaka/kddi/officer (O) read it.
GROWN_TARGETS = [
    {},                                                   # all/all/all                      T O
    {"council": "tokyo"},                                 # council-tokyo/all/all            T
    {},                                                   # (all/all/all more than a page)   T O
    {"council": "tokyo"},                                 # council-tokyo/all/all            T
    {"block": "kanto-shinetsu"},                          # block-kanto-shinetsu/all/all     T
    {"block": "kanto-shinetsu", "council": "tokyo"},      # two layers T reads: listed once  T
    {"council": "tokyo", "union": "kddi"},                # council-tokyo/kddi/all           T
    {"block": "kanto-shinetsu", "union": ["kddi", "ntt"]},  # block-…/kddi/all, block-…/ntt/all T
    {"role": "member"},                                   # all/all/member                   T O
    {"role": ["member", "officer"]},                      # …/member and …/officer: O twice  T O
    {"council": "osaka"},                                 # council-osaka/all/all              O
    {"union": "ntt"},                                     # neither
    {"role": "officer"},                                  # all/all/officer                    O
    {"block": "kinki", "role": "contact"},                # neither (a contact's notice)
    {},
]
GROWN_TOPICS = ["セミナーのご案内", "職場アンケートのお願い", "活動報告", "学習会の開催について", "オンラインセミナー 参加者募集"]


def _yaml_value(v) -> str:
    return "[" + ", ".join(v) + "]" if isinstance(v, list) else str(v)


def grow_site(dst: Path) -> Path:
    """A copy of the site (content/ and templates/) with GROWN more notices under
    content/notices/zz-grown/, dated every two days from 2026-05-01 (some two on a day)."""
    shutil.copytree(tn.SITE / "content", dst / "content")
    if (tn.SITE / "templates").is_dir():
        shutil.copytree(tn.SITE / "templates", dst / "templates")
    folder = dst / "content" / "notices" / "zz-grown"
    folder.mkdir(parents=True)
    start = dt.datetime(2026, 5, 1, 9, 0)
    for i in range(GROWN):
        day = start + dt.timedelta(days=2 * i - (2 if i % 10 == 5 else 0))  # 5, 15, …: a day shared
        fm = {"title": f"第{i + 1}回 {GROWN_TOPICS[i % len(GROWN_TOPICS)]}",
              "date": day.strftime("%Y-%m-%d %H:%M")}
        fm.update({k: _yaml_value(v) for k, v in GROWN_TARGETS[i % len(GROWN_TARGETS)].items()})
        if i % 3 == 0:
            fm["from"] = "テスト事務局"
        fm["summary"] = f"生成されたお知らせ {i + 1} 件目の要旨です。"
        tags = [["seminar"], ["survey"], ["seminar", "youth"], []][i % 4]
        if tags:
            fm["tags"] = _yaml_value(tags)
        if i % 7 == 3:
            fm["expires"] = (day + dt.timedelta(days=10)).strftime("%Y-%m-%d")   # archived at NOW
        if i % 9 == 4:
            fm["deadline"] = "2026-12-20"
        if i == GROWN - 4:
            fm["pinned"] = "true"
        text = "---\n" + "".join(f"{k}: {v}\n" for k, v in fm.items()) + "---\n" + \
            f"生成されたお知らせ {i + 1} 件目の本文です。\n"
        (folder / f"n{i:03d}.md").write_text(text, encoding="utf-8")
    return dst


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    require_browser()
    tn.nginx_binary()
    tn.require_binary()
    tmp = tmp_path_factory.mktemp("grown")
    site_dir = grow_site(tmp / "site")
    public = tmp / "public"
    p = tn.run_rentai(["build", "--site", str(site_dir), "--output", str(public), "--now", NOW])
    if p.returncode != 0:
        pytest.fail(f"rentai build of the grown site exited {p.returncode}\nstderr: {p.stderr[-3000:]}",
                    pytrace=False)
    site = model_at_now(public, site_dir)
    with tn.nginx_serving(public, tmp / "nginx") as root:
        yield Served(root, public, tmp / "nginx", site, "grown")


def paged_layer(site: Served, profile):
    """A layer the profile reads with more than one page (page/2/), or None."""
    return next((l for l in site.layers(profile) if len(site.in_layer(l)) > site.site.page_size), None)


def site_for(request, kind: str) -> Served:
    return request.getfixturevalue({"sample": "served", "grown": "grown"}[kind])


@pytest.fixture(scope="module")
def browser(served, tmp_path_factory):
    driver = start_chrome(tmp_path_factory.mktemp("chrome-profile"))
    try:
        viewport(driver, PC)
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def fresh(browser):
    """The shared browser at PC size, light, with an empty console log."""
    viewport(browser, PC)
    console_errors(browser)
    return browser


def listing_pages(driver, first: str, finder: bool = True):
    """Opens first, then every page reached by rel=next, one after the other, yielding each
    address while its page is the one shown."""
    urls, url = [], first
    while url and url not in urls and len(urls) < 50:
        urls.append(url)
        load(driver, url, finder)
        yield url
        url = driver.execute_script(
            "const a = document.querySelector('link[rel~=\"next\"], a[rel~=\"next\"]'); return a ? a.href : null;")


ENTRIES = """
const scope = arguments[0];
const root = document.querySelector(scope);
if (!root) return null;
const attr = (el, name) => el ? el.getAttribute(name) : null;
const shown = (el) => !!el && el.getBoundingClientRect().height > 0 && getComputedStyle(el).visibility !== "hidden";
return Array.from(root.querySelectorAll("li.entry")).filter((li) => scope !== "main" || !li.closest("#finder-results"))
  .map((li) => {
    const a = li.querySelector(".entry-title a");
    const badge = (kind) => li.querySelector(".badge--" + kind);
    return {
      href: a ? a.href : null,
      title: a ? a.textContent.replace(/\\s+/g, " ").trim() : null,
      date: attr(li.querySelector(".entry-meta time"), "datetime"),
      times: Array.from(li.querySelectorAll("time")).map((t) => t.getAttribute("datetime")),
      pinned: !!badge("pinned"),
      soon: !!badge("soon"),
      fresh: !!badge("new"),
      archived: !!badge("archived"),
      archivedShown: shown(badge("archived")),
      deadline: badge("deadline") ? attr(badge("deadline").querySelector("time"), "datetime") || "" : null,
      event: badge("event") ? attr(badge("event").querySelector("time"), "datetime") || "" : null,
      tags: Array.from(li.querySelectorAll(".badge--tag")).map((b) => b.textContent.trim().replace(/^#/, "")),
    };
  });
"""


def entries(driver, scope: str = "#notices") -> list[dict] | None:
    return driver.execute_script(ENTRIES, scope)


def test_the_grown_history_makes_the_checks_mean_something(grown):
    """The grown site must hold what the all/, search and download checks rely on: more notices
    than three batches for tokyo/kddi/member, a notice it reads in two layers (and one for
    osaka/kddi/officer), archived ones, a pinned one, セミナー notices beyond the portal's first
    page and others that reach neither profile."""
    site, problems = grown.site, []
    for profile in PROFILES:
        reach = grown.reach(profile)
        reads = set(site.reads(profile))
        if len(reach) <= 2 * BATCH:
            problems.append(f"{pname(profile)}: {len(reach)} notices, want more than {2 * BATCH}")
        if not any(len(n.layers & reads) > 1 for n in reach):
            problems.append(f"{pname(profile)}: no notice filed in two layers it reads (nothing to de-duplicate)")
        if not any(n.archived for n in reach):
            problems.append(f"{pname(profile)}: no archived notice")
        on_portal = set(grown.portal_list(profile))
        if not any(matches(n, QUERY) and n.slug not in on_portal for n in reach):
            problems.append(f"{pname(profile)}: no {QUERY} notice beyond the portal's first page")
        if not any(matches(n, QUERY) and not n.reaches(*profile, site) for n in site.published):
            problems.append(f"{pname(profile)}: every {QUERY} notice reaches it (a leak could not show)")
    if paged_layer(grown, PROFILE) is None:
        problems.append(f"{pname(PROFILE)}: no layer it reads holds more than page_size ({site.page_size}) notices")
    if not any(n.pinned and n.active for n in grown.reach(PROFILE)):
        problems.append(f"{pname(PROFILE)}: no pinned active notice")
    fail_with(problems, "the grown site")


# --------------------------------------------------------------------------------------------
# the head of every page, lang, console


def head_problems(driver, served: Served, where: str, manifest_for=None) -> list[str]:
    got = driver.execute_script("""
      const q = (s) => document.querySelector(s);
      const script = q('script[src$="assets/rentai.js"]');
      return {
        lang: document.documentElement.getAttribute("lang"),
        theme: q('meta[name="theme-color"]') && q('meta[name="theme-color"]').content,
        icon: q('link[rel~="icon"]') && q('link[rel~="icon"]').href,
        apple: q('link[rel="apple-touch-icon"]') && q('link[rel="apple-touch-icon"]').href,
        script: script && script.src, defer: !!(script && script.defer),
        inline: Array.from(document.querySelectorAll("script:not([src])")).map((s) => s.textContent.slice(0, 60)),
        manifest: q('link[rel="manifest"]') && q('link[rel="manifest"]').href,
        landmarks: ["header", "main", "footer"].filter((t) => !q(t)),
      };""")
    problems = []
    if got["lang"] != "ja":
        problems.append(f"{where}: <html lang={got['lang']!r}>, want 'ja'")
    if not got["theme"]:
        problems.append(f"{where}: no <meta name=theme-color content>")
    if not got["icon"]:
        problems.append(f"{where}: no <link rel=icon>")
    if got["apple"] != served.url("/assets/icon-180.png"):
        problems.append(f"{where}: apple-touch-icon is {got['apple']!r}, want …/assets/icon-180.png")
    if got["script"] != served.url("/assets/rentai.js") or not got["defer"]:
        problems.append(f"{where}: no <script src=…assets/rentai.js defer> (found {got['script']!r}, defer {got['defer']})")
    if got["inline"]:
        problems.append(f"{where}: inline script(s), which the CSP refuses: {got['inline']}")
    if got["landmarks"]:
        problems.append(f"{where}: no {', '.join(got['landmarks'])} landmark")
    if manifest_for is not None:
        want = served.url(portal_path(manifest_for) + "manifest.webmanifest")
        if got["manifest"] != want:
            problems.append(f"{where}: <link rel=manifest> is {got['manifest']!r}, want {want}")
    return problems


def test_every_page_has_the_app_head_and_no_console_error(served, grown, fresh):
    """Head contract, lang, landmarks, and nothing refused or missing in the console."""
    driver = fresh
    notice = sorted(served.active(PROFILE))[0]
    paged = paged_layer(grown, PROFILE)
    pages = [(grown, "grown all", all_path(PROFILE), PROFILE)]
    if paged is not None:
        pages.append((grown, "grown layer page 2", layer_path(paged) + "page/2/", None))
    # the sample's last: the icon below is fetched from the page's own origin
    pages += [(served, "directory", "/", None), (served, "portal", portal_path(PROFILE), PROFILE),
              (served, "all", all_path(PROFILE), PROFILE), (served, "notice", f"/n/{notice}/", None),
              (served, "other portal", portal_path(OTHER), OTHER), (served, "other all", all_path(OTHER), OTHER),
              (served, "layer", layer_path(served.layers(PROFILE)[0]), None)]
    problems = []
    for site, where, path, manifest_for in pages:
        load(driver, site.url(path))
        wait_for(driver, "return document.documentElement.dataset.offlineReady === 'true'", 5)
        problems += head_problems(driver, site, f"{where} {path}", manifest_for)
        problems += [f"{where} {path}: console: {m}" for m in console_errors(driver)]
    for icon, size in (("/assets/icon-180.png", (180, 180)),):
        r = browser_fetch(driver, served.url(icon), "bytes")
        got = png_size(base64.b64decode(r.get("b64", ""))) if r.get("status") == 200 else None
        if got != size:
            problems.append(f"{icon}: status {r.get('status')}, PNG size {got}, want {size}")
    fail_with(problems, "page heads (theme-color, icons, rentai.js, no inline script, lang, landmarks)")


# --------------------------------------------------------------------------------------------
# all/'s merged list: its state, and loading every batch


MERGED = """
const merged = document.getElementById("merged"), list = document.getElementById("merged-list"),
      more = document.getElementById("merged-more");
const visible = (el) => !!el && !el.closest("[hidden]") && el.getBoundingClientRect().height > 0;
return {shown: visible(merged), count: list ? list.querySelectorAll("li.entry").length : 0, more: visible(more),
        ready: document.documentElement.dataset.indexReady === "true"};
"""


def merged_state(driver) -> dict:
    return driver.execute_script(MERGED)


def load_all_merged(driver, how: str = "scroll", limit: int = 40) -> list[int]:
    """Shows every batch of all/'s merged list, by clicking "さらに表示" or by scrolling to the
    bottom; returns the number of entries shown at the start and after each step."""
    counts = [merged_state(driver)["count"]]
    for _ in range(limit):
        if not merged_state(driver)["more"]:
            break
        if how == "click":
            driver.find_element("id", "merged-more").click()
        else:
            driver.execute_script("window.scrollTo(0, document.documentElement.scrollHeight);")
        if not wait_for(driver, "return document.querySelectorAll('#merged-list li.entry').length > arguments[0];",
                        WAIT, counts[-1]):
            break
        counts.append(merged_state(driver)["count"])
    return counts


def open_all(driver, site: Served, profile) -> None:
    """Opens the profile's all/ page and waits for its merged list."""
    load(driver, site.url(all_path(profile)))
    if not wait_for(driver, "return document.documentElement.dataset.indexReady === 'true' &&"
                            " !document.getElementById('merged').hidden;"):
        pytest.fail(f"{site.name} {all_path(profile)}: the merged list is not shown after {WAIT} s"
                    " (rentai.js shows it once the layers' index.json are read)", pytrace=False)


# --------------------------------------------------------------------------------------------
# layout: overflow, tap targets, the coming-up aside


OVERFLOW = """
const w = window.innerWidth, sw = document.documentElement.scrollWidth;
const culprits = [];
if (sw > w) {
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 0.5 && r.width > 0) {
      const cls = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "";
      culprits.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + cls + " (right " + Math.round(r.right) + ")");
      if (culprits.length >= 3) break;
    }
  }
}
return {w: w, sw: sw, culprits: culprits};
"""


def test_no_horizontal_overflow(served, grown, fresh):
    driver = fresh
    pages = [(served, p) for p in ["/", portal_path(PROFILE), all_path(PROFILE), portal_path(OTHER)]]
    pages += [(served, layer_path(l)) for l in served.layers(PROFILE)]
    pages += [(served, f"/n/{slug}/") for slug in sorted(served.published(PROFILE))]
    pages += [(grown, portal_path(PROFILE)), (grown, all_path(PROFILE))]
    paged = paged_layer(grown, PROFILE)
    if paged is not None:
        pages.append((grown, layer_path(paged) + "page/2/"))
    problems = []
    for size in (SMALL, PHONE, PC):
        viewport(driver, size)
        for site, path in pages:
            load(driver, site.url(path))
            if path == all_path(PROFILE):
                wait_for(driver, "return document.documentElement.dataset.indexReady === 'true';")
                load_all_merged(driver)
            got = driver.execute_script(OVERFLOW)
            if got["sw"] > got["w"]:
                problems.append(f"{size[0]}x{size[1]} {site.name} {path}: scrollWidth {got['sw']} > innerWidth {got['w']}"
                                f" (wider: {', '.join(got['culprits'])})")
    fail_with(problems, "pages wider than the screen")


TAPS = """
const [selectors, min] = arguments;
const out = [];
for (const selector of selectors) {
  const all = Array.from(document.querySelectorAll(selector)).filter((el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden";
  });
  const small = all.map((el) => [el, el.getBoundingClientRect().height]).filter(([el, h]) => h < min - 0.01);
  if (small.length) out.push({selector: selector, total: all.length, small: small.length,
    examples: small.slice(0, 3).map(([el, h]) => (el.textContent || el.getAttribute("aria-label") || el.id || "").trim().slice(0, 24) + " " + h.toFixed(1) + "px")});
}
return out;
"""


def test_tap_targets_are_44px_tall_on_a_phone(served, grown, fresh):
    driver = fresh
    viewport(driver, PHONE)
    pages = [(served, p) for p in ["/", portal_path(PROFILE), all_path(PROFILE),
                                   layer_path(served.layers(PROFILE)[0]), f"/n/{sorted(served.active(PROFILE))[0]}/"]]
    pages.append((grown, all_path(PROFILE)))   # with its "さらに表示" button
    paged = paged_layer(grown, PROFILE)
    if paged is not None:
        pages.append((grown, layer_path(paged)))   # with its pagination
    problems = []
    seen = set()
    for site, path in pages:
        load(driver, site.url(path))
        driver.execute_script("document.querySelectorAll('details').forEach((d) => { d.open = true; });")
        seen |= set(driver.execute_script(
            "return arguments[0].filter((s) => Array.from(document.querySelectorAll(s)).some((el) =>"
            " el.getBoundingClientRect().height > 0));", TAP_TARGETS))
        for bad in driver.execute_script(TAPS, TAP_TARGETS, TAP_MIN):
            problems.append(f"{site.name} {path}: {bad['small']} of {bad['total']} `{bad['selector']}` under {TAP_MIN} px,"
                            f" e.g. {bad['examples']}")
    unseen = [s for s in TAP_TARGETS if s not in seen]
    if unseen:
        problems.append(f"never shown on the pages measured, so not measured: {unseen}")
    fail_with(problems, f"tap targets under {TAP_MIN} CSS px tall at {PHONE[0]} px")


ASIDE = """
const aside = document.querySelector("aside.coming-up, .coming-up");
const list = document.querySelector(".portal-main") || document.querySelector("#notices, section.notices");
if (!aside || !list) return {missing: [aside ? null : ".coming-up", list ? null : ".portal-main"].filter(Boolean)};
const a = aside.getBoundingClientRect(), l = list.getBoundingClientRect();
return {aside: [a.left, a.top, a.right, a.bottom], list: [l.left, l.top, l.right, l.bottom]};
"""


def test_coming_up_is_beside_the_list_on_a_pc_and_first_on_a_phone(served, fresh):
    """Issue 13 item 4: on a phone what is due comes before the list, its first line within the
    first half of the first screen (it was 1,950 px down a 3,071 px page)."""
    driver = fresh
    problems = []
    for size, beside in ((PC, True), (PHONE, False)):
        viewport(driver, size)
        load(driver, served.url(portal_path(PROFILE)))
        got = driver.execute_script(ASIDE)
        if "missing" in got:
            problems.append(f"{size[0]} px: no {got['missing']} on the portal")
            continue
        (al, at, _, _), (_, _, lr, lb) = got["aside"], got["list"]
        if beside and al < lr - 0.5:
            problems.append(f"{size[0]} px: the coming-up aside starts at x={al:.0f}, left of the list's right edge {lr:.0f}"
                            " (want it beside the list)")
        list_top = got["list"][1]
        if not beside and at > list_top + 0.5:
            problems.append(f"{size[0]} px: the coming-up aside starts at y={at:.0f}, below the list's top {list_top:.0f}"
                            " (want it first on a phone)")
        if not beside and at > size[1] / 2:
            problems.append(f"{size[0]} px: the coming-up aside starts at y={at:.0f}, not in the first half screen ({size[1]} px)")
    fail_with(problems, "where the coming-up aside sits")


# --------------------------------------------------------------------------------------------
# the portal's list: exactly the profile's newest, each opening on its own page


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_each_listed_notice_opens_and_the_list_is_the_profiles(request, fresh, case):
    kind, profile = case
    site = site_for(request, kind)
    driver = fresh
    url = site.url(portal_path(profile))
    load(driver, url)
    listed = entries(driver)
    if listed is None:
        pytest.fail(f"{url}: no #notices section", pytrace=False)
    problems = []
    slugs = [slug_of(e["href"]) for e in listed]
    want = site.portal_list(profile)
    if slugs != want:
        got = set(s for s in slugs if s)
        problems.append(f"the portal lists {slugs}; the independent account says, in this order, {want}"
                        f" (extra {ts.fmt_set(got - set(want))}, missing {ts.fmt_set(set(want) - got)})")
    if driver.execute_script("return !!document.querySelector('#notices .pagination, link[rel~=\"next\"]');"):
        problems.append("the portal has pages of its own (rel=next); its history is in all/ and the layers")
    more = driver.execute_script(
        "const a = document.querySelector('#notices .more-link a'); return a ? a.href : null;")
    if more != site.url(all_path(profile) + "index.html") and more != site.url(all_path(profile)):
        problems.append(f"the list's link to all/ is {more!r}, want {site.url(all_path(profile))}")
    for e, slug in zip(listed, slugs):
        if slug is None:
            problems.append(f"entry {e['title']!r} links {e['href']!r}, not a notice page")
            continue
        load(driver, e["href"], finder=False)
        h1 = driver.execute_script(
            "const h = document.querySelector('h1'); return h ? h.textContent.replace(/\\s+/g, ' ').trim() : null;")
        lang = driver.execute_script("return document.documentElement.getAttribute('lang');")
        if h1 != e["title"]:
            problems.append(f"{e['href']}: h1 {h1!r} != the entry's title {e['title']!r}")
        n = site.site.by_slug.get(slug)
        if n is not None and e["title"] != " ".join(n.title.split()):
            problems.append(f"{slug}: listed as {e['title']!r}, its title is {n.title!r}")
        if lang != "ja":
            problems.append(f"{e['href']}: <html lang={lang!r}>")
    fail_with(problems, f"{site.name} {pname(profile)}: the portal's list")


def soon_bounds(n: ts.Notice, now: dt.datetime) -> tuple[bool, bool]:
    """(must be 'soon', may be 'soon'): a deadline within 7 days of now, a day's slack either way
    for how a date-only deadline is read."""
    if n.deadline is None or n.deadline <= now:
        return False, False
    left = n.deadline - now
    return left <= dt.timedelta(days=6), left <= dt.timedelta(days=8)


def entry_problems(e: dict, n: ts.Notice, now: dt.datetime, where: str, portal: bool) -> list[str]:
    out = []
    name = f"{where} {n.slug}"
    if not e["date"] or not DATETIME.match(e["date"]):
        out.append(f"{name}: its date is not in <time datetime> ({e['date']!r})")
    bad = [t for t in e["times"] if not t or not DATETIME.match(t)]
    if bad:
        out.append(f"{name}: <time> without a valid datetime: {bad}")
    if portal and e["pinned"] != (n.pinned and n.active):
        out.append(f"{name}: .badge--pinned {'shown' if e['pinned'] else 'missing'} (pinned: {n.pinned})")
    if e["archived"] != n.archived:
        out.append(f"{name}: .badge--archived {'shown' if e['archived'] else 'missing'} (archived at now: {n.archived})")
    elif n.archived and not e["archivedShown"]:
        out.append(f"{name}: its .badge--archived is not visible")
    if (e["deadline"] is not None) != (n.deadline is not None):
        out.append(f"{name}: .badge--deadline {'shown' if e['deadline'] is not None else 'missing'}")
    elif e["deadline"] == "":
        out.append(f"{name}: .badge--deadline holds no <time datetime>")
    if (e["event"] is not None) != n.has_event:
        out.append(f"{name}: .badge--event {'shown' if e['event'] is not None else 'missing'}")
    elif e["event"] == "":
        out.append(f"{name}: .badge--event holds no <time datetime>")
    if portal:
        must, may = soon_bounds(n, now)
        if must and not e["soon"]:
            out.append(f"{name}: deadline {n.deadline.isoformat()} is within 7 days of {now.isoformat()}: no .badge--soon")
        if e["soon"] and not may:
            out.append(f"{name}: .badge--soon, but its deadline ({n.deadline}) is not within 7 days")
    # 新着 (issue 13 item 4): active and published within the 7 days before now.
    want_new = n.active and now - dt.timedelta(days=7) < n.date <= now
    if e["fresh"] != want_new:
        out.append(f"{name}: .badge--new {'shown' if e['fresh'] else 'missing'} (published {n.date.isoformat()}, now {now.isoformat()})")
    if e["tags"] != shown_tags(n):
        out.append(f"{name}: tag badges {e['tags']} != its tags as named in site.yaml {shown_tags(n)}")
    return out


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_entries_show_dates_and_badges(request, fresh, case):
    """On the portal and on every page of each layer the profile reads."""
    kind, profile = case
    site = site_for(request, kind)
    driver = fresh
    now = site.site.now
    problems = []
    firsts = [(portal_path(profile), "#notices", True)] + [(layer_path(l), "main", False) for l in site.layers(profile)]
    for first, scope, portal in firsts:
        for url in listing_pages(driver, site.url(first)):
            where = url[len(site.root):]
            for e in entries(driver, scope) or []:
                n = site.site.by_slug.get(slug_of(e["href"]))
                if n is not None:
                    problems += entry_problems(e, n, now, where, portal)
            if portal:
                bad = driver.execute_script(
                    "return Array.from(document.querySelectorAll('.coming-up li')).filter((li) =>"
                    " !li.querySelector('time[datetime]')).map((li) => li.textContent.trim().slice(0, 40));")
                problems += [f"{where}: coming-up item without <time datetime>: {b!r}" for b in bad]
    fail_with(problems, f"{site.name} {pname(profile)}: dates and badges of the entries")


# --------------------------------------------------------------------------------------------
# all/: the merged list with JavaScript, the layer links without


@pytest.mark.parametrize("how", ["scroll", "click"])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_all_page_merges_exactly_the_profiles_notices(request, fresh, case, how):
    """The merged list: every notice that reaches the profile, newest first, once, archived
    ones marked, in batches of BATCH, loaded by scrolling (IntersectionObserver) or, in a browser
    without IntersectionObserver, by the "さらに表示" button."""
    kind, profile = case
    site = site_for(request, kind)
    driver = fresh
    viewport(driver, PHONE)
    hidden_io = None
    if how == "click":
        hidden_io = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                           {"source": "delete window.IntersectionObserver;"})["identifier"]
    problems = []
    try:
        open_all(driver, site, profile)
        if how == "click" and driver.execute_script("return 'IntersectionObserver' in window;"):
            pytest.fail("could not take IntersectionObserver away from the page", pytrace=False)
        reach = site.reach(profile)
        total = len(reach)
        first = merged_state(driver)
        if not first["shown"]:
            problems.append("#merged is not shown")
        if first["count"] != min(BATCH, total):
            problems.append(f"the first batch shows {first['count']} entries, want {min(BATCH, total)} (of {total})")
        if first["more"] != (total > BATCH):
            problems.append(f"「さらに表示」 {'shown' if first['more'] else 'hidden'} with {first['count']} of {total} listed")
        counts = load_all_merged(driver, how)
        want_counts = [min(k * BATCH, total) for k in range(1, -(-total // BATCH) + 1)] or [0]
        if how == "click" and counts != want_counts:
            problems.append(f"clicking 「さらに表示」 shows {counts} entries, want {want_counts}")
        if how == "scroll" and (counts[-1] != total or any(c % BATCH and c != total for c in counts)):
            problems.append(f"scrolling down shows {counts} entries, want batches of {BATCH} up to {total}")
        if merged_state(driver)["more"]:
            problems.append("「さらに表示」 is still shown with every notice listed")
        listed = entries(driver, "#merged-list") or []
        slugs = [slug_of(e["href"]) for e in listed]
        want = {n.slug for n in reach}
        got = {s for s in slugs if s}
        if got != want:
            problems.append(f"the merged list holds {ts.fmt_set(got)}; the independent account says {ts.fmt_set(want)}"
                            f" (extra {ts.fmt_set(got - want)}, missing {ts.fmt_set(want - got)})")
        dups = sorted({s for s in slugs if s and slugs.count(s) > 1})
        if dups:
            problems.append(f"listed more than once: {dups}")
        if None in slugs:
            problems.append(f"{slugs.count(None)} entries link no notice page")
        known = [site.site.by_slug[s] for s in slugs if s in site.site.by_slug]
        for a, b in zip(known, known[1:]):
            if a.date < b.date:
                problems.append(f"not newest first: {a.slug} ({a.date.isoformat()}) before {b.slug} ({b.date.isoformat()})")
        for e, slug in zip(listed, slugs):
            n = site.site.by_slug.get(slug)
            if n is not None:
                problems += entry_problems(e, n, site.site.now, all_path(profile), portal=False)
        problems += [f"console: {m}" for m in console_errors(driver)]
    finally:
        if hidden_io is not None:
            driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": hidden_io})
        viewport(driver, PC)
    fail_with(problems, f"{site.name} {all_path(profile)}: the merged list ({how})")


def test_all_page_fills_a_screen_taller_than_a_batch(grown, fresh):
    """On a screen taller than a batch (a PC zoomed out, a monitor on its side) the end of the
    list is still in view after a batch: more come without a scroll or a click, until the list
    runs past the bottom of the screen (or every notice is shown)."""
    driver = fresh
    total = len(grown.reach(PROFILE))
    try:
        viewport(driver, (PC[0], 200))
        open_all(driver, grown, PROFILE)
        batch = driver.execute_script(
            "return document.getElementById('merged-list').getBoundingClientRect().height;")
        tall = int(min(16000, max(2000, batch * 3 + 800)))   # three batches fit, with room to spare
        viewport(driver, (PC[0], tall))
        open_all(driver, grown, PROFILE)
        filled = wait_for(driver, "const m = document.getElementById('merged-more');"
                                  " return document.querySelectorAll('#merged-list li.entry').length >= arguments[0] ||"
                                  " m.hidden || m.getBoundingClientRect().top > window.innerHeight;", WAIT, total)
        count = merged_state(driver)["count"]
    finally:
        viewport(driver, PC)
    assert filled and count >= min(total, 3 * BATCH), (
        f"{grown.name} {all_path(PROFILE)} on a screen {tall} px tall (a batch is {batch:.0f} px): {count} of"
        f" {total} entries shown, the end of the list in view, and no more come without a scroll or a click")


NO_JS_ALL = """
const visible = (el) => !!el && el.getBoundingClientRect().height > 0 && getComputedStyle(el).visibility !== "hidden";
const layers = document.getElementById("layers");
return {
  ran: !!document.querySelector(".banners") || document.documentElement.hasAttribute("data-index-ready"),
  finder: visible(document.getElementById("finder")),
  merged: visible(document.getElementById("merged")),
  entries: Array.from(document.querySelectorAll("li.entry")).filter(visible).length,
  layers: visible(layers),
  links: layers ? Array.from(layers.querySelectorAll("li")).map((li) => {
    const a = li.querySelector("a"), c = li.querySelector(".layer-count");
    return {href: a ? a.href : null, name: a ? a.textContent.replace(/\\s+/g, " ").trim() : null,
            count: c ? c.textContent.trim() : null, shown: visible(a) && visible(c)};
  }) : [],
};
"""


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_all_page_without_javascript_links_each_layer_with_its_count(request, fresh, case):
    """Scripts off: all/ shows no finder and no merged list, and links each layer the profile
    reads that holds a notice (and no other), named for people and counted; each link opens the
    layer's pages, which list that many notices, archived ones visibly marked."""
    kind, profile = case
    site = site_for(request, kind)
    driver = fresh
    problems = []
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        load(driver, site.url(all_path(profile)), finder=False)
        got = driver.execute_script(NO_JS_ALL)
        if got["ran"]:
            pytest.fail("rentai.js ran although scripts are disabled: the check would not mean anything", pytrace=False)
        if got["finder"] or got["merged"] or got["entries"]:
            problems.append(f"without JavaScript: finder shown {got['finder']}, merged list shown {got['merged']},"
                            f" {got['entries']} entries shown (want none of them)")
        if not got["layers"]:
            problems.append("#layers is not shown")
        want = {}
        for layer in site.layers(profile):
            want[site.url(layer_path(layer) + "index.html")] = layer
        seen = set()
        for link in got["links"]:
            href = link["href"] or ""
            if href.endswith("/"):
                href += "index.html"
            layer = want.get(href)
            if layer is None:
                problems.append(f"links {link['href']!r} ({link['name']!r}), not a layer {pname(profile)} reads that holds a notice")
                continue
            seen.add(href)
            name, count = site.site.layer_name(layer), len(site.in_layer(layer))
            if link["name"] != name:
                problems.append(f"{layer_path(layer)}: named {link['name']!r}, want {name!r}")
            if re.findall(r"\d+", link["count"] or "") != [str(count)]:
                problems.append(f"{layer_path(layer)}: count {link['count']!r}, want {count}")
            if not link["shown"]:
                problems.append(f"{layer_path(layer)}: its link or count is not visible")
        for href in sorted(set(want) - seen):
            problems.append(f"no link to {layer_path(want[href])} ({site.site.layer_name(want[href])})")
        # each layer, still without JavaScript: that many notices over its pages, archived ones marked
        for href, layer in sorted(want.items()):
            listed = []
            for _ in listing_pages(driver, href, finder=False):
                listed += entries(driver, "main") or []
            slugs = [slug_of(e["href"]) for e in listed]
            if slugs != [n.slug for n in site.in_layer(layer)]:
                problems.append(f"{layer_path(layer)}: lists {len(slugs)} notices {slugs[:5]}…, want"
                                f" {len(site.in_layer(layer))} {[n.slug for n in site.in_layer(layer)][:5]}…")
            for e, slug in zip(listed, slugs):
                n = site.site.by_slug.get(slug)
                if n is not None and n.archived and not e["archivedShown"]:
                    problems.append(f"{layer_path(layer)}: archived {slug} shows no visible .badge--archived")
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    fail_with(problems, f"{site.name} {all_path(profile)} without JavaScript")


# --------------------------------------------------------------------------------------------
# the finder, on the portal and on all/: tag chips and search show only the profile's notices,
# over the list merged from its layers (on the grown site, far more than the portal's first page)


RESULTS = """
const q = (s) => document.querySelector(s);
const results = q("#finder-results"), notices = q("#notices") || q("#merged");
return {
  results_hidden: !results || results.hidden || getComputedStyle(results).display === "none",
  notices_hidden: !notices || notices.hidden || getComputedStyle(notices).display === "none",
  hrefs: results ? Array.from(results.querySelectorAll("li.entry .entry-title a")).map((a) => a.href) : [],
  entries: results ? results.querySelectorAll("li.entry").length : 0,
  untimed: results ? Array.from(results.querySelectorAll("li.entry")).filter((li) => !li.querySelector("time[datetime]")).length : 0,
  status: q("#finder-status") ? q("#finder-status").textContent.trim() : null,
  query: q("#finder-query") ? q("#finder-query").value : null,
  pressed: Array.from(document.querySelectorAll('.tag-filter[aria-pressed="true"]')).map((b) => b.dataset.tag),
};
"""


def results_state(driver) -> dict:
    s = driver.execute_script(RESULTS)
    s["slugs"] = [slug_of(h) or h for h in s["hrefs"]]
    return s


def wait_results(driver, want: set[str]) -> dict:
    """Waits until the finder shows exactly `want` (the list hidden), or WAIT seconds; returns
    the last state seen."""
    def shown(d):
        s = results_state(d)
        ok = s["notices_hidden"] and set(s["slugs"]) == want and len(s["slugs"]) == len(want)
        ok = ok and (s["results_hidden"] == (len(want) == 0) or (not want and not s["slugs"]))
        return s if ok else False
    try:
        return WebDriverWait(driver, WAIT, poll_frequency=0.05).until(shown)
    except TimeoutException:
        return results_state(driver)


def finder_problems(state: dict, want: set[str], what: str) -> list[str]:
    out = []
    got = set(state["slugs"])
    if not state["notices_hidden"]:
        out.append(f"{what}: the list (#notices, or all/'s #merged) is still shown")
    if want and state["results_hidden"]:
        out.append(f"{what}: #finder-results is hidden")
    if got != want or len(state["slugs"]) != len(want):
        out.append(f"{what}: shows {state['slugs']}; want {ts.fmt_set(want)}"
                   f" (extra {ts.fmt_set(got - want)}, missing {ts.fmt_set(want - got)})")
    if state["entries"] != len(state["hrefs"]):
        out.append(f"{what}: {state['entries']} li.entry but {len(state['hrefs'])} .entry-title a")
    if state["untimed"]:
        out.append(f"{what}: {state['untimed']} result(s) without <time datetime>")
    if not state["status"]:
        out.append(f"{what}: #finder-status says nothing")
    return out


def open_finder(driver, site: Served, profile, page: str = "portal") -> None:
    path = portal_path(profile) if page == "portal" else all_path(profile)
    load(driver, site.url(path))
    shown = wait_for(driver, "const f = document.getElementById('finder'); return f && !f.hidden;")
    if not shown:
        pytest.fail(f"{site.name} {path}: #finder is missing or still hidden after {WAIT} s"
                    " (rentai.js should show it once the layers' index.json are read)", pytrace=False)


def press(driver, tag: str) -> None:
    driver.find_element("css selector", f'.tag-filter[data-tag="{tag}"]').click()


@pytest.mark.parametrize("page", ["portal", "all"])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_tag_filters_show_only_the_profiles_notices(request, fresh, case, page):
    kind, profile = case
    site = site_for(request, kind)
    driver = fresh
    open_finder(driver, site, profile, page)
    reach = site.reach(profile)
    chips = driver.execute_script(
        "return Array.from(document.querySelectorAll('.finder-tags .tag-filter')).map((b) =>"
        " [b.dataset.tag, b.getAttribute('aria-pressed'), b.textContent.trim(), b.type]);")
    problems = []
    want_tags = {t for n in reach for t in tags_of(n)}
    got_tags = [c[0] for c in chips]
    if set(got_tags) != want_tags or len(got_tags) != len(set(got_tags)):
        problems.append(f"tag chips {got_tags}; want one per tag of the portal's notices {sorted(want_tags)}")
    names = site.site.tag_names
    for tag, pressed, text, kind in chips:
        shown = "#" + names.get(tag, tag)
        if pressed != "false" or text != shown or kind != "button":
            problems.append(f"chip {tag}: aria-pressed {pressed!r}, text {text!r}, type {kind!r}"
                            f" (want 'false', {shown!r}, 'button')")
    for tag in got_tags:
        want = {n.slug for n in reach if tag in tags_of(n)}
        press(driver, tag)
        state = wait_results(driver, want)
        problems += finder_problems(state, want, f"chip #{tag}")
        if state["pressed"] != [tag]:
            problems.append(f"chip #{tag}: pressed chips are {state['pressed']} after pressing it")
        press(driver, tag)
        back = wait_for(driver, "const n = document.getElementById('notices') || document.getElementById('merged'); return n && !n.hidden &&"
                                " document.getElementById('finder-results').hidden;", 5)
        if not back:
            problems.append(f"chip #{tag}: pressed again, the list does not come back")
    # two chips together: the notices having both
    pair = next((tags_of(n)[:2] for n in reach if len(tags_of(n)) >= 2 and set(tags_of(n)[:2]) <= set(got_tags)), None)
    if pair:
        want = {n.slug for n in reach if set(pair) <= set(tags_of(n))}
        for t in pair:
            press(driver, t)
        problems += finder_problems(wait_results(driver, want), want, f"chips #{pair[0]} + #{pair[1]}")
        driver.find_element("css selector", ".finder-clear").click()
    fail_with(problems, f"{site.name} {pname(profile)} {page}: tag filters")


def type_query(driver, text: str) -> None:
    box = driver.find_element("css selector", "#finder-query")
    box.clear()
    box.send_keys(text)


@pytest.mark.parametrize("page", ["portal", "all"])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_search_shows_only_the_profiles_notices(request, fresh, case, page):
    kind, profile = case
    site = site_for(request, kind)
    driver = fresh
    open_finder(driver, site, profile, page)
    reach = site.reach(profile)
    problems = []
    upper_tag = next((t.upper() for n in reach for t in tags_of(n) if t.upper() != t), None)
    for query in [QUERY] + ([upper_tag] if upper_tag else []):
        want = {n.slug for n in reach if matches(n, query)}
        type_query(driver, query)
        problems += finder_problems(wait_results(driver, want), want, f"search {query!r} (typed)")
    # Enter searches too, and stays on the page
    driver.execute_script("window.__rentaiStay = 1;")
    want = {n.slug for n in reach if matches(n, QUERY)}
    type_query(driver, QUERY)
    driver.find_element("css selector", "#finder-query").send_keys(Keys.ENTER)
    state = wait_results(driver, want)
    if not driver.execute_script("return window.__rentaiStay === 1;"):
        problems.append(f"Enter in the search box left the page (now {driver.current_url})")
    else:
        problems += finder_problems(state, want, f"search {QUERY!r} + Enter")
    # clearing: the button, then an emptied box
    chips = driver.execute_script("return Array.from(document.querySelectorAll('.tag-filter')).map((b) => b.dataset.tag);")
    if chips:
        press(driver, chips[0])
    driver.find_element("css selector", ".finder-clear").click()
    back = wait_for(driver, "const n = document.getElementById('notices') || document.getElementById('merged'), r = document.getElementById('finder-results');"
                            " return n && !n.hidden && r && r.hidden;", 5)
    state = results_state(driver)
    if not back or state["query"] != "" or state["pressed"]:
        problems.append(f"after the clear button: list shown {bool(back)}, query {state['query']!r},"
                        f" pressed chips {state['pressed']}")
    type_query(driver, QUERY)
    wait_results(driver, want)
    box = driver.find_element("css selector", "#finder-query")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    if not wait_for(driver, "const n = document.getElementById('notices') || document.getElementById('merged'); return n && !n.hidden &&"
                            " document.getElementById('finder-results').hidden;", 5):
        problems.append("after emptying the search box (no chip pressed) the list does not come back")
    fail_with(problems, f"{site.name} {pname(profile)} {page}: search")


def test_search_could_leak_a_notice_of_another_profile(served):
    """The search check means something only if some notice matching セミナー does not reach
    tokyo/kddi/member (the sample's content must keep one)."""
    outside = [n.slug for n in served.site.published
               if matches(n, QUERY) and not n.reaches(*PROFILE, served.site)]
    assert outside, (f"no published notice matching {QUERY!r} lies outside {pname(PROFILE)}'s audience:"
                     " the search test could not catch a leak (add one to the sample)")


# --------------------------------------------------------------------------------------------
# web app manifest and service worker


def test_manifest_is_served_and_complete(served, fresh):
    driver = fresh
    portal = served.url(portal_path(PROFILE))
    load(driver, portal)
    href = driver.execute_script("const l = document.querySelector('link[rel=\"manifest\"]'); return l ? l.href : null;")
    assert href, f"{portal}: no <link rel=manifest>"
    r = browser_fetch(driver, href, "json")
    assert r.get("status") == 200 and "json" in r, f"fetch({href}) from the page: {r}"
    problems = []
    ctype = (r.get("type") or "").split(";")[0].strip()
    if ctype != "application/manifest+json":
        problems.append(f"served as {r.get('type')!r}, want application/manifest+json")
    m = r["json"]
    resolve = "return new URL(arguments[0], arguments[1]).href;"
    for key in ("start_url", "scope"):
        got = driver.execute_script(resolve, str(m.get(key, "")), href) if key in m else None
        if got != portal:
            problems.append(f"{key} {m.get(key)!r} resolves to {got!r}, want the portal {portal}")
    for key, want in (("lang", "ja"), ("display", "standalone")):
        if m.get(key) != want:
            problems.append(f"{key} {m.get(key)!r}, want {want!r}")
    for key in ("name", "short_name", "id", "theme_color", "background_color"):
        if not isinstance(m.get(key), str) or not m[key].strip():
            problems.append(f"no {key}")
    if not re.search(r"[\u3040-\u30ff\u3400-\u9fff]", str(m.get("short_name", ""))):
        problems.append(f"short_name {m.get('short_name')!r} is not Japanese")
    icons = m.get("icons") or []
    want_icons = {"icon-192.png": "192x192", "icon-512.png": "512x512", "icon-maskable-512.png": "512x512"}
    for name, sizes in want_icons.items():
        found = [i for i in icons if str(i.get("src", "")).endswith("assets/" + name)]
        if not found:
            problems.append(f"no icon …assets/{name}")
            continue
        if found[0].get("sizes") != sizes:
            problems.append(f"{name}: sizes {found[0].get('sizes')!r}, want {sizes}")
        if name.startswith("icon-maskable") and "maskable" not in str(found[0].get("purpose", "")).split():
            problems.append(f"{name}: purpose {found[0].get('purpose')!r}, want maskable")
    for icon in icons:
        url = driver.execute_script(resolve, str(icon.get("src", "")), href)
        got = browser_fetch(driver, url, "bytes")
        size = png_size(base64.b64decode(got.get("b64", ""))) if got.get("status") == 200 else None
        declared = str(icon.get("sizes", ""))
        if size is None:
            problems.append(f"icon {url}: status {got.get('status')}, not a PNG ({got.get('error', '')})")
        elif f"{size[0]}x{size[1]}" != declared:
            problems.append(f"icon {url}: a {size[0]}x{size[1]} PNG, declared {declared!r}")
    # nginx's own answer, outside the browser
    nr = tn.get(tn.Server(served.root, served.public), urlsplit(href).path)
    media = nr.headers.get("Content-Type", "").split(";")[0].strip()
    if nr.status != 200 or media != "application/manifest+json":
        problems.append(f"nginx: GET {urlsplit(href).path} → {nr.status} {nr.headers.get('Content-Type')!r}")
    fail_with(problems, f"the web app manifest {href}")


SW_READY = """
const done = arguments[arguments.length - 1];
if (!("serviceWorker" in navigator)) { done({error: "no navigator.serviceWorker"}); return; }
const timer = setTimeout(() => done({error: "navigator.serviceWorker.ready did not resolve in 15 s"}), 15000);
navigator.serviceWorker.ready.then((reg) => {
  clearTimeout(timer);
  done({scope: reg.scope, script: reg.active ? reg.active.scriptURL : null});
});
"""


def test_service_worker_registers_and_controls_the_portal(served, fresh):
    driver = fresh
    load(driver, served.url(portal_path(PROFILE)))
    reg = driver.execute_async_script(SW_READY)
    assert "error" not in reg, reg["error"]
    problems = []
    if reg["scope"] != served.url("/"):
        problems.append(f"scope {reg['scope']!r}, want the site root {served.url('/')}")
    if reg["script"] != served.url("/sw.js"):
        problems.append(f"script {reg['script']!r}, want {served.url('/sw.js')}")
    driver.refresh()
    if not wait_for(driver, "return !!navigator.serviceWorker.controller;"):
        problems.append("after a reload, navigator.serviceWorker.controller is still null")
    fail_with(problems, "the service worker")


def test_chromium_would_install_the_portal(served, fresh):
    """Chromium's own verdict (what makes it offer "Install app" / "Add to home screen"):
    no installability error, and a manifest it parsed without error or warning."""
    driver = fresh
    load(driver, served.url(portal_path(PROFILE)))
    driver.execute_async_script(SW_READY)
    problems = []
    verdict = driver.execute_cdp_cmd("Page.getInstallabilityErrors", {})
    for error in verdict.get("installabilityErrors", []):
        problems.append(f"installability: {error.get('errorId')} {error.get('errorArguments') or ''}")
    manifest = driver.execute_cdp_cmd("Page.getAppManifest", {})
    for error in manifest.get("errors", []):
        problems.append(f"manifest line {error.get('line')}: {error.get('message')}")
    if not str(manifest.get("url", "")).endswith(portal_path(PROFILE) + "manifest.webmanifest"):
        problems.append(f"Chromium read the manifest at {manifest.get('url')!r}")
    fail_with(problems, "Chromium's installability check")


# --------------------------------------------------------------------------------------------
# accessibility: axe-core


def _axe_script() -> str:
    try:
        from axe_core_python.base import AXE_SCRIPT
    except ImportError:
        _need(False, "axe-core-python is not installed (pip install -r Tests/judges/requirements.txt)")
    return AXE_SCRIPT


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then((r) => done({
  version: axe.version,
  violations: r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 160)}))}))
})).catch((e) => done({error: String(e)}));
"""

AXE_PAGES = ["directory", "portal", "portal-dark", "notice", "all", "all-dark", "grown-all", "layer",
             "grown-layer-page-2"]


def _axe_page(served: Served, grown: Served, page: str) -> tuple[Served, str]:
    if page == "grown-all":
        return grown, all_path(PROFILE)      # a batch shown, 「さらに表示」 below it
    if page == "grown-layer-page-2":
        paged = paged_layer(grown, PROFILE)
        return grown, layer_path(paged) + ("page/2/" if paged else "")
    # the layer that holds an archived notice of the profile, if one does: its mark is checked too
    layers = served.layers(PROFILE)
    layer = next((l for l in layers if any(n.archived for n in served.in_layer(l))), layers[0])
    p = portal_path(PROFILE)
    return served, {"directory": "/", "portal": p, "portal-dark": p, "all": all_path(PROFILE),
                    "all-dark": all_path(PROFILE), "layer": layer_path(layer),
                    "notice": f"/n/{sorted(served.active(PROFILE))[0]}/"}[page]


@pytest.mark.parametrize("page", AXE_PAGES)
def test_axe_finds_nothing_serious(request, served, fresh, page):
    driver = fresh
    site, path = _axe_page(served, request.getfixturevalue("grown") if page.startswith("grown") else None, page)
    viewport(driver, PC, dark=page.endswith("-dark"))
    try:
        load(driver, site.url(path))
        if page in ("all", "all-dark", "grown-all") and not merged_state(driver)["shown"]:
            pytest.fail(f"{site.name} {path}: the merged list is not shown: axe would not see it", pytrace=False)
        driver.execute_script(_axe_script())
        result = driver.execute_async_script(AXE_RUN)
    finally:
        viewport(driver, PC)
    assert "error" not in result, f"axe.run on {site.name} {path}: {result['error']}"
    problems = []
    for v in result["violations"]:
        if v["impact"] in ("serious", "critical"):
            nodes = "; ".join(f"{n['target']} ({n['summary']})" for n in v["nodes"][:5])
            more = f" … and {len(v['nodes']) - 5} more" if len(v["nodes"]) > 5 else ""
            problems.append(f"{v['id']} [{v['impact']}] {v['help']}: {nodes}{more}")
    fail_with(problems, f"axe-core {result['version']} on {site.name} {page} {path}: serious or critical violations")


# --------------------------------------------------------------------------------------------
# keyboard


FOCUSED = """
const el = document.activeElement;
if (!el || el === document.body) return null;
const s = getComputedStyle(el), r = el.getBoundingClientRect();
const cls = typeof el.className === "string" ? el.className : "";
return {
  tag: el.tagName.toLowerCase(), id: el.id, cls: cls, text: (el.textContent || "").trim().slice(0, 30),
  skip: el.matches("a.skip-link"), query: el.id === "finder-query",
  firstTag: el === document.querySelector(".tag-filter"),
  outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0, shadow: s.boxShadow !== "none",
  rect: [r.left, r.top, r.right, r.bottom], vw: window.innerWidth, vh: window.innerHeight,
  visible: s.visibility !== "hidden" && parseFloat(s.opacity) > 0,
};
"""


def test_keyboard_reaches_the_skip_link_search_and_tags(served, fresh):
    driver = fresh
    open_finder(driver, served, PROFILE)
    problems = []
    seen, reached_query, reached_tag = [], False, False
    for i in range(40):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        f = driver.execute_script(FOCUSED)
        if f is None:
            problems.append(f"Tab {i + 1}: nothing focused")
            break
        name = f"{f['tag']}{'#' + f['id'] if f['id'] else ''}{'.' + '.'.join(f['cls'].split()) if f['cls'] else ''}"
        seen.append(name)
        if i == 0:
            if not f["skip"]:
                problems.append(f"the first Tab focuses {name} «{f['text']}», not a.skip-link")
            else:
                l, t, r, b = f["rect"]
                if not (f["visible"] and r - l > 1 and b - t > 1 and l >= 0 and t >= 0
                        and r <= f["vw"] + 0.5 and b <= f["vh"] + 0.5):
                    problems.append(f"the focused skip link is not inside the viewport: rect {f['rect']},"
                                    f" viewport {f['vw']}x{f['vh']}, visible {f['visible']}")
        if not (f["outline"] or f["shadow"]):
            problems.append(f"Tab {i + 1}: {name} «{f['text']}» shows no focus indicator (no outline, no box-shadow)")
        reached_query |= f["query"]
        reached_tag |= f["firstTag"]
        if reached_query and reached_tag:
            break
    if not reached_query:
        problems.append("tabbing never reaches #finder-query")
    if not reached_tag:
        problems.append("tabbing never reaches the first .tag-filter")
    fail_with(problems, f"keyboard on {portal_path(PROFILE)} (tab order: {' → '.join(seen)})")


# --------------------------------------------------------------------------------------------
# screenshots


def _screenshot(driver, served: Served, size, dark: bool, full: bool, out: Path) -> None:
    viewport(driver, size, dark)
    load(driver, served.url(portal_path(PROFILE)))
    wait_for(driver, "return document.fonts ? document.fonts.status === 'loaded' : true;")
    if full:
        height = int(driver.execute_script("return Math.ceil(document.documentElement.scrollHeight);"))
        viewport(driver, (size[0], max(size[1], min(height, 16000))), dark)
    driver.save_screenshot(str(out))


def test_screenshots_of_the_portal(served, fresh):
    driver = fresh
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # What a member sees on opening the portal (the README shows these), and the whole page.
    shots = [("portal-phone.png", PHONE, False, False), ("portal-pc.png", PC, False, False),
             ("portal-phone-dark.png", PHONE, True, False), ("portal-phone-full.png", PHONE, False, True)]
    try:
        for name, size, dark, full in shots:
            _screenshot(driver, served, size, dark, full, ARTIFACTS / name)
    finally:
        viewport(driver, PC)
    problems = []
    for name, size, _, _ in shots:
        got = png_size((ARTIFACTS / name).read_bytes()) if (ARTIFACTS / name).is_file() else None
        if got is None or got[0] != size[0]:
            problems.append(f"{ARTIFACTS / name}: PNG size {got}, want {size[0]} px wide")
    copy_to = _env("RENTAI_SCREENSHOTS")
    if copy_to:
        Path(copy_to).mkdir(parents=True, exist_ok=True)
        for name, *_ in shots:
            shutil.copyfile(ARTIFACTS / name, Path(copy_to) / name)
    fail_with(problems, "screenshots")


# --------------------------------------------------------------------------------------------
# what a phone downloads before the first list shows


# Added to the page by DevTools before any of its own scripts (so the CSP does not apply): what
# #notices holds at DOMContentLoaded, and a marker request sent by the first of the window's load
# listeners (capturing, registered before rentai.js's), whose place in DevTools' network log is the
# load event's start on the log's own clock. (Page.loadEventFired is only sent once every load
# listener has run, after anything they start.)
LOAD_MARKER = "?rentai-load-event"
FIRST_LIST = """
window.addEventListener("load", function () {
  fetch(location.origin + "/assets/icon-180.png" + MARKER, {cache: "no-store"}).catch(function () {});
}, true);
document.addEventListener("DOMContentLoaded", function () {
  var list = document.getElementById("notices");
  window.__rentaiFirstList = list ? Array.prototype.map.call(list.querySelectorAll("li.entry .entry-title a"),
    function (a) { return a.href; }) : null;
  window.__rentaiIndexesAtDcl = performance.getEntriesByType("resource").filter(function (e) {
    return /\\/l\\/.*index\\.json/.test(e.name); }).length;
});
""".replace("MARKER", json.dumps(LOAD_MARKER))

PAGE_TIMING = """
const nav = performance.getEntriesByType("navigation")[0];
return {
  loadStart: nav ? nav.loadEventStart : null,
  firstList: window.__rentaiFirstList === undefined ? null : window.__rentaiFirstList,
  indexesAtDcl: window.__rentaiIndexesAtDcl === undefined ? null : window.__rentaiIndexesAtDcl,
  resources: performance.getEntriesByType("resource").map((e) => ({url: e.name, start: e.startTime})),
};
"""


def network_log(driver) -> tuple[dict[str, dict], float | None]:
    """DevTools' performance log since it was last read: requestId -> {url, start, bytes,
    encoding, status} (the load marker left out), and when the load event started: when the
    marker request was sent (the same monotonic clock)."""
    requests: dict[str, dict] = {}
    loaded = None
    for entry in driver.get_log("performance"):
        try:
            msg = json.loads(entry["message"])["message"]
        except (KeyError, ValueError):
            continue
        method, params = msg.get("method"), msg.get("params") or {}
        rid = params.get("requestId")
        if method == "Network.requestWillBeSent":
            r = requests.setdefault(rid, {"url": params["request"]["url"], "start": params["timestamp"],
                                          "bytes": 0, "encoding": None, "status": None})
            r["url"] = params["request"]["url"]   # after a redirect, where it went
        elif method == "Network.responseReceived" and rid in requests:
            response = params.get("response") or {}
            headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
            requests[rid].update(status=response.get("status"), encoding=headers.get("content-encoding"))
        elif method == "Network.loadingFinished" and rid in requests:
            requests[rid]["bytes"] = int(params.get("encodedDataLength") or 0)
    marks = [r["start"] for r in requests.values() if r["url"].endswith(LOAD_MARKER)]
    if marks:
        loaded = min(marks)
    return {k: r for k, r in requests.items() if not r["url"].endswith(LOAD_MARKER)}, loaded


def _report_load(kind: str, record: dict) -> None:
    report = {}
    with contextlib.suppress(OSError, ValueError):
        report = json.loads(LOAD_REPORT.read_text(encoding="utf-8"))
    report[kind] = record
    LOAD_REPORT.parent.mkdir(parents=True, exist_ok=True)
    LOAD_REPORT.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@pytest.mark.parametrize("kind", ["sample", "grown"])
def test_portal_shows_its_list_before_fetching_any_layer_index(request, tmp_path_factory, kind):
    """A phone's first visit (fresh profile, nothing cached, no worker yet): the list is in the
    portal's HTML at DOMContentLoaded; no l/**/index.json request starts before the load event;
    the indexes fetched after it are exactly those of the profile's layers, once each; and the
    requests started before load weigh, on the wire, under PHONE_BUDGET bytes."""
    site = site_for(request, kind)
    url = site.url(portal_path(PROFILE))
    driver = start_chrome(tmp_path_factory.mktemp("chrome-load"), performance=True)
    try:
        viewport(driver, PHONE)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIRST_LIST})
        driver.get_log("performance")   # what came before: not this visit
        driver.get(url)
        ready = wait_for(driver, "return document.documentElement.dataset.indexReady === 'true';")
        timing = driver.execute_script(PAGE_TIMING)
        wait_for(driver, "return document.documentElement.dataset.offlineReady === 'true';")
        requests, loaded = network_log(driver)
    finally:
        with contextlib.suppress(Exception):
            driver.quit()
    problems = []
    if not ready:
        problems.append(f"the layers' indexes were never read (no data-index-ready after {WAIT} s)")
    first = [slug_of(h) or h for h in (timing["firstList"] or [])]
    if first != site.portal_list(PROFILE):
        problems.append(f"at DOMContentLoaded #notices lists {first}; want, from the HTML alone, {site.portal_list(PROFILE)}")
    if timing["indexesAtDcl"] != 0:
        problems.append(f"{timing['indexesAtDcl']} layer index(es) already requested at DOMContentLoaded")
    load_start = timing["loadStart"] or 0
    if load_start <= 0:
        problems.append("the page's navigation timing has no loadEventStart")
    indexes = [r for r in timing["resources"] if LAYER_INDEX.search(urlsplit(r["url"]).path)]
    for r in indexes:
        if r["start"] < load_start:
            problems.append(f"{r['url']} started at {r['start']:.1f} ms, before the load event ({load_start:.1f} ms)")
    want = sorted(site.url(layer_path(l) + "index.json") for l in site.layers(PROFILE))
    got = sorted(r["url"] for r in indexes)
    if got != want:
        problems.append(f"layer indexes fetched {got}; want the profile's layers, once each: {want}")
    if loaded is None:
        problems.append(f"DevTools saw no load marker request (…{LOAD_MARKER}) from the load event")
        loaded = float("inf")
    before = sorted((r for r in requests.values() if r["start"] < loaded and r["url"].startswith(("http:", "https:"))),
                    key=lambda r: r["start"])
    early = [r["url"] for r in before if LAYER_INDEX.search(urlsplit(r["url"]).path)]
    if early:
        problems.append(f"DevTools saw layer indexes requested before the load event: {early}")
    total = sum(r["bytes"] for r in before)
    record = {"portal": portal_path(PROFILE), "notices_reaching_it": len(site.reach(PROFILE)),
              "bytes_before_load": total,
              "requests_before_load": [{"path": urlsplit(r["url"]).path, "bytes": r["bytes"], "status": r["status"],
                                        "content_encoding": r["encoding"]} for r in before],
              "layer_indexes_after_load": len(indexes)}
    _report_load(kind, record)
    listing = ", ".join(f"{urlsplit(r['url']).path} {r['bytes']}" for r in before)
    print(f"\n{kind} {portal_path(PROFILE)}: {total} bytes on the wire in {len(before)} requests before load"
          f" ({listing}); {len(indexes)} layer indexes fetched by the page")
    if not before:
        problems.append("DevTools saw no request before the load event (the log is not working)")
    if total >= PHONE_BUDGET:
        problems.append(f"{total} bytes before load, want under {PHONE_BUDGET}")
    fail_with(problems, f"{site.name} {portal_path(PROFILE)}: what comes before the first list")


# --------------------------------------------------------------------------------------------
# offline, in a fresh browser profile behind its own nginx


@contextlib.contextmanager
def _nginx_on(public: Path, work: Path, port: int):
    """test_nginx's nginx_serving, on a chosen port (to come back on the same origin)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tn, "free_port", lambda: port)
        cm = tn.nginx_serving(public, work)
        root = cm.__enter__()
    try:
        yield root
    finally:
        cm.__exit__(None, None, None)


def _refused(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except OSError:
        return True


OFFLINE = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
ONLINE = dict(OFFLINE, offline=False)


def _layer_index_files(public: Path, site: Served, profile) -> list[Path]:
    return [public / layer_path(l).strip("/") / "index.json" for l in site.layers(profile)]


def test_portal_all_page_and_notices_open_offline_and_new_ones_are_announced(served, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("offline")
    public = tmp / "public"
    shutil.copytree(served.public, public)
    work = tmp / "nginx"
    port = tn.free_port()
    portal_rel = portal_path(PROFILE)
    problems: list[str] = []
    driver = start_chrome(tmp / "chrome-profile")
    stack = contextlib.ExitStack()
    try:
        root = stack.enter_context(_nginx_on(public, work, port))
        portal = root + portal_rel
        viewport(driver, PHONE)
        load(driver, portal)
        if not wait_for(driver, "return document.documentElement.dataset.offlineReady === 'true';", 30):
            pytest.fail(f"{portal}: <html data-offline-ready=\"true\"> never came (30 s): the service worker"
                        " did not report the portal as kept", pytrace=False)
        online_entries = entries(driver) or []
        active = [e for e in online_entries if slug_of(e["href"]) in served.active(PROFILE)]
        assert active, f"{portal}: no active notice listed to open offline"

        # a notice corrected after the worker kept it: its new version in its layers' index.json
        # makes the worker fetch it again on the next visit, so the member does not read the old one
        target = active[-1]
        page_file = public / urlsplit(target["href"]).path.lstrip("/")
        if page_file.name != "index.html":
            page_file = page_file / "index.html"
        html = page_file.read_text(encoding="utf-8")
        page_file.write_text(html.replace("</main>", '<p id="corrected">会場が変更になりました</p></main>', 1), encoding="utf-8")
        target_href = f"n/{slug_of(target['href'])}/index.html"
        bumped = 0
        for index_file in _layer_index_files(public, served, PROFILE):
            index = json.loads(index_file.read_text(encoding="utf-8"))
            for record in index["notices"]:
                if record.get("href") == target_href:
                    record["version"] = "corrected"
                    bumped += 1
            index_file.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        assert bumped >= 1, f"no layer index.json of {pname(PROFILE)} has a record with href {target_href}"
        # all/ changed on the server after the first visit kept it (as when a layer gains a notice):
        # the copy kept for offline reading must be the one of the last visit, not of the first
        all_file = public / all_path(PROFILE).strip("/") / "index.html"
        all_file.write_text(all_file.read_text(encoding="utf-8").replace(
            "</main>", '<p id="all-updated">一覧を更新しました</p></main>', 1), encoding="utf-8")
        load(driver, portal)
        if not wait_for(driver, "return document.documentElement.dataset.offlineReady === 'true';", 30):
            problems.append("the second visit never reported the portal as kept")

        # offline: the page's requests are refused by emulation, the worker's by a stopped nginx
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", OFFLINE)
        stack.close()
        assert _refused(port), f"nginx still answers on port {port}"
        log = work / "logs" / "access.log"
        lines_before = len(log.read_text(encoding="utf-8", errors="replace").splitlines())

        driver.refresh()
        wait_for(driver, "return document.readyState === 'complete';")
        got = driver.execute_script(
            "const h = document.querySelector('h1'); return h ? h.textContent.trim() : null;")
        if not got:
            problems.append(f"offline: the portal shows no h1 (title {driver.title!r})")
        offline_entries = entries(driver) or []
        if [e["href"] for e in offline_entries] != [e["href"] for e in online_entries]:
            problems.append(f"offline: the portal lists {len(offline_entries)} entries, online it listed {len(online_entries)}")
        if not wait_for(driver, "const b = document.querySelector('main .banner.banner--offline');"
                                " return b && b.getBoundingClientRect().height > 0;", 5):
            problems.append("offline: no visible .banner--offline in main")

        # an active notice that this browser has never opened, as corrected
        load(driver, target["href"], finder=False)
        h1 = driver.execute_script(
            "const h = document.querySelector('h1'); return h ? h.textContent.replace(/\\s+/g, ' ').trim() : null;")
        if h1 != target["title"]:
            problems.append(f"offline: {target['href']} shows h1 {h1!r}, want {target['title']!r}")
        elif not driver.execute_script("return !!document.getElementById('corrected');"):
            problems.append(f"offline: {target['href']} is the copy from before its correction")

        # search works offline too: the layers' indexes are among what the worker kept
        want_q = {n.slug for n in served.reach(PROFILE) if matches(n, QUERY)}
        load(driver, portal)
        if not wait_for(driver, "const f = document.getElementById('finder'); return f && !f.hidden;", 10):
            problems.append("offline: the portal's finder stays hidden (the layers' index.json not kept?)")
        else:
            type_query(driver, QUERY)
            problems += finder_problems(wait_results(driver, want_q), want_q, f"offline search {QUERY!r} on the portal")

        # all/, never opened in this browser: the portal's link to it opens the copy the portal kept
        driver.find_element("css selector", "a[data-all]").click()
        wait_for(driver, "return document.readyState === 'complete' && /\\/all\\//.test(location.pathname);")
        if not wait_for(driver, "return document.documentElement.dataset.indexReady === 'true' &&"
                                " !document.getElementById('merged').hidden;", WAIT):
            h1 = driver.execute_script("const h = document.querySelector('h1'); return h && h.textContent;")
            problems.append(f"offline: all/ ({driver.current_url}) shows no merged list (h1 {h1!r})")
        else:
            if not driver.execute_script("return !!document.getElementById('all-updated');"):
                problems.append("offline: all/ is the copy kept at the portal's first visit, not at its last")
            load_all_merged(driver)
            slugs = [slug_of(e["href"]) for e in entries(driver, "#merged-list") or []]
            want = served.published(PROFILE)
            if set(slugs) != want or len(slugs) != len(want):
                problems.append(f"offline: all/'s merged list holds {slugs}; want each of {ts.fmt_set(want)} once")
            if not wait_for(driver, "const b = document.querySelector('main .banner.banner--offline');"
                                    " return b && b.getBoundingClientRect().height > 0;", 5):
                problems.append("offline: no visible .banner--offline on all/")
            type_query(driver, QUERY)
            problems += finder_problems(wait_results(driver, want_q), want_q, f"offline search {QUERY!r} on all/")
        # and by its folder's address, as a bookmark opens it
        load(driver, root + all_path(PROFILE))
        if not driver.execute_script("return !!document.querySelector('h1') && !document.getElementById('merged').hidden;"):
            problems.append(f"offline: {all_path(PROFILE)} (the folder's address) shows no page with its merged list")
        lines_after = len(log.read_text(encoding="utf-8", errors="replace").splitlines())
        if lines_after != lines_before:
            problems.append(f"offline: nginx's access.log grew by {lines_after - lines_before} line(s)")

        # back online, with a notice the page has never seen, in the layer everyone reads
        load(driver, portal)
        everyone = public / layer_path(("all", "all", "all")).strip("/") / "index.json"
        index = json.loads(everyone.read_text(encoding="utf-8"))
        index["notices"].insert(0, {
            "url": served.site.base_url + "n/zz-new-test/", "href": "n/zz-new-test/index.html", "version": "new",
            "title": "テスト用の新しいお知らせ", "date": "2026-11-26T11:30:00+09:00",
            "date_text": "2026年11月26日", "from": None, "summary": "オンライン復帰の確認用", "tags": [],
            "pinned": False, "archived": False})
        everyone.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        stack.enter_context(_nginx_on(public, work, port))
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", ONLINE)
        driver.execute_script("window.dispatchEvent(new Event('online'));")
        if not wait_for(driver, "const b = document.querySelector('.banner.banner--new');"
                                " return b && b.getBoundingClientRect().height > 0 && !!b.querySelector('button');", WAIT):
            problems.append("back online with a new notice in l/all/all/all/index.json: no visible .banner--new with a button")
    finally:
        with contextlib.suppress(Exception):
            driver.quit()
        stack.close()
    fail_with(problems, f"offline reading of {portal_rel} and its all/ page")


# --------------------------------------------------------------------------------------------
# issue 13: what a new member tripped over on a phone


def test_a_notice_page_leads_back_to_the_members_own_portal(served, fresh):
    """Item 5: after the member's portal was opened on this device, every notice page offers
    「自分のポータルへ」, linking that portal; before, it stays hidden and the directory link is there."""
    driver = fresh
    notice = f"/n/{sorted(served.active(PROFILE))[0]}/"
    load(driver, served.url("/"), finder=False)
    driver.execute_script("localStorage.clear();")
    load(driver, served.url(notice), finder=False)
    problems = []
    state = driver.execute_script(
        "const a = document.querySelector('a.my-portal'); const f = document.querySelector('.site-footer a');"
        " return {hidden: !a || a.hidden || a.getBoundingClientRect().height === 0, footer: f ? f.textContent.trim() : null};")
    if not state["hidden"]:
        problems.append(f"{notice}: 「自分のポータルへ」 shown before any portal was opened on this device")
    if not state["footer"]:
        problems.append(f"{notice}: no link to the directory in the footer")
    load(driver, served.url(portal_path(PROFILE)))
    load(driver, served.url(notice), finder=False)
    link = driver.execute_script(
        "const a = document.querySelector('a.my-portal');"
        " return a && !a.hidden && a.getBoundingClientRect().height >= 44 ? [a.href, a.textContent.trim()] : null;")
    want = served.url(portal_path(PROFILE))
    if not link:
        problems.append(f"{notice}: no visible 44 px 「自分のポータルへ」 after the portal {portal_path(PROFILE)} was opened")
    elif link[0] != want or link[1] != "自分のポータルへ":
        problems.append(f"{notice}: the way back is {link!r}; want [{want!r}, '自分のポータルへ']")
    fail_with(problems, "the way back to the member's portal")


NAMES_WHOLE = """
const selector = arguments[0];
const bad = [];
for (const el of document.querySelectorAll(selector)) {
  if (el.getBoundingClientRect().width === 0) continue;
  const text = el.textContent.replace(/\\s+/g, " ").trim();
  if (!text) continue;
  // Its width on one line, in its own font.
  const probe = document.createElement("span");
  probe.textContent = el.textContent;
  probe.style.cssText = "position:absolute;left:-99999px;top:0;white-space:nowrap;";
  el.appendChild(probe);
  const width = probe.getBoundingClientRect().width;
  probe.remove();
  let box = el;
  while (box.parentElement && getComputedStyle(box).display.startsWith("inline")) box = box.parentElement;
  const cs = getComputedStyle(box);
  const room = box.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  if (width > room - 1) continue;   // wider than any line: it has to break somewhere
  // A line break between two characters that are not spaces splits a word.
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let previous = null, node, split = null;
  while (!split && (node = walker.nextNode())) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (!rects.length) continue;
      const ch = node.data[i], top = rects[0].top;
      if (previous && top > previous.top + 4 && !/\\s/.test(ch) && !/\\s/.test(previous.ch)) {
        split = previous.ch + "⏎" + ch;
        break;
      }
      previous = {top, ch};
    }
  }
  if (split) bad.push(el.className + " 「" + text + "」 breaks at " + split + " though it fits in " + Math.round(room) + " px");
}
return bad;
"""

WHOLE = ".entry-from, .profile-place, .upcoming-location, .union-name, .notice-facts dd, time, .badge, .council > summary"


def test_names_places_dates_and_times_are_kept_whole(served, fresh):
    """Item 7: issuers, places, dates and times do not break mid-word where they fit
    (「首都⏎圏総支部」, 「13:30〜⏎17:00」, 「12⏎月4日」), at 390 and 320 px."""
    driver = fresh
    problems = []
    pages = [portal_path(PROFILE), "/"] + [f"/n/{slug}/" for slug in sorted(served.active(PROFILE))]
    try:
        for size in (PHONE, SMALL):
            viewport(driver, size)
            for path in pages:
                load(driver, served.url(path), finder=path == portal_path(PROFILE))
                if path == "/":
                    driver.execute_script("document.querySelectorAll('details').forEach((d) => d.open = true);")
                problems += [f"{size[0]} px {path}: {b}" for b in driver.execute_script(NAMES_WHOLE, WHOLE)]
    finally:
        viewport(driver, PC)
    fail_with(problems, "names, places, dates and times split mid-word")


def test_tag_chips_show_names_and_all_are_within_reach_on_a_phone(served, fresh):
    """Item 6: the chips say site.yaml's names (#賃金, not #wage) and every one lies inside the
    screen at 390 px (a row cut at the edge hid the fourth)."""
    driver = fresh
    problems = []
    try:
        viewport(driver, PHONE)
        open_finder(driver, served, PROFILE)
        chips = driver.execute_script(
            "return Array.from(document.querySelectorAll('.finder-tags .tag-filter')).map((b) => {"
            " const r = b.getBoundingClientRect(); return [b.dataset.tag, b.textContent.trim(), r.left, r.right]; });")
        width = driver.execute_script("return document.documentElement.clientWidth;")
    finally:
        viewport(driver, PC)
    if not chips:
        problems.append("no tag chips on the portal")
    names = served.site.tag_names
    for tag, text, left, right in chips:
        if left < -0.5 or right > width + 0.5:
            problems.append(f"chip {text} spans x={left:.0f}…{right:.0f}, outside the {width} px screen")
        if tag in names and text != "#" + names[tag]:
            problems.append(f"chip {tag} says {text!r}; site.yaml names it {names[tag]!r}")
    if not any(tag in names for tag, *_ in chips):
        problems.append("no chip of a tag that site.yaml names: the sample should name its tags in Japanese")
    fail_with(problems, "tag chips on a phone")


def test_directory_uses_a_pcs_width(served, fresh):
    """Item 11: on a PC the blocks stand side by side (one column was 3,325 px tall)."""
    driver = fresh
    viewport(driver, PC)
    load(driver, served.url("/"), finder=False)
    lefts = driver.execute_script("return Array.from(document.querySelectorAll('section.block')).map((b) => Math.round(b.getBoundingClientRect().left));")
    height = driver.execute_script("return document.documentElement.scrollHeight;")
    problems = []
    if len(set(lefts)) < 2:
        problems.append(f"the {len(lefts)} blocks stand in one column at 1280 px")
    if height > 2 * PC[1]:
        problems.append(f"the directory is {height} px tall at 1280 px (more than two screens)")
    fail_with(problems, "the directory on a PC")


def test_offline_ready_is_said_only_when_the_copies_exist(served, tmp_path_factory):
    """Item 19: behind a server that answers every request with `Cache-Control: no-store` (as
    some hosts and proxies do) the worker may keep nothing, and the portal must not claim it can
    be read offline. A plain Python server with that one header stands for such a host."""
    import functools
    import http.server
    import threading

    class NoStore(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, *args):
            pass

    handler = functools.partial(NoStore, directory=str(served.public))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = start_chrome(tmp_path_factory.mktemp("chrome-no-store"))
    try:
        root = f"http://127.0.0.1:{server.server_address[1]}"
        driver.get(root + portal_path(PROFILE))
        said = wait_for(driver, "return document.documentElement.getAttribute('data-offline-ready');", 30)
        assert said == "false", (f"behind Cache-Control: no-store the portal says data-offline-ready={said!r};"
                                 " want 'false' (nothing could be kept)")
    finally:
        driver.quit()
        server.shutdown()


def test_the_previews_view_as_bar_can_be_read(tmp_path, fresh):
    """Item 12: the preview's "view as" bar: its selects and button were rgb(245,247,250) on
    rgb(239,239,239) (the site's `select, button { color: inherit }`); axe's colour contrast rule
    over the bar, in light and dark mode, must find nothing."""
    import test_serve as tsv
    tsv.require_serve()
    server = tsv.Server(tsv.copy_site(tmp_path / "site"))
    driver = fresh
    problems = []
    try:
        for dark in (False, True):
            viewport(driver, PC, dark=dark)
            driver.get(f"http://127.0.0.1:{server.port}/{portal_path(PROFILE).lstrip('/')}")
            bar = wait_for(driver, "return document.querySelector('.rentai-view-as select') !== null;", 20)
            if not bar:
                problems.append("the preview's view-as bar (.rentai-view-as select) never appeared")
                continue
            driver.execute_script(_axe_script())
            result = driver.execute_async_script("""
                const done = arguments[arguments.length - 1];
                axe.run({include: [[".rentai-preview"]]}, {runOnly: ["color-contrast"], resultTypes: ["violations"]})
                  .then((r) => done(r.violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 160)))))
                  .catch((e) => done(["axe: " + e]));""")
            problems += [f"{'dark' if dark else 'light'}: {line}" for line in result]
    finally:
        viewport(driver, PC)
        server.stop()
    fail_with(problems, "colour contrast of the preview's view-as bar")
