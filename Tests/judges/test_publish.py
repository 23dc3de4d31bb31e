"""`rentai publish` end to end on loopback (SPEC §17; issue 15): officers push to a bare git
repository whose post-receive hook is deploy/post-receive; the hook publishes from the server's
checkout: build, deploy with rsync to a folder that nginx (deploy/nginx.conf) serves, the digest
when due through msmtp to an SMTP sink (smtp_sink.py), chat messages through Apprise to a
loopback receiver (test_notify.py's).

  1. The first push publishes the site and records the state; nothing is mailed or posted.
  2. A push of a new notice for 東京 / KDDI: nginx serves its page and lists it on the portals it
     reaches and not on others; the digest that fell due is mailed (once per subscriber with
     news); the channels whose every member it reaches get a message.
  3. A push with nothing new mails and posts nothing.
  4. A deploy that fails halfway (an rsync that refuses its second pass): publish exits 1 at the
     deploy step, nothing is mailed or posted, the state is unchanged; publishing again completes,
     mailing and posting each message once.
  5. rclone: `rclone sync` to `rclone serve webdav` on 127.0.0.1 carries the site, and a notice
     removed from the site is removed there.

Needs: git, rsync, rclone, nginx, msmtp, apprise (scripts/install-deps --judges); pip aiosmtpd.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_nginx as tn  # noqa: E402
from test_delivery import Sink, require_delivery_tools  # noqa: E402
from test_digests import copy_site, rentai_binary, run_rentai  # noqa: E402
from test_notify import Receiver  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
HOOK = REPO / "deploy" / "post-receive"
TOKYO_KDDI_PORTAL = "p/tokyo/kddi/member/"
OSAKA_NTT_PORTAL = "p/osaka/ntt/member/"


def _need_tools() -> None:
    missing = [t for t in ("git", "rsync", "rclone", "apprise", "msmtp", "flock") if not shutil.which(t)]
    if missing:
        why = f"not installed: {', '.join(missing)} (scripts/install-deps --judges)"
        if os.environ.get("RENTAI_REQUIRE_JUDGES", "").strip():
            pytest.fail(why + " (RENTAI_REQUIRE_JUDGES is set)", pytrace=False)
        pytest.skip(why)
    require_delivery_tools()


def git(*args: str, cwd: Path, env: dict | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


class Server:
    """The bare repository with the hook, the server's checkout, the officer's clone."""

    def __init__(self, tmp: Path, sink_port: int, receiver: Receiver):
        self.tmp = tmp
        self.www = tmp / "www"
        self.www.mkdir()
        self.bare = tmp / "origin.git"
        self.checkout = tmp / "checkout"
        self.officer = tmp / "officer"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("CH_", "RENTAI_SECRET", "GIT_"))}
        self.env.update({"GIT_AUTHOR_NAME": "officer", "GIT_AUTHOR_EMAIL": "officer@example.org",
                         "GIT_COMMITTER_NAME": "officer", "GIT_COMMITTER_EMAIL": "officer@example.org",
                         "LC_ALL": "C.UTF-8", "RENTAI": str(rentai_binary()), "RENTAI_SITE_CHECKOUT": str(self.checkout),
                         "HOME": str(tmp)})
        for channel, variable in {"tokyo-kddi": "CH_TOKYO_KDDI", "tokyo-all": "CH_TOKYO_ALL"}.items():
            self.env[variable] = receiver.url(channel)
        # The officer's site: the sample, with publish: and channels, mail through msmtp.
        site = copy_site(self.officer)
        (tmp / "msmtprc").write_text("# empty\n", encoding="utf-8")
        os.chmod(tmp / "msmtprc", 0o600)
        config = site / "content" / "site.yaml"
        text = config.read_text(encoding="utf-8")
        sendmail = (f"msmtp --file={tmp / 'msmtprc'} --host=127.0.0.1 --port={sink_port} --auth=off --tls=off "
                    "--timeout=20 --from=noreply@example.org -t")
        text = "\n".join(f'  sendmail: "{sendmail}"' if l.strip().startswith("sendmail:") else l for l in text.split("\n"))
        text += f'\npublish:\n  deploy: "rsync {self.www}/"\n  digest: "daily 07:00"\n  subscribers: members.csv\n'
        config.write_text(text, encoding="utf-8")
        (site / "content" / "channels.yaml").write_text(
            "channels:\n"
            "  - { id: tokyo-kddi, name: KDDI労組 東京, council: tokyo, union: kddi, url_env: CH_TOKYO_KDDI }\n"
            "  - { id: tokyo-all, name: 東京 全組合, council: tokyo, url_env: CH_TOKYO_ALL }\n", encoding="utf-8")
        git("init", "-q", "--bare", "-b", "main", str(self.bare), cwd=tmp, env=self.env)
        shutil.copy(HOOK, self.bare / "hooks" / "post-receive")
        git("init", "-q", "-b", "main", cwd=site, env=self.env)
        git("remote", "add", "origin", str(self.bare), cwd=site, env=self.env)
        git("clone", "-q", str(self.bare), str(self.checkout), cwd=tmp, env=self.env)

    def push(self, message: str, now: str) -> subprocess.CompletedProcess:
        git("add", "-A", cwd=self.officer, env=self.env)
        git("commit", "-q", "--allow-empty", "-m", message, cwd=self.officer, env=self.env)
        env = dict(self.env, RENTAI_PUBLISH_ARGS=f"--now {now.replace(' ', 'T')}")
        return subprocess.run(["git", "push", "-q", "origin", "main"], cwd=self.officer, env=env, capture_output=True, text=True,
                              timeout=600)

    def publish(self, now: str, path: str | None = None) -> subprocess.CompletedProcess:
        env = dict(self.env, PATH=f"{path}:{self.env['PATH']}" if path else self.env["PATH"])
        return subprocess.run([str(rentai_binary()), "publish", "--now", now], cwd=self.checkout, env=env,
                              capture_output=True, text=True, timeout=600)

    def state(self) -> str:
        return (self.checkout / ".rentai-state" / "state.json").read_text(encoding="utf-8")


def fetch(root: str, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(root + "/" + path, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, ""


NEW_NOTICE = """---
title: 東京KDDI 職場懇談会のお知らせ（公開テスト）
date: 2026-11-26 09:00
council: tokyo
union: kddi
---
公開の流れを確かめるお知らせです。
"""


def test_a_push_publishes_mails_and_posts_once_and_a_failed_deploy_resumes(tmp_path):
    _need_tools()
    sink = Sink(tmp_path / "mta").start()
    receiver = Receiver()
    try:
        server = Server(tmp_path, sink.port, receiver)
        # 1. The first push: published, state recorded, nothing mailed or posted.
        first = server.push("サイトを公開", "2026-11-25 12:00")
        assert first.returncode == 0, first.stderr
        assert "first publish" in first.stderr, first.stderr
        assert (server.www / TOKYO_KDDI_PORTAL / "index.html").is_file()
        assert sink.received() == [] and receiver.posts == []
        assert '"last_publish": "2026-11-25T12:00:00+09:00"' in server.state(), server.state()

        with tn.nginx_serving(server.www, tmp_path / "nginx") as root:
            # 2. A new notice: served where it belongs, the due digest mailed, the right chats told.
            (server.officer / "content" / "notices" / "2026" / "zz-publish-test.md").write_text(NEW_NOTICE, encoding="utf-8")
            second = server.push("東京KDDIのお知らせ", "2026-11-26 12:00")
            assert second.returncode == 0, second.stderr
            status, page = fetch(root, "n/2026/zz-publish-test/")
            assert status == 200 and "東京KDDI 職場懇談会のお知らせ（公開テスト）" in page
            assert "zz-publish-test" in fetch(root, TOKYO_KDDI_PORTAL)[1]
            assert "zz-publish-test" not in fetch(root, OSAKA_NTT_PORTAL)[1]
            mailed = sink.received()
            assert mailed, "the digest due at 2026-11-26 07:00 was not mailed"
            recipients = [tuple(m.rcpt_tos) for m in mailed]
            assert len(recipients) == len(set(recipients)), "someone got the digest twice"
            posted = {(path, title) for path, title, _ in receiver.posts}
            assert ("tokyo-kddi", "東京KDDI 職場懇談会のお知らせ（公開テスト）") in posted
            assert not any(title.startswith("東京KDDI 職場懇談会") for path, title in posted if path == "tokyo-all"), posted

            # 3. Nothing new: nothing mailed, nothing posted.
            before = (len(sink.received()), len(receiver.posts))
            third = server.push("空のコミット", "2026-11-26 12:30")
            assert third.returncode == 0, third.stderr
            assert (len(sink.received()), len(receiver.posts)) == before

            # 4. A deploy that fails halfway: nothing mailed or posted; the rerun completes, once.
            fake = tmp_path / "fake-bin"
            fake.mkdir()
            count = tmp_path / "rsync-calls"
            (fake / "rsync").write_text(f"#!/bin/sh\necho x >> {count}\n"
                                        f"[ $(wc -l < {count}) -ge 2 ] && {{ echo 'rsync: connection reset' >&2; exit 12; }}\n"
                                        "exec /usr/bin/rsync \"$@\"\n", encoding="utf-8")
            os.chmod(fake / "rsync", 0o755)
            notice = NEW_NOTICE.replace("公開テスト", "再開テスト").replace("2026-11-26 09:00", "2026-11-27 09:00")
            (server.officer / "content" / "notices" / "2026" / "zz-resume-test.md").write_text(notice, encoding="utf-8")
            git("add", "-A", cwd=server.officer, env=server.env)
            git("commit", "-q", "-m", "再開テスト", cwd=server.officer, env=server.env)
            git("push", "-q", "origin", "main", cwd=server.officer, env=dict(server.env, RENTAI="/bin/true"))
            state = server.state()
            failed = server.publish("2026-11-27T12:00", path=str(fake))
            assert failed.returncode == 1, failed.stdout + failed.stderr
            assert "deploy" in failed.stderr, failed.stderr
            assert server.state() == state
            assert (len(sink.received()), len(receiver.posts)) == before
            done = server.publish("2026-11-27T12:05")
            assert done.returncode == 0, done.stderr
            assert fetch(root, "n/2026/zz-resume-test/")[0] == 200
            mailed = len(sink.received()) - before[0]
            assert mailed > 0, done.stdout
            again = server.publish("2026-11-27T12:10")
            assert again.returncode == 0, again.stderr
            assert len(sink.received()) - before[0] == mailed, "a rerun mailed again"
            titles = [title for _, title, _ in receiver.posts]
            assert titles.count("東京KDDI 職場懇談会のお知らせ（再開テスト）") == 1, titles
    finally:
        sink.stop()
        receiver.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_rclone_carries_the_site_to_a_webdav_server_and_removes_what_went(tmp_path):
    _need_tools()
    served = tmp_path / "webdav"
    served.mkdir()
    port = _free_port()
    server = subprocess.Popen(["rclone", "serve", "webdav", "--addr", f"127.0.0.1:{port}", str(served)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        site = copy_site(tmp_path / "site", members=False)
        (site / "content" / "channels.yaml").unlink(missing_ok=True)
        config = site / "content" / "site.yaml"
        config.write_text(config.read_text(encoding="utf-8") + '\npublish:\n  deploy: "rclone loop:"\n', encoding="utf-8")
        env = dict(os.environ, RCLONE_CONFIG_LOOP_TYPE="webdav", RCLONE_CONFIG_LOOP_URL=f"http://127.0.0.1:{port}/",
                   RCLONE_CONFIG_LOOP_VENDOR="other")
        env.pop("RENTAI_SECRET", None)
        run = run_rentai(["publish", "--site", ".", "--now", "2026-11-26 12:00"], cwd=site, env=env)
        assert run.returncode == 0, run.stderr
        built = {p.relative_to(site / "public").as_posix() for p in (site / "public").rglob("*") if p.is_file() and not p.name.startswith(".")}
        there = {p.relative_to(served).as_posix() for p in served.rglob("*") if p.is_file()}
        assert built == there, (sorted(built - there)[:5], sorted(there - built)[:5])
        sample = next(p for p in sorted(built) if p.endswith("index.html"))
        assert (served / sample).read_bytes() == (site / "public" / sample).read_bytes()
        # A notice removed from the site is removed there too.
        gone = next((site / "content" / "notices").rglob("*.md"))
        slug = gone.relative_to(site / "content" / "notices").with_suffix("").as_posix()
        gone.unlink()
        run = run_rentai(["publish", "--site", ".", "--now", "2026-11-26 12:05"], cwd=site, env=env)
        assert run.returncode == 0, run.stderr
        assert not (served / "n" / slug).exists(), f"n/{slug}/ is still on the server"
    finally:
        server.terminate()
        server.wait(timeout=10)
