"""End-to-end delivery through a real MTA on loopback (SPEC §10, §14: `rentai digest … --send`).

The MTA is Debian's `msmtp` used as the sendmail interface (`msmtp … -t`, message on stdin),
relaying over SMTP to an aiosmtpd server on 127.0.0.1 (smtp_sink.py, started and killed here)
that stores every message it accepts. What arrived is compared, message by message, with the
.eml files rentai wrote (recipient, Message-ID, subject, body).

  1. --send delivers every message exactly once; sent.log has one `<file> <address>` line each.
  2. The MTA dies after acknowledging K of N messages: rentai exits 1 naming a recipient,
     sent.log has K lines; the MTA comes back; the same command again exits 0 and delivers
     exactly the N - K others; over both runs every message arrived exactly once.
  3. The MTA refuses one recipient (550): rentai stops there with exit 1, naming the recipient
     and quoting the MTA's words; the rerun (refusal lifted) sends the rest, each once.
  4. (issue 12) Something changes between the failed run and its rerun — a notice for one union
     published within the window, as a `git pull` brings it, or a member added at the top of the
     list — so that the messages are numbered anew: the rerun still sends nobody a second digest
     for the window, sends everyone else theirs, and says whom it skipped.

Environment: as test_digests.py (RENTAI_BINARY, RENTAI_SITE, RENTAI_REQUIRE_JUDGES). Skips (or,
with RENTAI_REQUIRE_JUDGES, fails) when msmtp, aiosmtpd or the digest command is missing.
Needs: apt msmtp; pip aiosmtpd.
"""

from __future__ import annotations

import importlib.util
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import default as default_policy
from email.utils import parseaddr
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_digests import (  # noqa: E402
    NOW, SINCE, copy_site, digest_settings, eml_files, require_digest, run_rentai, set_sendmail)
from test_site import fail_with  # noqa: E402

HERE = Path(__file__).resolve().parent
SINK = HERE / "smtp_sink.py"
READY_TIMEOUT = 20
EXIT_TIMEOUT = 15
RUN_TIMEOUT = 300
SENT_LINE = re.compile(r"^(\S+\.eml) (\S+@\S+)$")


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


def _need(ok: bool, why: str) -> None:
    if ok:
        return
    if _env("RENTAI_REQUIRE_JUDGES"):
        pytest.fail(why + " (RENTAI_REQUIRE_JUDGES is set)", pytrace=False)
    pytest.skip(why)


def require_delivery_tools() -> None:
    _need(shutil.which("msmtp") is not None, "msmtp is not installed (apt-get install msmtp)")
    _need(importlib.util.find_spec("aiosmtpd") is not None,
          "aiosmtpd is not installed (pip install -r Tests/judges/requirements.txt)")
    require_digest()


# --------------------------------------------------------------------------------------------
# the SMTP server, in a process of its own


class Sink:
    def __init__(self, folder: Path, port: int = 0, exit_after: int | None = None, refuse: tuple = ()):
        self.folder = folder
        self.args = [sys.executable, str(SINK), "--dir", str(folder), "--port", str(port)]
        if exit_after is not None:
            self.args += ["--exit-after", str(exit_after)]
        for a in refuse:
            self.args += ["--refuse", a]
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.log = folder.parent / (folder.name + ".log")

    def start(self) -> "Sink":
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.log, "wb") as err:
            self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        q: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: q.put(self.proc.stdout.readline()), daemon=True).start()
        try:
            line = q.get(timeout=READY_TIMEOUT).decode("utf-8", "replace").strip()
        except queue.Empty:
            line = ""
        m = re.fullmatch(r"READY (\d+)", line)
        if not m:
            self.stop()
            pytest.fail(f"smtp_sink did not start within {READY_TIMEOUT} s (said {line!r}):\n"
                        + self.log.read_text(errors="replace")[-2000:], pytrace=False)
        self.port = int(m.group(1))
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_exit(self, timeout: float = EXIT_TIMEOUT) -> bool:
        try:
            self.proc.wait(timeout=timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=EXIT_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.proc.stdout:
            self.proc.stdout.close()

    def received(self) -> list["Got"]:
        out = []
        import json

        for meta_path in sorted(self.folder.glob("*.json")):
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            raw = (self.folder / meta["file"]).read_bytes()
            out.append(Got(meta["rcpt_tos"], raw, BytesParser(policy=default_policy).parsebytes(raw)))
        return out


@dataclass
class Got:
    rcpt_tos: list[str]
    raw: bytes
    msg: object

    @property
    def message_id(self) -> str:
        return str(self.msg.get("Message-ID", "")).strip()


@dataclass
class Written:
    file: str
    addr: str
    message_id: str
    subject: str
    body: str


def snapshot(out: Path) -> list[Written]:
    res = []
    for p in eml_files(out):
        m = BytesParser(policy=default_policy).parsebytes(p.read_bytes())
        to = m["To"].addresses
        res.append(Written(p.name, to[0].addr_spec if to else "", str(m["Message-ID"]).strip(),
                           str(m["Subject"]), m.get_content()))
    return res


def sent_log(out: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """-> ([(file, address)], malformed lines)"""
    p = out / "sent.log"
    if not p.is_file():
        return [], []
    good, bad = [], []
    for line in p.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        m = SENT_LINE.match(line.strip())
        (good.append(m.groups()) if m else bad.append(line))
    return good, bad


def compare(got: list[Got], written: list[Written], label: str) -> list[str]:
    """Every received message is one of `written`, to its To address, with its Message-ID, subject
    and body. Returns problems; duplicates are reported by the caller."""
    problems = []
    by_addr = {w.addr: w for w in written}
    for g in got:
        if len(g.rcpt_tos) != 1 or g.rcpt_tos[0] not in by_addr:
            problems.append(f"{label}: the MTA got a message for {g.rcpt_tos}, which matches no .eml file")
            continue
        w = by_addr[g.rcpt_tos[0]]
        if g.message_id != w.message_id:
            problems.append(f"{label}: {w.addr}: Message-ID {g.message_id!r} arrived; {w.file} has {w.message_id!r}")
        if str(g.msg.get("Subject", "")) != w.subject:
            problems.append(f"{label}: {w.addr}: subject {str(g.msg.get('Subject'))!r} != {w.file}'s {w.subject!r}")
        try:
            body = g.msg.get_content()
        except Exception as e:
            body = f"<unreadable: {e}>"
        if body != w.body:
            problems.append(f"{label}: {w.addr}: the body that arrived differs from {w.file}")
    return problems


def count_by(items) -> dict:
    d: dict = {}
    for x in items:
        d[x] = d.get(x, 0) + 1
    return d


# --------------------------------------------------------------------------------------------
# the site, wired to msmtp → the sink


def prepare(tmp_path: Path) -> Path:
    site_dir = copy_site(tmp_path / "site")
    rc = tmp_path / "msmtprc"
    rc.write_text("# empty: everything is on the command line\n", encoding="utf-8")
    os.chmod(rc, 0o600)
    return site_dir


def wire(site_dir: Path, port: int) -> str:
    env_from = parseaddr(digest_settings(site_dir).from_)[1] or "noreply@example.org"
    rc = site_dir.parent / "msmtprc"
    cmd = (f"msmtp --file={shlex.quote(str(rc))} --host=127.0.0.1 --port={port} --auth=off --tls=off "
           f"--timeout=20 --from={shlex.quote(env_from)} -t")
    set_sendmail(site_dir, cmd)
    return cmd


def digest_args(out: Path) -> list[str]:
    return ["digest", "--site", ".", "--since", SINCE, "--now", NOW, "--subscribers", "members.csv",
            "--out", str(out), "--send"]


def preview(site_dir: Path, tmp_path: Path) -> list[Written]:
    """The messages a run would send (no --send): to choose K and the refused recipient."""
    out = tmp_path / "preview"
    r = run_rentai(digest_args(out)[:-1], cwd=site_dir, timeout=RUN_TIMEOUT)
    assert r.returncode == 0, r.describe()
    w = snapshot(out)
    assert len(w) >= 3, f"the sample gives only {len(w)} messages; these tests need at least 3"
    return w


# --------------------------------------------------------------------------------------------
# 1. everything, once


def test_send_delivers_every_message_exactly_once(tmp_path):
    require_delivery_tools()
    site_dir = prepare(tmp_path)
    sink = Sink(tmp_path / "mta")
    try:
        sink.start()
        wire(site_dir, sink.port)
        out = tmp_path / "outbox"
        r = run_rentai(digest_args(out), cwd=site_dir, timeout=RUN_TIMEOUT)
        assert r.returncode == 0, r.describe()
        written = snapshot(out)
        got = sink.received()
    finally:
        sink.stop()
    problems = compare(got, written, "run")
    assert written, f"no .eml written to {out}\n{r.describe()}"
    per = count_by(g.rcpt_tos[0] for g in got if g.rcpt_tos)
    for w in written:
        if per.get(w.addr, 0) != 1:
            problems.append(f"{w.file} to {w.addr}: arrived {per.get(w.addr, 0)} times; expected once")
    ids = count_by(g.message_id for g in got)
    problems += [f"Message-ID {i} arrived {n} times" for i, n in ids.items() if n > 1]
    log, bad = sent_log(out)
    problems += [f"sent.log: malformed line {b!r}; expected `<file name> <recipient address>`" for b in bad]
    want = sorted((w.file, w.addr) for w in written)
    if sorted(log) != want:
        problems.append(f"sent.log holds {len(log)} lines {sorted(log)[:5]}…; expected one per message: {want[:5]}…")
    fail_with(problems, f"delivery of {len(written)} messages through msmtp to a loopback SMTP server")


# --------------------------------------------------------------------------------------------
# 2. the MTA dies halfway; the rerun sends the rest, each once


def test_resume_after_the_mta_dies_sends_each_message_once(tmp_path):
    require_delivery_tools()
    site_dir = prepare(tmp_path)
    planned = preview(site_dir, tmp_path)
    n = len(planned)
    k = max(1, n // 2)
    out = tmp_path / "outbox2"
    first = Sink(tmp_path / "mta-first", exit_after=k)
    second = None
    problems: list[str] = []
    try:
        first.start()
        port = first.port
        wire(site_dir, port)
        r1 = run_rentai(digest_args(out), cwd=site_dir, timeout=RUN_TIMEOUT)
        written1 = snapshot(out)
        got1 = first.received()
        if not first.wait_exit():
            problems.append(f"smtp_sink --exit-after {k} did not exit (test harness problem)")
        log1, bad1 = sent_log(out)

        if r1.returncode != 1:
            problems.append(f"first run: exit status {r1.returncode}; expected 1 (the MTA died after {k} of {n})\n"
                            + r1.describe())
        if len(got1) != k:
            problems.append(f"first run: the MTA acknowledged {len(got1)} messages; expected {k} (harness)")
        problems += compare(got1, written1, "first run")
        delivered1 = {g.rcpt_tos[0] for g in got1 if g.rcpt_tos}
        undelivered = [w.addr for w in written1 if w.addr not in delivered1]
        if r1.returncode != 0 and not any(a in r1.stderr for a in undelivered):
            problems.append(f"first run: the error does not name the recipient that failed (one of "
                            f"{undelivered[:3]}…): {r1.stderr.strip()[-500:]!r}")
        problems += [f"first run: sent.log malformed line {b!r}" for b in bad1]
        if len(log1) != k or {a for _, a in log1} != delivered1:
            problems.append(f"first run: sent.log has {len(log1)} lines for {sorted(a for _, a in log1)}; "
                            f"expected {k}, exactly the delivered {sorted(delivered1)}")
        files1 = {w.file: w.addr for w in written1}
        problems += [f"first run: sent.log names {f} for {a}, but {f} is to {files1.get(f)}"
                     for f, a in log1 if files1.get(f) != a]

        # the MTA is back, same port
        second = Sink(tmp_path / "mta-second", port=port).start()
        r2 = run_rentai(digest_args(out), cwd=site_dir, timeout=RUN_TIMEOUT)
        written2 = snapshot(out)
        got2 = second.received()
    finally:
        first.stop()
        if second is not None:
            second.stop()

    if r2.returncode != 0:
        problems.append("rerun: exit status %d; expected 0\n%s" % (r2.returncode, r2.describe()))
    problems += compare(got2, written2, "rerun")
    got2_addrs = [g.rcpt_tos[0] for g in got2 if g.rcpt_tos]
    want2 = sorted(a for a in (w.addr for w in written2) if a not in delivered1)
    if sorted(got2_addrs) != want2:
        problems.append(f"rerun: the MTA got {sorted(got2_addrs)}; expected exactly the {len(want2)} not yet "
                        f"delivered: {want2} (resent: {sorted(set(got2_addrs) & delivered1)})")
    total = count_by([g.rcpt_tos[0] for g in got1 + got2 if g.rcpt_tos])
    for w in written2:
        if total.get(w.addr, 0) != 1:
            problems.append(f"{w.file} to {w.addr}: arrived {total.get(w.addr, 0)} times over both runs")
    ids = count_by(g.message_id for g in got1 + got2)
    problems += [f"Message-ID {i} arrived {c} times over both runs" for i, c in ids.items() if c > 1]
    log2, bad2 = sent_log(out)
    problems += [f"rerun: sent.log malformed line {b!r}" for b in bad2]
    if sorted(log2) != sorted((w.file, w.addr) for w in written2) or len(log2) != n:
        problems.append(f"after the rerun sent.log has {len(log2)} lines; expected one per message ({n}), "
                        f"none twice: {count_by(log2)}")
    fail_with(problems, f"resume after the MTA died after {k} of {n} messages")


# --------------------------------------------------------------------------------------------
# 3. a refused recipient stops the run, with the MTA's words; the rerun sends the rest


def test_refused_message_stops_the_run_and_the_rerun_sends_the_rest(tmp_path):
    require_delivery_tools()
    site_dir = prepare(tmp_path)
    planned = preview(site_dir, tmp_path)
    refused = planned[2]  # the third message
    out = tmp_path / "outbox3"
    problems: list[str] = []
    first = Sink(tmp_path / "mta-refusing", refuse=(refused.addr,))
    second = None
    try:
        first.start()
        port = first.port
        wire(site_dir, port)
        r1 = run_rentai(digest_args(out), cwd=site_dir, timeout=RUN_TIMEOUT)
        written1 = snapshot(out)
        got1 = first.received()
        log1, bad1 = sent_log(out)
        first.stop()
        second = Sink(tmp_path / "mta-accepting", port=port).start()
        r2 = run_rentai(digest_args(out), cwd=site_dir, timeout=RUN_TIMEOUT)
        written2 = snapshot(out)
        got2 = second.received()
    finally:
        first.stop()
        if second is not None:
            second.stop()

    if r1.returncode != 1:
        problems.append(f"refusing run: exit status {r1.returncode}; expected 1\n" + r1.describe())
    if refused.addr not in r1.stderr:
        problems.append(f"refusing run: the error does not name the refused recipient {refused.addr}: "
                        f"{r1.stderr.strip()[-500:]!r}")
    if "recipient rejected by smtp_sink" not in r1.stderr:
        problems.append("refusing run: the error does not quote the MTA's words "
                        f"('550 5.1.1 <{refused.addr}>: recipient rejected by smtp_sink …'): {r1.stderr.strip()[-500:]!r}")
    problems += compare(got1, written1, "refusing run")
    order = [w.addr for w in written1]
    before = order[:order.index(refused.addr)] if refused.addr in order else order
    got1_addrs = [g.rcpt_tos[0] for g in got1 if g.rcpt_tos]
    if sorted(got1_addrs) != sorted(before):
        problems.append(f"refusing run: delivered {got1_addrs}; expected the messages before the refused one "
                        f"({before}), then a stop")
    if sorted(a for _, a in log1) != sorted(got1_addrs) or bad1:
        problems.append(f"refusing run: sent.log {log1 + bad1} does not list exactly the delivered {got1_addrs}")

    if r2.returncode != 0:
        problems.append("rerun: exit status %d; expected 0\n%s" % (r2.returncode, r2.describe()))
    problems += compare(got2, written2, "rerun")
    total = count_by([g.rcpt_tos[0] for g in got1 + got2 if g.rcpt_tos])
    for w in written2:
        if total.get(w.addr, 0) != 1:
            problems.append(f"{w.file} to {w.addr}: arrived {total.get(w.addr, 0)} times over both runs")
    log2, _ = sent_log(out)
    if sorted(log2) != sorted((w.file, w.addr) for w in written2):
        problems.append(f"after the rerun sent.log is {log2}; expected one line per message")
    fail_with(problems, f"a refused recipient ({refused.addr}) and the rerun")


# --------------------------------------------------------------------------------------------
# 4. a change between the failed run and its rerun: nobody gets the window's digest twice


def _add_notice(site_dir: Path) -> str:
    (site_dir / "content" / "notices" / "2026" / "zz-rerun-news.md").write_text(
        "---\ntitle: 再送試験のための東京KDDIのお知らせ\ndate: 2026-11-26 10:00\ncouncil: tokyo\nunion: kddi\n---\n本文です。\n",
        encoding="utf-8")
    return "a notice for tokyo/kddi dated 2026-11-26 10:00"


def _add_member_at_the_top(site_dir: Path) -> str:
    csv = site_dir / "members.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines.insert(1, "rerun.newcomer@example.org,新井 新,tokyo,kddi,member")
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "a member inserted at the top of members.csv"


@pytest.mark.parametrize("change", [_add_notice, _add_member_at_the_top], ids=["notice", "member"])
def test_rerun_after_a_change_sends_nobody_a_second_digest(tmp_path, change):
    require_delivery_tools()
    site_dir = prepare(tmp_path)
    planned = preview(site_dir, tmp_path)
    k = 3 if len(planned) > 3 else 1
    out = tmp_path / "outbox4"
    first = Sink(tmp_path / "mta-first", exit_after=k)
    second = None
    problems: list[str] = []
    try:
        first.start()
        port = first.port
        wire(site_dir, port)
        r1 = run_rentai(digest_args(out), cwd=site_dir, timeout=RUN_TIMEOUT)
        got1 = first.received()
        first.wait_exit()
        what = change(site_dir)
        second = Sink(tmp_path / "mta-second", port=port).start()
        r2 = run_rentai(digest_args(out), cwd=site_dir, timeout=RUN_TIMEOUT)
        written2 = snapshot(out)
        got2 = second.received()
    finally:
        first.stop()
        if second is not None:
            second.stop()

    if r1.returncode != 1 or len(got1) != k:
        problems.append(f"first run: exit {r1.returncode}, {len(got1)} delivered; expected 1 and {k} (harness)")
    if r2.returncode != 0:
        problems.append(f"rerun after {what}: exit status {r2.returncode}; expected 0\n{r2.describe()}")
    delivered1 = sorted(g.rcpt_tos[0] for g in got1 if g.rcpt_tos)
    total = count_by([g.rcpt_tos[0] for g in got1 + got2 if g.rcpt_tos])
    twice = {a: n for a, n in total.items() if n > 1}
    if twice:
        problems.append(f"after {what}: members who got the window's digest twice: {twice}")
    missing = [w.addr for w in written2 if total.get(w.addr, 0) == 0]
    if missing:
        problems.append(f"after {what}: members who never got it: {missing}")
    skipped_line = [line for line in r2.stdout.splitlines() if "skipped" in line]
    if not skipped_line or not all(a in skipped_line[0] or "…" in skipped_line[0] for a in delivered1[:5]):
        problems.append(f"rerun: the output does not say whom it skipped and why ({delivered1}): {r2.stdout.strip()!r}")
    log, bad = sent_log(out)
    problems += [f"sent.log: malformed line {b!r}" for b in bad]
    logged = count_by(a for _, a in log)
    if logged != total:
        problems.append(f"sent.log lists {logged}; expected one line per delivered message {total}")
    fail_with(problems, f"a rerun after {what}")
