"""A loopback HTTP server that speaks the OpenAI, Anthropic and Gemini wire formats.

It decodes each request back into ordered (kind, value) parts so tests can assert exactly what
a backend sent, answers from a question -> answer table, and injects faults from a per-prompt
plan: 429 with Retry-After, 500, 503, a stall past the client's timeout, a dropped connection,
a body that is not JSON, and JSON without the expected fields.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Part = tuple[str, Any]  # ("text", str) or ("image", bytes)


def decode_openai(body: dict[str, Any]) -> list[Part]:
    parts: list[Part] = []
    for block in body["messages"][0]["content"]:
        if block["type"] == "text":
            parts.append(("text", block["text"]))
        else:
            url = block["image_url"]["url"]
            assert url.startswith("data:image/png;base64,"), url[:40]
            parts.append(("image", base64.b64decode(url.split(",", 1)[1])))
    return parts


def decode_anthropic(body: dict[str, Any]) -> list[Part]:
    parts: list[Part] = []
    for block in body["messages"][0]["content"]:
        if block["type"] == "text":
            parts.append(("text", block["text"]))
        else:
            assert block["source"]["media_type"] == "image/png"
            parts.append(("image", base64.b64decode(block["source"]["data"])))
    return parts


def decode_gemini(body: dict[str, Any]) -> list[Part]:
    parts: list[Part] = []
    for block in body["contents"][0]["parts"]:
        if "text" in block:
            parts.append(("text", block["text"]))
        else:
            assert block["inline_data"]["mime_type"] == "image/png"
            parts.append(("image", base64.b64decode(block["inline_data"]["data"])))
    return parts


def encode_openai(text: str) -> dict[str, Any]:
    return {"id": "x", "object": "chat.completion", "created": 1767225600, "model": "test-vlm",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}}


def encode_anthropic(text: str) -> dict[str, Any]:
    return {"id": "msg", "type": "message", "role": "assistant", "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn", "usage": {"input_tokens": 100, "output_tokens": 20}}


def encode_gemini(text: str) -> dict[str, Any]:
    return {"candidates": [{"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP"}],
            "usageMetadata": {"promptTokenCount": 100, "candidatesTokenCount": 20}}


def prompt_key(parts: list[Part]) -> str:
    digest = hashlib.sha256()
    for kind, value in parts:
        digest.update(kind.encode() + (value.encode() if isinstance(value, str) else value))
    return digest.hexdigest()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    parts: list[Part]
    key: str
    outcome: str = ""


@dataclass
class FakeProvider:
    """Answers from ``answers`` (question text -> answer text); faults from ``plan(key, attempt)``."""

    answers: dict[str, str] = field(default_factory=dict)
    plan: Callable[[str, int], str] = lambda key, attempt: "ok"
    stall_s: float = 1.5
    delay_s: float = 0.0
    received: list[Received] = field(default_factory=list)
    attempts: Counter[str] = field(default_factory=Counter)
    answered: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer_for(self, parts: list[Part]) -> str:
        text = "".join(v for k, v in parts if k == "text")
        for question, answer in self.answers.items():
            if question in text:
                return json.dumps({"explanation": "looked closely", "answer": answer})
        return json.dumps({"explanation": "no idea", "answer": "unknown"})

    def start(self) -> tuple[ThreadingHTTPServer, str]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length))
                route = self.path.split("?", 1)[0]  # Azure puts the API version in the query
                if route.endswith("/chat/completions"):
                    parts, encode = decode_openai(body), encode_openai
                elif route.endswith("/v1/messages"):
                    parts, encode = decode_anthropic(body), encode_anthropic
                elif re.search(r"/v1beta/models/[^/]+:generateContent$", route):
                    parts, encode = decode_gemini(body), encode_gemini
                else:
                    self._send(404, b'{"error": "no such route"}')
                    return
                key = prompt_key(parts)
                with provider.lock:
                    attempt = provider.attempts[key]
                    provider.attempts[key] += 1
                    outcome = provider.plan(key, attempt)
                    provider.received.append(Received(self.path, dict(self.headers), body, parts, key, outcome))
                if provider.delay_s:
                    time.sleep(provider.delay_s)
                if outcome == "ok":
                    with provider.lock:
                        provider.answered[key] += 1
                    self._send(200, json.dumps(encode(provider.answer_for(parts))).encode())
                elif outcome == "429":
                    self._send(429, b'{"error": "rate limited"}', {"Retry-After": "0"})
                elif outcome == "429-wait":
                    self._send(429, b'{"error": "rate limited"}', {"Retry-After": "1"})
                elif outcome in ("500", "503", "400"):
                    self._send(int(outcome), b'{"error": "server trouble"}')
                elif outcome == "stall":
                    time.sleep(provider.stall_s)
                    self._send(200, json.dumps(encode("late")).encode())
                elif outcome == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                elif outcome == "garbage":
                    self._send(200, b"<html>upstream proxy error</html>")
                elif outcome == "malformed":
                    self._send(200, b'{"unexpected": true}')
                else:
                    raise AssertionError(f"unknown outcome {outcome}")

            def _send(self, status: int, payload: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # clients that time out or hang up mid-reply are part of the tests

        server = QuietServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server, f"http://127.0.0.1:{server.server_address[1]}"


def by_key(received: list[Received]) -> dict[str, list[Received]]:
    grouped: dict[str, list[Received]] = defaultdict(list)
    for request in received:
        grouped[request.key].append(request)
    return grouped
