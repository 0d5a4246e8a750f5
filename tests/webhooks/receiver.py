"""A real HTTP receiver on 127.0.0.1 that keeps what it is sent and answers as scripted."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A client that hangs up on a slow answer (the deadline tests) is expected."""


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Receiver:
    """Answers `fail_first` requests with `fail_status`, then `ok_status` with `ok_body`."""

    fail_first: int = 0
    fail_status: int = 500
    ok_status: int = 200
    ok_body: bytes = b"thanks"
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the stdlib's name
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.received.append(Received(self.path, dict(self.headers.items()), body,
                                                  time.time()))
                if receiver.delay:
                    time.sleep(receiver.delay)
                failing = len(receiver.received) <= receiver.fail_first
                status = receiver.fail_status if failing else receiver.ok_status
                answer = b"not now" if failing else receiver.ok_body
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/hooks/hub"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
