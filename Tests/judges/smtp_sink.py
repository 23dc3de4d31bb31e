#!/usr/bin/env python3
"""A real SMTP server on loopback that keeps every message it accepts, for test_delivery.py.

    python3 smtp_sink.py --dir DIR [--host 127.0.0.1] [--port 0] [--exit-after K] [--refuse ADDR]...

Speaks SMTP through aiosmtpd. Prints `READY <port>` on standard output once it listens (port 0
picks a free one). Each accepted message is stored as DIR/<stamp>.eml (the bytes received after
DATA) with DIR/<stamp>.json beside it ({"file", "mail_from", "rcpt_tos"}); the .json is written
last, atomically, so a reader that lists *.json only ever sees complete messages.

--exit-after K  after acknowledging the K-th message (250), stop accepting connections and exit
                as soon as that SMTP session ends (or 5 seconds later at the latest): an MTA
                that dies halfway through a batch.
--refuse ADDR   answer RCPT TO:<ADDR> with a permanent 550 error (repeatable): a refused message.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

from aiosmtpd.smtp import SMTP

REFUSAL = "550 5.1.1 <{addr}>: recipient rejected by smtp_sink (test refusal)"


class Sink:
    def __init__(self, folder: Path, exit_after: int | None, refuse: set[str]):
        self.folder = folder
        self.exit_after = exit_after
        self.refuse = {a.lower() for a in refuse}
        self.count = 0
        self.dying = False
        self.server: asyncio.AbstractServer | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return REFUSAL.format(addr=address)
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.dying:
            return "421 4.3.0 smtp_sink is shutting down"
        self.count += 1
        stamp = f"{time.time_ns()}-{os.getpid()}-{self.count:06d}"
        eml = self.folder / f"{stamp}.eml"
        data = envelope.original_content if envelope.original_content is not None else envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        eml.write_bytes(data)
        meta = {"file": eml.name, "mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos),
                "pid": os.getpid(), "seq": self.count}
        tmp = self.folder / f".{stamp}.json.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(meta, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.folder / f"{stamp}.json")
        if self.exit_after is not None and self.count >= self.exit_after:
            self.dying = True
            if self.server is not None:
                self.server.close()  # refuse new connections from now on
            asyncio.get_running_loop().call_later(5.0, self.finish)
        return f"250 2.0.0 OK: queued as {stamp}"

    def finish(self):
        # a dying MTA: no goodbyes, no cleanup (every stored message is already on disk)
        sys.stdout.flush()
        os._exit(0)


class SinkSMTP(SMTP):
    def __init__(self, sink: Sink, **kw):
        super().__init__(sink, **kw)
        self._sink = sink

    def connection_lost(self, error):
        super().connection_lost(error)
        if self._sink.dying:
            asyncio.get_running_loop().call_soon(self._sink.finish)


async def serve(a) -> None:
    folder = Path(a.dir)
    folder.mkdir(parents=True, exist_ok=True)
    sink = Sink(folder, a.exit_after, set(a.refuse))
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SinkSMTP(sink, hostname="smtp-sink.test", ident="smtp_sink (aiosmtpd)"),
        host=a.host, port=a.port, reuse_address=True)
    sink.server = server
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"READY {port}\n")
    sys.stdout.flush()
    await asyncio.Event().wait()  # until killed, or until --exit-after ends it


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True, help="folder to store received messages in")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0, help="0 picks a free port (printed as READY <port>)")
    ap.add_argument("--exit-after", type=int, default=None, metavar="K")
    ap.add_argument("--refuse", action="append", default=[], metavar="ADDR")
    a = ap.parse_args()
    if a.exit_after is not None and a.exit_after < 1:
        ap.error("--exit-after must be >= 1")
    try:
        asyncio.run(serve(a))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
