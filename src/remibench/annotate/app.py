"""The annotation web app: a small JSON API and the static page, on the standard library's
threaded HTTP server.

Routes (nothing else is served; no path ever reaches the file system):

* ``GET /`` and ``GET /static/{app.js,app.css,icon.svg}``: the page, from the package.
* ``GET /api/state``: progress and where to resume.
* ``GET /api/items/I``: item I's question parts, task and answer hint (never its label).
* ``GET /api/items/I/images/K``: image K of item I, as PNG.
* ``POST /api/items/I/answer`` ``{"answer": str, "seconds": float}`` and
  ``POST /api/items/I/skip`` ``{"seconds": float}``: record, then return the new state.

Bound to loopback, requests must also name a loopback host, so a web page elsewhere cannot
reach the app through a rebound domain name.
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from remibench.annotate.session import AnnotationError, AnnotationSession, UnknownItem

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
MAX_BODY_BYTES = 64 * 1024
ASSETS: dict[str, tuple[str, str]] = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/static/app.css": ("app.css", "text/css; charset=utf-8"),
    "/static/icon.svg": ("icon.svg", "image/svg+xml"),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
ITEM = re.compile(r"/api/items/(\d{1,9})")
IMAGE = re.compile(r"/api/items/(\d{1,9})/images/(\d{1,2})")
ACTION = re.compile(r"/api/items/(\d{1,9})/(answer|skip)")


def is_loopback(host: str) -> bool:
    """True if ``host`` only accepts connections from this machine (else the CLI warns)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _load_assets() -> dict[str, tuple[bytes, str]]:
    folder = files("remibench.annotate") / "static"
    return {route: ((folder / name).read_bytes(), kind) for route, (name, kind) in ASSETS.items()}


def _allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """Host header values accepted when bound to loopback; None (any) for other binds."""
    if not is_loopback(host):
        return None
    names = {"127.0.0.1", "localhost", "[::1]", host if ":" not in host else f"[{host.strip('[]')}]"}
    return frozenset({f"{name}:{port}" for name in names} | (names if port == 80 else set()))


class AnnotationServer(ThreadingHTTPServer):
    """The HTTP server holding the session and the page's bytes."""

    daemon_threads = True

    def __init__(self, session: AnnotationSession, host: str, port: int) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.session = session
        self.assets = _load_assets()
        super().__init__((host.strip("[]"), port), AnnotationHandler)
        self.allowed_hosts = _allowed_hosts(host, self.server_address[1])

    @property
    def url(self) -> str:
        """Where to open the page on this machine (loopback when bound to every interface)."""
        host, port = str(self.server_address[0]), self.server_address[1]
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"


class AnnotationHandler(BaseHTTPRequestHandler):
    server: AnnotationServer
    server_version = "remi-annotate"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Quiet: only the CLI prints."""

    # -- plumbing ----------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, data: Any, status: int = HTTPStatus.OK) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _error(self, status: int, message: str) -> None:
        self._json({"error": message}, status)

    def _host_ok(self) -> bool:
        allowed = self.server.allowed_hosts
        return allowed is None or (self.headers.get("Host") or "").lower() in allowed

    def _body(self) -> dict[str, Any] | None:
        """The request's JSON object, or None after answering with the reason it was refused."""
        if (self.headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON (Content-Type: application/json)")
            return None
        try:
            length = int(self.headers.get("Content-Length") or "")
        except ValueError:
            self._error(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
            return None
        if not 0 <= length <= MAX_BODY_BYTES:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"at most {MAX_BODY_BYTES} bytes")
            return None
        try:
            data = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            data = None
        if not isinstance(data, dict):
            self._error(HTTPStatus.BAD_REQUEST, "expected a JSON object")
            return None
        return data

    def _dispatch(self, route: Callable[[str], None]) -> None:
        if not self._host_ok():
            self._error(HTTPStatus.MISDIRECTED_REQUEST, "unexpected Host header")
            return
        path = urlsplit(self.path).path
        try:
            route(path)
        except UnknownItem as error:
            self._error(HTTPStatus.NOT_FOUND, str(error))
        except AnnotationError as error:
            self._error(HTTPStatus.BAD_REQUEST, str(error))
        except Exception:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error; see the terminal")
            raise

    # -- routes ------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._dispatch(self._get)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(self._get)

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch(self._post)

    def _get(self, path: str) -> None:
        session = self.server.session
        if path in self.server.assets:
            body, kind = self.server.assets[path]
            self._send(HTTPStatus.OK, body, kind)
        elif path == "/api/state":
            self._json(session.state())
        elif match := ITEM.fullmatch(path):
            self._json(session.view(int(match[1])))
        elif match := IMAGE.fullmatch(path):
            self._send(HTTPStatus.OK, session.image(int(match[1]), int(match[2])), "image/png")
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found")

    def _post(self, path: str) -> None:
        match = ACTION.fullmatch(path)
        if not match:
            self._error(HTTPStatus.NOT_FOUND, "not found")
            return
        body = self._body()
        if body is None:
            return
        session, index = self.server.session, int(match[1])
        if match[2] == "answer":
            self._json(session.answer(index, body.get("answer"), body.get("seconds", 0)))
        else:
            self._json(session.skip(index, body.get("seconds", 0)))


def make_server(session: AnnotationSession, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> AnnotationServer:
    """A bound server (``port=0`` picks a free one; see ``.url``); run it with ``serve_forever``."""
    return AnnotationServer(session, host, port)


def serve(session: AnnotationSession, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; ``ready`` gets the URL once the port is bound."""
    server = make_server(session, host, port)
    try:
        if ready is not None:
            ready(server.url)
        server.serve_forever()
    finally:
        server.server_close()
