"""The served example: deploy/nginx.conf, started on loopback in front of the built sample site.

The test builds the sample site itself (twice: readable, and private with a secret, SPEC §11),
starts nginx as a child process with a throw-away main config whose `http` block includes a copy
of deploy/nginx.conf (its `listen 80;` replaced by 127.0.0.1:<free port>, its
`root /srv/portal/public;` by the built folder), and requests every kind of file with urllib.

Every response must carry the security headers (a Content-Security-Policy whose script-src allows
'self' and no inline script, nosniff, no-referrer, X-Frame-Options DENY), errors included; each
kind of file its type (feeds application/rss+xml, calendars text/calendar, manifests
application/manifest+json, the layers' index.json application/json, text types with
charset=utf-8) and its cache policy (pages, feeds, calendars, layers' index.json and attachments
revalidated every time, with an ETag or Last-Modified; assets/ kept a while); text is gzipped for
clients that ask (a profile's layers' index.json are fetched on every visit); no folder is ever
listed; hidden files, guessed private URLs, readable URLs of a private site and URLs made with an
old secret are 404.

Environment:
  RENTAI_BINARY          the rentai binary (default: <repo>/.build/debug/rentai)
  RENTAI_SITE            the site folder (default: the repository root; the checks rely on the
                         sample site: profile tokyo/kddi/member, a federation-wide notice (so
                         that layer all/all/all is written, SPEC §15), and a folder notice with
                         program.pdf and map.png, content/notices/2026/winter-seminar)
  RENTAI_REQUIRE_JUDGES  set (non-empty) to fail instead of skip when nginx or the binary is missing
Needs: apt nginx (the system service is not used). The private-mode tests skip while the binary
has no `rentai links` command.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import hmac
import io
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CONF = REPO / "deploy" / "nginx.conf"
NOW = "2026-11-26 12:00"
SECRET = "test-secret-1"
OLD_SECRET = "old-secret"
TIMEOUT = 10  # seconds, for every request

# the sample site's fixtures
PROFILE = ("tokyo", "kddi", "member")
LAYER = ("all", "all", "all")  # the federation-wide layer (SPEC §15), read by every profile
ATTACHMENTS = {"program.pdf": "application/pdf", "map.png": "image/png"}

REVALIDATE = "revalidate"  # Cache-Control: no-cache (or max-age=0), with an ETag or Last-Modified
LONG = "long"              # Cache-Control: max-age of an hour or more, no no-cache / no-store
ERROR = "error"            # an error response: the cache policy is not checked


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


SITE = Path(_env("RENTAI_SITE") or REPO).resolve()


def _attachment_notice() -> str:
    """The slug of the sample's folder notice with a program.pdf and a map.png beside its index.md
    (2026/winter-seminar when this was written; found again if the sample moves it to a space)."""
    for pdf in sorted((SITE / "content" / "notices").rglob("program.pdf")):
        if (pdf.parent / "index.md").is_file() and (pdf.parent / "map.png").is_file():
            return pdf.parent.relative_to(SITE / "content" / "notices").as_posix()
    return "2026/winter-seminar"


NOTICE = _attachment_notice()  # a folder notice with attachments, published at NOW


def _need(ok: bool, why: str) -> None:
    if ok:
        return
    if _env("RENTAI_REQUIRE_JUDGES"):
        pytest.fail(why + " (RENTAI_REQUIRE_JUDGES is set)", pytrace=False)
    pytest.skip(why)


def token(secret: str, message: str) -> str:
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def profile_token(secret: str, profile: tuple[str, str, str]) -> str:
    return token(secret, "profile:" + "/".join(profile))


def notice_token(secret: str, slug: str) -> str:
    return token(secret, "notice:" + slug)


def layer_token(secret: str, layer: tuple[str, str, str]) -> str:
    return token(secret, "layer:" + "/".join(layer))


# --------------------------------------------------------------------------------------------
# the rentai binary


def rentai_binary() -> Path:
    return Path(_env("RENTAI_BINARY") or REPO / ".build" / "debug" / "rentai")


def child_env(secret: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("RENTAI_SECRET", "RENTAI_SECRET_FILE")}
    env.setdefault("LC_ALL", "C.UTF-8")
    if secret is not None:
        env["RENTAI_SECRET"] = secret
    return env


def run_rentai(args: list[str], secret: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([str(rentai_binary())] + args, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, env=child_env(secret), timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"rentai {' '.join(args)} did not finish within {timeout} s", pytrace=False)


def require_binary() -> None:
    b = rentai_binary()
    _need(b.is_file() and os.access(b, os.X_OK), f"no rentai binary at {b} (set RENTAI_BINARY or run swift build)")


@functools.lru_cache(maxsize=1)
def _links_missing() -> str | None:
    """None when the binary has a `links` command, else why not."""
    try:
        p = subprocess.run([str(rentai_binary()), "links", "--help"], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, env=child_env(), timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"`rentai links --help` failed: {e}"
    text = p.stdout + p.stderr
    # an argument parser without the subcommand may print the general help and exit 0
    if p.returncode != 0 or not (re.search(r"USAGE: rentai links\b", text) or re.search(r"^\s+links\s", text, re.M)):
        return (f"the rentai binary has no `links` command yet (`rentai links --help` exited {p.returncode}): "
                "private mode (SPEC §11) is not tested")
    return None


def build(out: Path, secret: str | None) -> Path:
    p = run_rentai(["build", "--site", str(SITE), "--output", str(out), "--now", NOW], secret=secret)
    if p.returncode != 0:
        pytest.fail(f"rentai build ({'private' if secret else 'readable'}) exited {p.returncode}\n"
                    f"stderr: {p.stderr[-3000:]}\nstdout: {p.stdout[-1500:]}", pytrace=False)
    return out


@functools.lru_cache(maxsize=1)
def base_url() -> str:
    text = (SITE / "content" / "site.yaml").read_text(encoding="utf-8")
    try:
        import yaml
        url = str(yaml.safe_load(text)["base_url"])
    except ImportError:
        m = re.search(r"^base_url:\s*[\"']?([^\"'\s#]+)", text, re.M)
        assert m, "no base_url in content/site.yaml"
        url = m.group(1)
    return url if url.endswith("/") else url + "/"


def local_path(url: str) -> str:
    """An absolute URL under base_url, as a path on the local server."""
    assert url.startswith(base_url()), f"{url!r} is not under base_url {base_url()!r}"
    return "/" + url[len(base_url()):]


# --------------------------------------------------------------------------------------------
# nginx


def nginx_binary() -> str:
    path = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
                                          if os.access(p, os.X_OK)), None)
    _need(path is not None, "nginx is not installed (apt-get install nginx)")
    return path


def mime_types(nginx: str) -> Path:
    """The mime.types beside nginx's own configuration (/etc/nginx on Debian)."""
    try:
        v = subprocess.run([nginx, "-V"], capture_output=True, text=True, timeout=30)
        m = re.search(r"--conf-path=(\S+)", v.stdout + v.stderr)
        if m and (Path(m.group(1)).parent / "mime.types").is_file():
            return Path(m.group(1)).parent / "mime.types"
    except (OSError, subprocess.TimeoutExpired):
        pass
    return Path("/etc/nginx/mime.types")


LISTEN_80 = re.compile(r"^([ \t]*)listen[ \t]+80[ \t]*;[^\n]*$", re.M)
ANY_LISTEN = re.compile(r"^[ \t]*listen[ \t][^;\n]*;[^\n]*\n", re.M)
ROOT = re.compile(r"^([ \t]*)root[ \t]+/srv/portal/public[ \t]*;", re.M)


def site_conf(port: int, public: Path) -> str:
    """deploy/nginx.conf, listening on loopback and serving `public`."""
    text = CONF.read_text(encoding="utf-8")
    assert len(LISTEN_80.findall(text)) == 1, f"{CONF} should have exactly one active `listen 80;` line"
    assert len(ROOT.findall(text)) == 1, f"{CONF} should have exactly one `root /srv/portal/public;` line"
    text = LISTEN_80.sub(lambda m: f"{m.group(1)}listen 127.0.0.1:{port};", text)
    # any other active listen (an IPv6 one, say) is dropped: the test binds loopback only
    text = ANY_LISTEN.sub(lambda m: m.group(0) if f"127.0.0.1:{port};" in m.group(0) else "", text)
    text = ROOT.sub(lambda m: f"{m.group(1)}root {public};", text)
    return text


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    root: str            # http://127.0.0.1:PORT
    public: Path
    links: list[dict] = field(default_factory=list)


@contextlib.contextmanager
def nginx_serving(public: Path, work: Path):
    """Starts nginx (one process, no daemon) on a free loopback port; always stops it."""
    nginx = nginx_binary()
    work.mkdir(parents=True, exist_ok=True)
    for d in ("logs", "temp"):
        (work / d).mkdir(exist_ok=True)
    last_error = ""
    for attempt in range(3):  # the free port may be taken between the probe and nginx's bind
        port = free_port()
        (work / "site.conf").write_text(site_conf(port, public), encoding="utf-8")
        temp = work / "temp"
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the pytest tmp dirs (0700)
        (work / "nginx.conf").write_text(
            f"{user}daemon off;\nmaster_process off;\nworker_processes 1;\n"
            f"pid {work}/nginx.pid;\nerror_log {work}/logs/error.log warn;\n"
            "events { worker_connections 64; }\n"
            "http {\n"
            f"    include {mime_types(nginx)};\n"
            "    default_type application/octet-stream;\n"
            f"    access_log {work}/logs/access.log;\n"
            f"    client_body_temp_path {temp}/body;\n    proxy_temp_path {temp}/proxy;\n"
            f"    fastcgi_temp_path {temp}/fastcgi;\n    uwsgi_temp_path {temp}/uwsgi;\n"
            f"    scgi_temp_path {temp}/scgi;\n"
            f"    include {work}/site.conf;\n"
            "}\n", encoding="utf-8")
        cmd = [nginx, "-p", str(work), "-c", str(work / "nginx.conf")]
        t = subprocess.run(cmd + ["-t"], capture_output=True, text=True, timeout=60)
        if t.returncode != 0:
            pytest.fail(f"nginx -t rejects deploy/nginx.conf:\n{t.stderr}", pytrace=False)
        errlog = open(work / "logs" / "stderr.log", "wb")
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=errlog, stderr=errlog)
        try:
            deadline = time.monotonic() + 15
            up = False
            while time.monotonic() < deadline and proc.poll() is None:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                    up = True
                    break
                time.sleep(0.05)
            if up:
                yield f"http://127.0.0.1:{port}"
                return
            last_error = "".join(f.read_text(errors="replace") for f in
                                 (work / "logs" / "stderr.log", work / "logs" / "error.log") if f.exists())
            if "Address already in use" not in last_error:
                break
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
            errlog.close()
    pytest.fail(f"nginx did not start:\n{last_error[-3000:]}", pytrace=False)


# --------------------------------------------------------------------------------------------
# requests and the checks on every response


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Response:
    url: str
    status: int
    headers: object  # http.client.HTTPMessage
    body: bytes

    def all(self, name: str) -> list[str]:
        return self.headers.get_all(name) or []


def get(server: Server, path: str, headers: dict | None = None) -> Response:
    url = server.root + path
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(req, timeout=TIMEOUT) as r:
            return Response(url, r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        with e:
            return Response(url, e.code, e.headers, e.read())


def _directives(value: str) -> dict[str, str]:
    out = {}
    for part in value.split(","):
        k, _, v = part.strip().partition("=")
        if k:
            out[k.strip().lower()] = v.strip().strip('"')
    return out


def header_problems(r: Response) -> list[str]:
    """The security headers, on every response."""
    problems = []
    csp = r.all("Content-Security-Policy")
    if len(csp) != 1:
        problems.append(f"{len(csp)} Content-Security-Policy headers (want exactly 1): {csp}")
    else:
        policy = {}
        for d in csp[0].split(";"):
            words = d.split()
            if words:
                policy[words[0].lower()] = words[1:]
        script = policy.get("script-src", policy.get("default-src"))
        if script is None:
            problems.append(f"CSP has neither script-src nor default-src: {csp[0]!r}")
        else:
            if "'self'" not in script:
                problems.append(f"CSP script-src lacks 'self': {script}")
            bad = [w for w in script if w.lower() in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:")
                   or "://" in w]
            if bad:
                problems.append(f"CSP script-src allows inline or foreign script: {bad}")
        if "script-src" not in policy:
            problems.append(f"CSP has no explicit script-src 'self': {csp[0]!r}")
        if policy.get("object-src") != ["'none'"]:
            problems.append(f"CSP object-src is not 'none': {policy.get('object-src')}")
        if policy.get("frame-ancestors") != ["'none'"]:
            problems.append(f"CSP frame-ancestors is not 'none': {policy.get('frame-ancestors')}")
    for name, want in (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
                       ("X-Frame-Options", "DENY")):
        got = r.all(name)
        if [g.strip().lower() for g in got] != [want.lower()]:
            problems.append(f"{name}: {got} (want exactly one {want!r})")
    return problems


def cache_problems(r: Response, kind: str) -> list[str]:
    if kind == ERROR:
        return []
    cc = r.all("Cache-Control")
    if len(cc) != 1:
        return [f"{len(cc)} Cache-Control headers (want 1): {cc}"]
    d = _directives(cc[0])
    if "no-store" in d:
        return [f"Cache-Control {cc[0]!r}: no-store (a static site can be stored and revalidated)"]
    if kind == REVALIDATE:
        problems = []
        if "no-cache" not in d and d.get("max-age") != "0":
            problems.append(f"Cache-Control {cc[0]!r}: want no-cache (revalidated on every use)")
        if r.status == 200 and not (r.all("ETag") or r.all("Last-Modified")):
            problems.append("neither ETag nor Last-Modified: a revalidation cannot answer 304")
        return problems
    # LONG
    try:
        max_age = int(d.get("max-age", "0"))
    except ValueError:
        max_age = 0
    if "no-cache" in d or max_age < 3600:
        return [f"Cache-Control {cc[0]!r}: want a max-age of at least an hour for assets"]
    return []


def type_problems(r: Response, want: str | None) -> list[str]:
    if want is None:
        return []
    got = r.headers.get("Content-Type", "")
    media, _, params = got.partition(";")
    problems = []
    if media.strip().lower() != want:
        problems.append(f"Content-Type {got!r} (want {want})")
    if want.startswith("text/") or want in ("application/rss+xml", "application/manifest+json"):
        if "charset=utf-8" not in params.replace(" ", "").lower():
            problems.append(f"Content-Type {got!r} has no charset=utf-8")
    return problems


def check(server: Server, path: str, status: int | tuple, ctype: str | None, cache: str,
          headers: dict | None = None) -> Response:
    r = get(server, path, headers)
    statuses = status if isinstance(status, tuple) else (status,)
    problems = []
    if r.status not in statuses:
        problems.append(f"status {r.status} (want {' or '.join(map(str, statuses))})")
    if r.status == 200:
        problems += type_problems(r, ctype)
    problems += header_problems(r)
    problems += cache_problems(r, cache if r.status in (200, 304) else ERROR)
    if r.status != 200 and re.search(rb"Index of|<pre>\s*<a href", r.body):
        problems.append("the body looks like a directory listing")
    if problems:
        shown = "\n  ".join(problems)
        hdrs = "\n    ".join(f"{k}: {v}" for k, v in r.headers.items())
        pytest.fail(f"GET {path} → {r.status}\n  {shown}\n  headers:\n    {hdrs}", pytrace=False)
    return r


def no_listing(server: Server, path: str) -> None:
    check(server, path, (403, 404), None, ERROR)


# --------------------------------------------------------------------------------------------
# fixtures: the readable and the private site, each behind its own nginx


@pytest.fixture(scope="module")
def readable(tmp_path_factory):
    nginx_binary()
    require_binary()
    tmp = tmp_path_factory.mktemp("nginx-readable")
    public = build(tmp / "public", secret=None)
    # hidden files that a careless deployment might copy along (only .rentai-output is real)
    for hidden in (".git/config", "assets/.hidden", f"n/{NOTICE}/.DS_Store", "n/.x/feed.xml", ".x.ics"):
        (public / hidden).parent.mkdir(parents=True, exist_ok=True)
        (public / hidden).write_text("secret\n", encoding="utf-8")
    with nginx_serving(public, tmp / "nginx") as root:
        yield Server(root, public)


@pytest.fixture(scope="module")
def private(tmp_path_factory):
    nginx_binary()
    require_binary()
    why = _links_missing()
    if why:
        _need(False, why)
    tmp = tmp_path_factory.mktemp("nginx-private")
    public = build(tmp / "public", secret=SECRET)
    p = run_rentai(["links", "--site", str(SITE)], secret=SECRET)
    if p.returncode != 0:
        pytest.fail(f"rentai links exited {p.returncode}\nstderr: {p.stderr[-3000:]}", pytrace=False)
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert rows, "rentai links printed no rows"
    assert list(rows[0].keys()) == ["council", "union", "role", "portal", "feed", "calendar"], \
        f"rentai links header: {list(rows[0].keys())}"
    with nginx_serving(public, tmp / "nginx") as root:
        yield Server(root, public, rows)


# --------------------------------------------------------------------------------------------
# readable mode (no secret): the layout of SPEC §6

C, U, R = PROFILE
PORTAL = f"/p/{C}/{U}/{R}/"
LAYER_DIR = "/l/" + "/".join(LAYER) + "/"

READABLE = [
    # (path, status, Content-Type, cache)
    ("/", 200, "text/html", REVALIDATE),
    ("/index.html", 200, "text/html", REVALIDATE),
    (PORTAL, 200, "text/html", REVALIDATE),
    (PORTAL + "index.html", 200, "text/html", REVALIDATE),
    (PORTAL + "all/", 200, "text/html", REVALIDATE),
    (PORTAL + "feed.xml", 200, "application/rss+xml", REVALIDATE),
    (PORTAL + "calendar.ics", 200, "text/calendar", REVALIDATE),
    (f"/n/{NOTICE}/", 200, "text/html", REVALIDATE),
    *[(f"/n/{NOTICE}/{name}", 200, t, REVALIDATE) for name, t in ATTACHMENTS.items()],
    ("/assets/style.css", 200, "text/css", LONG),
    (PORTAL + "manifest.webmanifest", 200, "application/manifest+json", None),  # either policy
    (LAYER_DIR, 200, "text/html", REVALIDATE),
    (LAYER_DIR + "index.json", 200, "application/json", REVALIDATE),  # a new notice is seen at once
    ("/sw.js", 200, "application/javascript", REVALIDATE),   # a new worker is seen at once
    ("/assets/rentai.js", 200, "application/javascript", LONG),
    ("/assets/icon-192.png", 200, "image/png", LONG),
    ("/robots.txt", 200, "text/plain", REVALIDATE),
    ("/no-such-page/", 404, None, ERROR),
    (f"/n/{NOTICE}/no-such-file.pdf", 404, None, ERROR),
]


LARGEST_INDEX = "the largest l/**/index.json"  # found in the build: a layer big enough to be worth it


def _largest_layer_index(public: Path) -> str:
    files = sorted((public / "l").rglob("index.json"), key=lambda f: (-f.stat().st_size, str(f)))
    assert files, f"the build wrote no l/**/index.json (SPEC §15) under {public}"
    return "/" + files[0].relative_to(public).as_posix()


@pytest.mark.parametrize("path", [LARGEST_INDEX, PORTAL + "index.html", PORTAL + "feed.xml"])
def test_readable_text_is_compressed_for_clients_that_ask(readable, path):
    """A portal's search reads its layers' index.json on every visit: compressed, they cost a
    fraction (so do pages and feeds). The sample's layers hold a notice or two, so their
    index.json need only come out smaller; pages and feeds by half."""
    import gzip
    factor = 2
    if path == LARGEST_INDEX:
        path, factor = _largest_layer_index(readable.public), 1
    plain = get(readable, path)
    assert plain.status == 200, f"GET {path} → {plain.status}"
    packed = get(readable, path, {"Accept-Encoding": "gzip"})
    assert packed.status == 200 and packed.headers.get("Content-Encoding") == "gzip", \
        f"GET {path} ({len(plain.body)} bytes) with Accept-Encoding: gzip → {packed.status}," \
        f" Content-Encoding {packed.headers.get('Content-Encoding')!r}"
    assert gzip.decompress(packed.body) == plain.body, f"GET {path}: the gzip body is not the file"
    assert len(packed.body) < len(plain.body) / factor, \
        f"GET {path}: {len(packed.body)} bytes compressed of {len(plain.body)}"
    assert "Accept-Encoding" in packed.headers.get("Vary", ""), f"GET {path}: no Vary: Accept-Encoding"
    assert not header_problems(packed), header_problems(packed)


@pytest.mark.parametrize("path,status,ctype,cache", READABLE, ids=[c[0] for c in READABLE])
def test_readable_file(readable, path, status, ctype, cache):
    if cache is None:  # a manifest may be revalidated or kept: only its type and headers matter
        r = check(readable, path, status, ctype, ERROR)
        assert r.all("Cache-Control"), f"GET {path}: no Cache-Control"
        return
    check(readable, path, status, ctype, cache)


@pytest.mark.parametrize("path", ["/n/", "/p/", "/l/", "/assets/", f"/p/{C}/", f"/n/{NOTICE.split('/')[0]}/",
                                  "/l/all/", "/l/all/all/"])
def test_readable_folders_are_never_listed(readable, path):
    no_listing(readable, path)


@pytest.mark.parametrize("path", ["/.rentai-output", "/.git/config", "/.git/", "/assets/.hidden",
                                  f"/n/{NOTICE}/.DS_Store", "/n/.x/feed.xml", "/.x.ics"])
def test_readable_hidden_files_are_not_found(readable, path):
    assert (readable.public / ".rentai-output").exists(), "the build wrote no .rentai-output to test with"
    check(readable, path, 404, None, ERROR)


def test_readable_guessed_private_urls_are_not_found(readable):
    for folder in ("p", "n", "l"):
        check(readable, f"/{folder}/{secrets.token_hex(16)}/", 404, None, ERROR)
        check(readable, f"/{folder}/{secrets.token_hex(16)}/index.html", 404, None, ERROR)


def test_readable_folder_without_slash_redirects_to_it(readable):
    """Pages link relatively (../../assets/style.css): served at /p/x instead of /p/x/ they break."""
    r = check(readable, PORTAL.rstrip("/"), 301, None, ERROR)
    location = r.headers.get("Location", "")
    assert urlsplit(location).path == PORTAL, f"GET {PORTAL.rstrip('/')} redirects to {location!r}"


def test_readable_revalidation_answers_304_with_the_headers(readable):
    for path in ("/", PORTAL + "feed.xml", LAYER_DIR + "index.json", "/assets/style.css"):
        r = get(readable, path)
        etag = r.headers.get("ETag")
        assert etag, f"GET {path}: no ETag"
        check(readable, path, 304, None, LONG if path.startswith("/assets/") else REVALIDATE,
              headers={"If-None-Match": etag})


# --------------------------------------------------------------------------------------------
# private mode (RENTAI_SECRET): the layout of SPEC §11


def test_private_files(private):
    pt = profile_token(SECRET, PROFILE)
    nt = notice_token(SECRET, NOTICE)
    lt = layer_token(SECRET, LAYER)
    cases = [
        ("/", 200, "text/html", REVALIDATE),
        (f"/p/{pt}/", 200, "text/html", REVALIDATE),
        (f"/p/{pt}/feed.xml", 200, "application/rss+xml", REVALIDATE),
        (f"/p/{pt}/calendar.ics", 200, "text/calendar", REVALIDATE),
        (f"/p/{pt}/all/", 200, "text/html", REVALIDATE),
        (f"/l/{lt}/", 200, "text/html", REVALIDATE),
        (f"/l/{lt}/index.json", 200, "application/json", REVALIDATE),
        (f"/n/{nt}/", 200, "text/html", REVALIDATE),
        *[(f"/n/{nt}/{name}", 200, t, REVALIDATE) for name, t in ATTACHMENTS.items()],
        ("/assets/style.css", 200, "text/css", LONG),
        ("/robots.txt", 200, "text/plain", REVALIDATE),
    ]
    for path, status, ctype, cache in cases:
        check(private, path, status, ctype, cache)
    robots = get(private, "/robots.txt").body.decode("utf-8", "replace")
    assert re.search(r"^Disallow:\s*/\s*$", robots, re.M), f"robots.txt does not disallow all:\n{robots}"


def test_private_links_are_served(private):
    """Every URL that `rentai links` prints is served, with its type."""
    ours = [r for r in private.links if (r["council"], r["union"], r["role"]) == PROFILE]
    assert len(ours) == 1, f"rentai links has {len(ours)} rows for {'/'.join(PROFILE)}"
    pt = profile_token(SECRET, PROFILE)
    assert local_path(ours[0]["portal"]) in (f"/p/{pt}/", f"/p/{pt}/index.html"), \
        f"rentai links gives {ours[0]['portal']} for {'/'.join(PROFILE)}, want {base_url()}p/{pt}/"
    for row in private.links:
        for column, ctype in (("portal", "text/html"), ("feed", "application/rss+xml"),
                              ("calendar", "text/calendar")):
            url = row[column]
            assert url.startswith("https://"), f"rentai links: {column} {url!r} is not https"
            check(private, local_path(url), 200, ctype, REVALIDATE)


def test_private_directory_page_lists_no_portal(private):
    body = get(private, "/").body.decode("utf-8", "replace")
    leaked = [r["portal"] for r in private.links if urlsplit(r["portal"]).path.rstrip("/").rsplit("/", 1)[-1] in body]
    assert not leaked, f"the directory page names {len(leaked)} private portal(s), e.g. {leaked[:3]}"


def test_private_readable_urls_are_not_found(private):
    for path in (PORTAL, PORTAL + "feed.xml", PORTAL + "calendar.ics", PORTAL + "all/", LAYER_DIR,
                 LAYER_DIR + "index.json", f"/n/{NOTICE}/",
                 *[f"/n/{NOTICE}/{name}" for name in ATTACHMENTS]):
        check(private, path, 404, None, ERROR)


def test_private_guessed_urls_are_not_found(private):
    for folder in ("p", "n", "l"):
        for _ in range(5):
            guess = secrets.token_hex(16)
            check(private, f"/{folder}/{guess}/", 404, None, ERROR)
            check(private, f"/{folder}/{guess}/index.html", 404, None, ERROR)
    check(private, f"/p/{secrets.token_hex(16)}/feed.xml", 404, None, ERROR)
    check(private, f"/p/{secrets.token_hex(16)}/calendar.ics", 404, None, ERROR)
    check(private, f"/l/{secrets.token_hex(16)}/index.json", 404, None, ERROR)


def test_private_urls_of_an_old_secret_are_not_found(private):
    pt = profile_token(OLD_SECRET, PROFILE)
    nt = notice_token(OLD_SECRET, NOTICE)
    lt = layer_token(OLD_SECRET, LAYER)
    for path in (f"/p/{pt}/", f"/p/{pt}/feed.xml", f"/p/{pt}/calendar.ics", f"/l/{lt}/", f"/l/{lt}/index.json",
                 f"/n/{nt}/",
                 *[f"/n/{nt}/{name}" for name in ATTACHMENTS]):
        check(private, path, 404, None, ERROR)


@pytest.mark.parametrize("path", ["/p/", "/n/", "/l/", "/assets/"])
def test_private_folders_are_never_listed(private, path):
    no_listing(private, path)


def test_private_hidden_files_are_not_found(private):
    for path in ("/.rentai-output", "/.git/config", "/.env"):
        check(private, path, 404, None, ERROR)
