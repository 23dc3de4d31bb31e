"""A real browser on the served site: Debian's Chromium, driven by Selenium through chromedriver,
headless, in front of nginx with deploy/nginx.conf (so the real CSP, types and cache headers
apply) on 127.0.0.1, which is a secure context: service workers run there as on an https host.

The test builds the readable sample site itself at --now 2026-11-26 12:00 (as test_nginx.py does,
with its helpers) and looks at the portal of tokyo/kddi/member (東京 / KDDI労働組合 / 組合員) and,
for contrast, osaka/kddi/officer, whose notices differ. Who must see which notice is
test_site.py's independent account (its Site model), never the build's own.

What is checked:
  * layout: no horizontal overflow (documentElement.scrollWidth <= innerWidth) at 320, 390 and
    1280 CSS px on the directory, the portal (and its further pages), the archive and every notice
    page of the profile; tap targets (.site-title, .portal-links a, .entry-title a, .pagination a,
    .tag-filter, #finder-query, .site-footer a, the directory's .roles a, summary) at least 44 px
    tall at 390; the coming-up aside beside the list at 1280 and below it at 390;
  * every listed notice (all portal pages) opens, with an h1 equal to the entry's title, and the
    portal lists exactly the profile's active notices; entries carry their dates in
    <time datetime> and the badges their notice calls for (pinned, deadline, soon, event, tags);
  * the finder: each tag chip shows exactly the profile's notices (active and archived) with that
    tag, two chips together those with both; searching セミナー (and a tag in upper case) shows
    exactly the profile's notices whose title, summary, from or tags hold it; Enter does not
    leave the page; clearing shows the list again; the sample has a セミナー notice that does not
    reach tokyo/kddi/member, so a leak would show; search.json lists exactly the profile's
    published notices;
  * every page's head: theme-color, icon, apple-touch-icon (a 180 px PNG), rentai.js deferred
    from assets/, no inline script, no error in the console (a CSP refusal would show there),
    <html lang="ja">; portal and archive pages link their profile's manifest;
  * Chromium's own installability check (DevTools Page.getInstallabilityErrors) finds nothing;
  * the web app manifest, fetched by the page: JSON of type application/manifest+json, lang ja,
    standalone, start_url and scope resolving to the portal folder, icons that are PNGs of their
    declared sizes (192, 512, a maskable 512); the service worker registers with the site root as
    its scope and controls the portal after a reload;
  * offline, in a fresh Chrome profile behind a nginx of its own: once the portal says
    data-offline-ready, the network is cut, the portal reloads from the saved copy (h1, entries,
    .banner--offline), an active notice never opened before opens (as corrected after it was
    first kept: a new version in search.json makes the worker fetch it again), and searching セミナー finds
    what it finds online; back online, with a new
    active notice added to search.json on the server, .banner--new (with a button) appears.
    DevTools' offline emulation (Network.emulateNetworkConditions) covers the page's own requests
    but not the service worker's: with Chromium 156 the worker's network-first fetches still
    reached nginx (its access.log grew). So the offline phase both emulates offline (the page's
    navigator.onLine is false, as on a phone) and stops nginx, and checks that the port refuses;
  * axe-core (the copy that axe-core-python ships) on the directory, the portal in light and in
    dark mode, a notice and the archive: no violation of impact serious or critical;
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
QUERY = "セミナー"

PHONE = (390, 844)
PC = (1280, 800)
SMALL = (320, 640)
TAP_MIN = 44  # CSS px
TAP_TARGETS = [".site-title", ".portal-links a", ".entry-title a", ".pagination a", ".tag-filter",
               "#finder-query", ".site-footer a", ".roles a", "summary"]
WAIT = 10     # seconds, for anything the page's script does
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


_need = tn._need
fail_with = ts.fail_with


def pname(profile) -> str:
    return "/".join(profile)


def portal_path(profile) -> str:
    return "/p/" + pname(profile) + "/"


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


def start_chrome(profile_dir: Path):
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
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
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
    """Opens url and waits for the page's script: a portal's finder is shown once search.json
    has been read (nothing is waited for on pages without one)."""
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


def matches(n: ts.Notice, query: str) -> bool:
    text = norm("\n".join([n.title, summary_of(n), str(n.fm.get("from") or ""), " ".join(tags_of(n))]))
    return all(word in text for word in norm(query).split())


# --------------------------------------------------------------------------------------------
# fixtures: one build, one nginx, one browser for the module


@dataclass
class Served:
    root: str          # http://127.0.0.1:PORT
    public: Path
    work: Path         # nginx's prefix: logs/access.log
    site: ts.Site      # the independent account, at NOW

    def url(self, path: str) -> str:
        return self.root + path

    def reach(self, profile) -> list[ts.Notice]:
        return self.site.reach(profile)

    def active(self, profile) -> set[str]:
        return {n.slug for n in self.reach(profile) if n.active}

    def published(self, profile) -> set[str]:
        return {n.slug for n in self.reach(profile)}


def model_at_now(public: Path) -> ts.Site:
    """test_site.py's Site for this build: its public/, NOW, no secret, no drafts."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ts, "PUBLIC", public)
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


def listing_urls(driver, first: str) -> list[str]:
    """first, then every page reached by rel=next (loaded one after the other)."""
    urls, url = [], first
    while url and url not in urls and len(urls) < 50:
        urls.append(url)
        load(driver, url)
        url = driver.execute_script(
            "const a = document.querySelector('link[rel~=\"next\"], a[rel~=\"next\"]'); return a ? a.href : null;")
    return urls


ENTRIES = """
const scope = arguments[0];
const root = document.querySelector(scope);
if (!root) return null;
const attr = (el, name) => el ? el.getAttribute(name) : null;
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
      deadline: badge("deadline") ? attr(badge("deadline").querySelector("time"), "datetime") || "" : null,
      event: badge("event") ? attr(badge("event").querySelector("time"), "datetime") || "" : null,
      tags: Array.from(li.querySelectorAll(".badge--tag")).map((b) => b.textContent.trim().replace(/^#/, "")),
    };
  });
"""


def entries(driver, scope: str = "#notices") -> list[dict] | None:
    return driver.execute_script(ENTRIES, scope)


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


def test_every_page_has_the_app_head_and_no_console_error(served, fresh):
    """Head contract, lang, landmarks, and nothing refused or missing in the console."""
    driver = fresh
    p = portal_path(PROFILE)
    notice = sorted(served.active(PROFILE))[0]
    pages = [("directory", "/", None), ("portal", p, PROFILE), ("archive", p + "archive/", PROFILE),
             ("notice", f"/n/{notice}/", None), ("other portal", portal_path(OTHER), OTHER),
             ("other archive", portal_path(OTHER) + "archive/", OTHER)]
    if (served.public / p.strip("/") / "page" / "2" / "index.html").is_file():
        pages.append(("portal page 2", p + "page/2/", PROFILE))
    problems = []
    for where, path, manifest_for in pages:
        load(driver, served.url(path))
        wait_for(driver, "return document.documentElement.dataset.offlineReady === 'true'", 5)
        problems += head_problems(driver, served, f"{where} {path}", manifest_for)
        problems += [f"{where} {path}: console: {m}" for m in console_errors(driver)]
    for icon, size in (("/assets/icon-180.png", (180, 180)),):
        r = browser_fetch(driver, served.url(icon), "bytes")
        got = png_size(base64.b64decode(r.get("b64", ""))) if r.get("status") == 200 else None
        if got != size:
            problems.append(f"{icon}: status {r.get('status')}, PNG size {got}, want {size}")
    fail_with(problems, "page heads (theme-color, icons, rentai.js, no inline script, lang, landmarks)")


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


def test_no_horizontal_overflow(served, fresh):
    driver = fresh
    p = portal_path(PROFILE)
    paths = ["/", p, p + "archive/", portal_path(OTHER)]
    if (served.public / p.strip("/") / "page" / "2" / "index.html").is_file():
        paths.append(p + "page/2/")
    paths += [f"/n/{slug}/" for slug in sorted(served.published(PROFILE))]
    problems = []
    for size in (SMALL, PHONE, PC):
        viewport(driver, size)
        for path in paths:
            load(driver, served.url(path))
            got = driver.execute_script(OVERFLOW)
            if got["sw"] > got["w"]:
                problems.append(f"{size[0]}x{size[1]} {path}: scrollWidth {got['sw']} > innerWidth {got['w']}"
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


def test_tap_targets_are_44px_tall_on_a_phone(served, fresh):
    driver = fresh
    viewport(driver, PHONE)
    p = portal_path(PROFILE)
    paths = ["/", p, p + "archive/", f"/n/{sorted(served.active(PROFILE))[0]}/"]
    if (served.public / p.strip("/") / "page" / "2" / "index.html").is_file():
        paths.append(p + "page/2/")
    problems = []
    for path in paths:
        load(driver, served.url(path))
        driver.execute_script("document.querySelectorAll('details').forEach((d) => { d.open = true; });")
        for bad in driver.execute_script(TAPS, TAP_TARGETS, TAP_MIN):
            problems.append(f"{path}: {bad['small']} of {bad['total']} `{bad['selector']}` under {TAP_MIN} px,"
                            f" e.g. {bad['examples']}")
    fail_with(problems, f"tap targets under {TAP_MIN} CSS px tall at {PHONE[0]} px")


ASIDE = """
const aside = document.querySelector("aside.coming-up, .coming-up");
const list = document.querySelector(".portal-main") || document.querySelector("#notices, section.notices");
if (!aside || !list) return {missing: [aside ? null : ".coming-up", list ? null : ".portal-main"].filter(Boolean)};
const a = aside.getBoundingClientRect(), l = list.getBoundingClientRect();
return {aside: [a.left, a.top, a.right, a.bottom], list: [l.left, l.top, l.right, l.bottom]};
"""


def test_coming_up_is_beside_the_list_on_a_pc_and_below_on_a_phone(served, fresh):
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
        if not beside and at < lb - 0.5:
            problems.append(f"{size[0]} px: the coming-up aside starts at y={at:.0f}, above the list's bottom {lb:.0f}"
                            " (want it below the list)")
    fail_with(problems, "where the coming-up aside sits")


# --------------------------------------------------------------------------------------------
# the listed notices: exactly the profile's, each opening on its own page


@pytest.mark.parametrize("profile", PROFILES, ids=pname)
def test_each_listed_notice_opens_and_the_list_is_the_profiles(served, fresh, profile):
    driver = fresh
    listed = []
    for url in listing_urls(driver, served.url(portal_path(profile))):
        got = entries(driver)
        if got is None:
            pytest.fail(f"{url}: no #notices section", pytrace=False)
        listed += [dict(e, page=url) for e in got]
    problems = []
    slugs = [slug_of(e["href"]) for e in listed]
    want = served.active(profile)
    got = set(s for s in slugs if s)
    if got != want:
        problems.append(f"the portal lists {ts.fmt_set(got)}; the independent account says {ts.fmt_set(want)}"
                        f" (extra {ts.fmt_set(got - want)}, missing {ts.fmt_set(want - got)})")
    dups = sorted({s for s in slugs if s and slugs.count(s) > 1})
    if dups:
        problems.append(f"listed more than once: {dups}")
    for e, slug in zip(listed, slugs):
        if slug is None:
            problems.append(f"{e['page']}: entry {e['title']!r} links {e['href']!r}, not a notice page")
            continue
        load(driver, e["href"], finder=False)
        h1 = driver.execute_script(
            "const h = document.querySelector('h1'); return h ? h.textContent.replace(/\\s+/g, ' ').trim() : null;")
        lang = driver.execute_script("return document.documentElement.getAttribute('lang');")
        if h1 != e["title"]:
            problems.append(f"{e['href']}: h1 {h1!r} != the entry's title {e['title']!r}")
        n = served.site.by_slug.get(slug)
        if n is not None and e["title"] != " ".join(n.title.split()):
            problems.append(f"{slug}: listed as {e['title']!r}, its title is {n.title!r}")
        if lang != "ja":
            problems.append(f"{e['href']}: <html lang={lang!r}>")
    fail_with(problems, f"{pname(profile)}: listed notices")


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
    if e["tags"] != tags_of(n):
        out.append(f"{name}: tag badges {e['tags']} != its tags {tags_of(n)}")
    return out


@pytest.mark.parametrize("profile", PROFILES, ids=pname)
def test_entries_show_dates_and_badges(served, fresh, profile):
    driver = fresh
    now = served.site.now
    problems = []
    for label, first, scope, portal in (("portal", portal_path(profile), "#notices", True),
                                         ("archive", portal_path(profile) + "archive/", "main", False)):
        for url in listing_urls(driver, served.url(first)):
            where = url[len(served.root):]
            for e in entries(driver, scope) or []:
                n = served.site.by_slug.get(slug_of(e["href"]))
                if n is not None:
                    problems += entry_problems(e, n, now, where, portal)
            if portal:
                bad = driver.execute_script(
                    "return Array.from(document.querySelectorAll('.coming-up li')).filter((li) =>"
                    " !li.querySelector('time[datetime]')).map((li) => li.textContent.trim().slice(0, 40));")
                problems += [f"{where}: coming-up item without <time datetime>: {b!r}" for b in bad]
    fail_with(problems, f"{pname(profile)}: dates and badges of the entries")


# --------------------------------------------------------------------------------------------
# the finder: tag chips and search show only this portal's notices


RESULTS = """
const q = (s) => document.querySelector(s);
const results = q("#finder-results"), notices = q("#notices");
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
        out.append(f"{what}: #notices is still shown")
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


def open_finder(driver, served: Served, profile) -> None:
    load(driver, served.url(portal_path(profile)))
    shown = wait_for(driver, "const f = document.getElementById('finder'); return f && !f.hidden;")
    if not shown:
        pytest.fail(f"{portal_path(profile)}: #finder is missing or still hidden after {WAIT} s"
                    " (rentai.js should show it once search.json is read)", pytrace=False)


def press(driver, tag: str) -> None:
    driver.find_element("css selector", f'.tag-filter[data-tag="{tag}"]').click()


@pytest.mark.parametrize("profile", PROFILES, ids=pname)
def test_tag_filters_show_only_this_portals_notices(served, fresh, profile):
    driver = fresh
    open_finder(driver, served, profile)
    reach = served.reach(profile)
    chips = driver.execute_script(
        "return Array.from(document.querySelectorAll('.finder-tags .tag-filter')).map((b) =>"
        " [b.dataset.tag, b.getAttribute('aria-pressed'), b.textContent.trim(), b.type]);")
    problems = []
    want_tags = {t for n in reach for t in tags_of(n)}
    got_tags = [c[0] for c in chips]
    if set(got_tags) != want_tags or len(got_tags) != len(set(got_tags)):
        problems.append(f"tag chips {got_tags}; want one per tag of the portal's notices {sorted(want_tags)}")
    for tag, pressed, text, kind in chips:
        if pressed != "false" or text != "#" + tag or kind != "button":
            problems.append(f"chip {tag}: aria-pressed {pressed!r}, text {text!r}, type {kind!r}"
                            " (want 'false', '#tag', 'button')")
    for tag in got_tags:
        want = {n.slug for n in reach if tag in tags_of(n)}
        press(driver, tag)
        state = wait_results(driver, want)
        problems += finder_problems(state, want, f"chip #{tag}")
        if state["pressed"] != [tag]:
            problems.append(f"chip #{tag}: pressed chips are {state['pressed']} after pressing it")
        press(driver, tag)
        back = wait_for(driver, "const n = document.getElementById('notices'); return n && !n.hidden &&"
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
    fail_with(problems, f"{pname(profile)}: tag filters")


def type_query(driver, text: str) -> None:
    box = driver.find_element("css selector", "#finder-query")
    box.clear()
    box.send_keys(text)


@pytest.mark.parametrize("profile", PROFILES, ids=pname)
def test_search_shows_only_this_portals_notices(served, fresh, profile):
    driver = fresh
    open_finder(driver, served, profile)
    reach = served.reach(profile)
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
    back = wait_for(driver, "const n = document.getElementById('notices'), r = document.getElementById('finder-results');"
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
    if not wait_for(driver, "const n = document.getElementById('notices'); return n && !n.hidden &&"
                            " document.getElementById('finder-results').hidden;", 5):
        problems.append("after emptying the search box (no chip pressed) the list does not come back")
    fail_with(problems, f"{pname(profile)}: search")


def test_search_could_leak_a_notice_of_another_profile(served):
    """The search check means something only if some notice matching セミナー does not reach
    tokyo/kddi/member (the sample's content must keep one)."""
    outside = [n.slug for n in served.site.published
               if matches(n, QUERY) and not n.reaches(*PROFILE, served.site)]
    assert outside, (f"no published notice matching {QUERY!r} lies outside {pname(PROFILE)}'s audience:"
                     " the search test could not catch a leak (add one to the sample)")


@pytest.mark.parametrize("profile", PROFILES, ids=pname)
def test_search_index_lists_exactly_the_profiles_notices(served, profile):
    r = tn.get(tn.Server(served.root, served.public), portal_path(profile) + "search.json")
    assert r.status == 200, f"GET {portal_path(profile)}search.json → {r.status}"
    try:
        index = json.loads(r.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        pytest.fail(f"{portal_path(profile)}search.json is not JSON: {e}", pytrace=False)
    problems = []
    ctype = r.headers.get("Content-Type", "")
    if ctype.split(";")[0].strip() != "application/json":
        problems.append(f"Content-Type {ctype!r}, want application/json")
    if index.get("portal") != portal_path(profile).lstrip("/"):
        problems.append(f"portal {index.get('portal')!r}, want {portal_path(profile).lstrip('/')!r}")
    items = index.get("notices") or []
    hrefs = [str(i.get("href")) for i in items]
    slugs = [slug_of("/" + h) for h in hrefs]
    got = {s for s in slugs if s}
    want = served.published(profile)
    if got != want or len(hrefs) != len(want):
        problems.append(f"hrefs {hrefs}; want one per notice of {ts.fmt_set(want)}"
                        f" (extra {ts.fmt_set(got - want)}, missing {ts.fmt_set(want - got)})")
    # The same address as the portal's own links, so that the copy the service worker keeps
    # for a notice is the one a tap on it asks for.
    odd = [h for h, s in zip(hrefs, slugs) if s is None or h != f"n/{s}/index.html"]
    if odd:
        problems.append(f"{len(odd)} href(s) not of the form n/<slug>/index.html (relative to the site root), e.g. {odd[:2]}")
    for i, slug in zip(items, slugs):
        n = served.site.by_slug.get(slug)
        if n is None:
            continue
        for key in ("title", "date", "date_text", "summary", "tags", "pinned", "archived"):
            if key not in i:
                problems.append(f"{n.slug}: no {key!r}")
        if i.get("title") != n.title:
            problems.append(f"{n.slug}: title {i.get('title')!r} != {n.title!r}")
        if i.get("archived") is not n.archived:
            problems.append(f"{n.slug}: archived {i.get('archived')!r}, want {n.archived}")
        if n.active and i.get("pinned") is not n.pinned:
            problems.append(f"{n.slug}: pinned {i.get('pinned')!r}, want {n.pinned}")
        if i.get("tags") != tags_of(n):
            problems.append(f"{n.slug}: tags {i.get('tags')!r}, want {tags_of(n)}")
        if ("deadline" in i) != (n.deadline is not None):
            problems.append(f"{n.slug}: deadline {'given' if 'deadline' in i else 'missing'}")
        elif n.deadline is not None:
            d = i["deadline"]
            must, may = soon_bounds(n, served.site.now)
            if not isinstance(d, dict) or not DATETIME.match(str(d.get("datetime", ""))) or not d.get("text"):
                problems.append(f"{n.slug}: deadline {d!r} lacks datetime/text")
            elif (must and d.get("soon") is not True) or (d.get("soon") and not may):
                problems.append(f"{n.slug}: deadline.soon {d.get('soon')!r} for {n.deadline.isoformat()} at {served.site.now.isoformat()}")
        if ("event" in i) != n.has_event:
            problems.append(f"{n.slug}: event {'given' if 'event' in i else 'missing'}")
        if not DATETIME.match(str(i.get("date", ""))):
            problems.append(f"{n.slug}: date {i.get('date')!r} is not a datetime")
    fail_with(problems, f"{portal_path(profile)}search.json")


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

AXE_PAGES = ["directory", "portal", "portal-dark", "notice", "archive"]


@pytest.mark.parametrize("page", AXE_PAGES)
def test_axe_finds_nothing_serious(served, fresh, page):
    driver = fresh
    p = portal_path(PROFILE)
    path = {"directory": "/", "portal": p, "portal-dark": p, "archive": p + "archive/",
            "notice": f"/n/{sorted(served.active(PROFILE))[0]}/"}[page]
    viewport(driver, PC, dark=page.endswith("-dark"))
    try:
        load(driver, served.url(path))
        driver.execute_script(_axe_script())
        result = driver.execute_async_script(AXE_RUN)
    finally:
        viewport(driver, PC)
    assert "error" not in result, f"axe.run on {path}: {result['error']}"
    problems = []
    for v in result["violations"]:
        if v["impact"] in ("serious", "critical"):
            nodes = "; ".join(f"{n['target']} ({n['summary']})" for n in v["nodes"][:5])
            more = f" … and {len(v['nodes']) - 5} more" if len(v["nodes"]) > 5 else ""
            problems.append(f"{v['id']} [{v['impact']}] {v['help']}: {nodes}{more}")
    fail_with(problems, f"axe-core {result['version']} on {page} {path}: serious or critical violations")


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


def test_portal_and_its_notices_open_offline_and_new_ones_are_announced(served, tmp_path_factory):
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

        # a notice corrected after the worker kept it: its new version in search.json makes the
        # worker fetch it again on the next visit, so the member does not read the old one offline
        target = active[-1]
        page_file = public / urlsplit(target["href"]).path.lstrip("/")
        if page_file.name != "index.html":
            page_file = page_file / "index.html"
        html = page_file.read_text(encoding="utf-8")
        page_file.write_text(html.replace("</main>", '<p id="corrected">会場が変更になりました</p></main>', 1), encoding="utf-8")
        index_file = public / portal_rel.strip("/") / "search.json"
        index = json.loads(index_file.read_text(encoding="utf-8"))
        bumped = 0
        for record in index["notices"]:
            if slug_of(root + "/" + record["href"]) == slug_of(target["href"]):
                record["version"] = "corrected"
                bumped += 1
        assert bumped == 1, f"search.json has {bumped} records for {target['href']}"
        index_file.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
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

        # search works offline too: the portal's index is among what the worker kept
        load(driver, portal)
        if not wait_for(driver, "const f = document.getElementById('finder'); return f && !f.hidden;", 10):
            problems.append("offline: the finder stays hidden (search.json not kept?)")
        else:
            want = {n.slug for n in served.reach(PROFILE) if matches(n, QUERY)}
            type_query(driver, QUERY)
            problems += finder_problems(wait_results(driver, want), want, f"offline search {QUERY!r}")
        lines_after = len(log.read_text(encoding="utf-8", errors="replace").splitlines())
        if lines_after != lines_before:
            problems.append(f"offline: nginx's access.log grew by {lines_after - lines_before} line(s)")

        # back online, with a notice the page has never seen
        index = json.loads(index_file.read_text(encoding="utf-8"))
        index["notices"].insert(0, {
            "href": "n/zz-new-test/", "title": "テスト用の新しいお知らせ", "date": "2026-11-26T11:30:00+09:00",
            "date_text": "2026年11月26日", "summary": "オンライン復帰の確認用", "tags": [],
            "pinned": False, "archived": False})
        index_file.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        stack.enter_context(_nginx_on(public, work, port))
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", ONLINE)
        driver.execute_script("window.dispatchEvent(new Event('online'));")
        if not wait_for(driver, "const b = document.querySelector('.banner.banner--new');"
                                " return b && b.getBoundingClientRect().height > 0 && !!b.querySelector('button');", WAIT):
            problems.append("back online with a new notice in search.json: no visible .banner--new with a button")
    finally:
        with contextlib.suppress(Exception):
            driver.quit()
        stack.close()
    fail_with(problems, f"offline reading of {portal_rel}")
