"""A loopback server speaking the batch APIs of OpenAI (Files and Batches), Anthropic (Message
Batches) and Gemini (Batch Mode), plus OpenAI chat completions for online runs.

Every batch finishes after ``polls_to_finish`` status reads, answering each request from
``answers`` (question text -> answer). ``plan`` decides a batch's fate by its number:
``completed``, ``expired`` (the first half answered, the rest reported expired) or
``failed_items`` (every third request fails).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from fake_providers import encode_anthropic, encode_gemini, encode_openai


def _multipart_file(body: bytes, content_type: str) -> bytes:
    boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
    for part in body.split(b"--" + boundary):
        head, _, content = part.partition(b"\r\n\r\n")
        if b'name="file"' in head:
            return content.rsplit(b"\r\n", 1)[0]
    raise AssertionError("no file part in the upload")


@dataclass
class FakeBatches:
    answers: dict[str, str] = field(default_factory=dict)
    plan: Callable[[int], str] = lambda number: "completed"
    polls_to_finish: int = 1
    files: dict[str, bytes] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, body: dict[str, Any]) -> str:
        if "contents" in body:
            text = "".join(p.get("text", "") for p in body["contents"][0]["parts"])
        else:
            text = "".join(p.get("text", "") for p in body["messages"][0]["content"] if p["type"] == "text")
        for question, answer in self.answers.items():
            if question in text:
                return json.dumps({"explanation": "batched", "answer": answer})
        return json.dumps({"explanation": "batched", "answer": "unknown"})

    def _outcomes(self, fate: str, n: int) -> list[str]:
        """ok, expired or failed for each of ``n`` requests."""
        return ["expired" if fate == "expired" and k >= n // 2 else "failed" if fate == "failed_items" and k % 3 == 0
                else "ok" for k in range(n)]

    def _new_batch(self, provider: str, requests: list[Any], extra: dict[str, Any]) -> dict[str, Any]:
        self.counts["creates"] += 1
        number = len(self.batches)
        batch = {"id": f"batch_{number}", "provider": provider, "requests": requests, "polls": 0,
                 "fate": self.plan(number), "done": False, **extra}
        self.batches[batch["id"]] = batch
        return batch

    def _poll(self, batch: dict[str, Any]) -> None:
        self.counts["polls"] += 1
        batch["polls"] += 1
        if not batch["done"] and batch["polls"] > self.polls_to_finish:
            batch["done"] = True

    def _finish(self, batch: dict[str, Any]) -> None:
        lines = [json.loads(line) for line in self.files[batch["input_file_id"]].decode().splitlines() if line.strip()]
        fate = batch["fate"]
        done, failed = [], []
        for k, line in enumerate(lines):
            if fate == "expired" and k >= len(lines) // 2:
                failed.append({"custom_id": line["custom_id"], "response": None,
                               "error": {"code": "batch_expired", "message": "not done within 24h"}})
            elif fate == "failed_items" and k % 3 == 0:
                failed.append({"custom_id": line["custom_id"], "error": None,
                               "response": {"status_code": 500, "body": {"error": {"message": "server trouble"}}}})
            else:
                done.append({"custom_id": line["custom_id"], "error": None,
                             "response": {"status_code": 200, "body": encode_openai(self.answer(line["body"]))}})
        for name, rows in (("output_file_id", done), ("error_file_id", failed)):
            if rows:
                file_id = f"file-out-{len(self.files)}"
                self.files[file_id] = "".join(json.dumps(r) + "\n" for r in rows).encode()
                batch[name] = file_id
        batch["status"] = "expired" if fate == "expired" else "completed"

    def openai_view(self, batch: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in batch.items() if k not in ("polls", "fate", "provider")}

    def anthropic_view(self, batch: dict[str, Any]) -> dict[str, Any]:
        n = len(batch["requests"])
        counts = {"processing": 0 if batch["done"] else n, "succeeded": n if batch["done"] else 0, "errored": 0,
                  "canceled": 0, "expired": 0}
        return {"id": batch["id"], "type": "message_batch", "created_at": batch["created_at"], "request_counts": counts,
                "processing_status": "ended" if batch["done"] else "in_progress"}

    def anthropic_results(self, batch: dict[str, Any]) -> bytes:
        lines = []
        for request, outcome in zip(batch["requests"], self._outcomes(batch["fate"], len(batch["requests"]))):
            if outcome == "ok":
                result = {"type": "succeeded", "message": encode_anthropic(self.answer(request["params"]))}
            elif outcome == "expired":
                result = {"type": "expired"}
            else:
                result = {"type": "errored", "error": {"type": "error", "error": {"type": "api_error"}}}
            lines.append(json.dumps({"custom_id": request["custom_id"], "result": result}))
        return ("\n".join(lines) + "\n").encode()

    def gemini_view(self, batch: dict[str, Any]) -> dict[str, Any]:
        expired = batch["fate"] == "expired"
        state = ("BATCH_STATE_EXPIRED" if expired else "BATCH_STATE_SUCCEEDED") if batch["done"] else "BATCH_STATE_RUNNING"
        view: dict[str, Any] = {"name": f"batches/{batch['id']}", "done": batch["done"], "metadata": {
            "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
            "displayName": batch["display_name"], "state": state}}
        if batch["done"] and not expired:
            responses = [{"response": encode_gemini(self.answer(r["request"]))} if outcome == "ok"
                         else {"error": {"code": 500, "message": "internal"}}
                         for r, outcome in zip(batch["requests"], self._outcomes(batch["fate"], len(batch["requests"])))]
            view["response"] = {"@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput",
                                "inlinedResponses": {"inlinedResponses": responses}}
        return view

    def start(self) -> tuple[ThreadingHTTPServer, str]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, payload: Any, raw: bool = False) -> None:
                data = payload if raw else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/octet-stream" if raw else "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                path = urlparse(self.path).path
                with fake.lock:
                    if path == "/v1/files":
                        fake.counts["uploads"] += 1
                        file_id = f"file-in-{len(fake.files)}"
                        fake.files[file_id] = _multipart_file(body, self.headers["content-type"])
                        return self._send(200, {"id": file_id, "object": "file", "purpose": "batch"})
                    if path == "/v1/batches":
                        request = json.loads(body)
                        if request["input_file_id"] not in fake.files:
                            return self._send(400, {"error": {"message": "no such file"}})
                        fake.counts["creates"] += 1
                        number = len(fake.batches)
                        batch = {"id": f"batch_{number}", "object": "batch", "status": "validating",
                                 "input_file_id": request["input_file_id"], "metadata": request.get("metadata"),
                                 "endpoint": request["endpoint"], "polls": 0, "fate": fake.plan(number),
                                 "provider": "openai"}
                        fake.batches[batch["id"]] = batch
                        return self._send(200, fake.openai_view(batch))
                    if path == "/v1/messages/batches":
                        requests = json.loads(body)["requests"]
                        created = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
                        batch = fake._new_batch("anthropic", requests, {"created_at": created})
                        return self._send(200, fake.anthropic_view(batch))
                    match = re.fullmatch(r"/v1beta/models/([^/:]+):batchGenerateContent", path)
                    if match:
                        spec = json.loads(body)["batch"]
                        requests = spec["inputConfig"]["requests"]["requests"]
                        batch = fake._new_batch("gemini", requests, {"display_name": spec["displayName"]})
                        return self._send(200, fake.gemini_view(batch))
                    if path.endswith("/chat/completions"):
                        fake.counts["online"] += 1
                        return self._send(200, encode_openai(fake.answer(json.loads(body))))
                self._send(404, {"error": "no such route"})

            def do_GET(self) -> None:  # noqa: N802
                url = urlparse(self.path)
                with fake.lock:
                    if url.path == "/v1/messages/batches":
                        listed = [fake.anthropic_view(b) for b in fake.batches.values() if b["provider"] == "anthropic"]
                        return self._send(200, {"data": listed[::-1], "has_more": False})
                    match = re.fullmatch(r"/v1/messages/batches/([\w-]+)(/results)?", url.path)
                    if match and match.group(1) in fake.batches:
                        batch = fake.batches[match.group(1)]
                        if match.group(2):
                            return self._send(200, fake.anthropic_results(batch), raw=True)
                        fake._poll(batch)
                        return self._send(200, fake.anthropic_view(batch))
                    if url.path == "/v1beta/batches":
                        listed = [fake.gemini_view(b) for b in fake.batches.values() if b["provider"] == "gemini"]
                        return self._send(200, {"operations": listed[::-1]})
                    match = re.fullmatch(r"/v1beta/batches/([\w-]+)", url.path)
                    if match and match.group(1) in fake.batches:
                        batch = fake.batches[match.group(1)]
                        fake._poll(batch)
                        return self._send(200, fake.gemini_view(batch))
                    if url.path == "/v1/batches":
                        query = parse_qs(url.query)
                        listed = sorted((b for b in fake.batches.values() if b["provider"] == "openai"),
                                        key=lambda b: b["id"], reverse=True)
                        if "after" in query:
                            listed = [b for b in listed if b["id"] < query["after"][0]]
                        page = listed[:int(query.get("limit", ["20"])[0])]
                        return self._send(200, {"object": "list", "data": [fake.openai_view(b) for b in page],
                                                "has_more": len(listed) > len(page)})
                    match = re.fullmatch(r"/v1/batches/([\w-]+)", url.path)
                    if match and match.group(1) in fake.batches and fake.batches[match.group(1)]["provider"] == "openai":
                        fake.counts["polls"] += 1
                        batch = fake.batches[match.group(1)]
                        batch["polls"] += 1
                        if batch["status"] in ("validating", "in_progress"):
                            batch["status"] = "in_progress"
                            if batch["polls"] > fake.polls_to_finish:
                                fake._finish(batch)
                        return self._send(200, fake.openai_view(batch))
                    match = re.fullmatch(r"/v1/files/([\w-]+)/content", url.path)
                    if match and match.group(1) in fake.files:
                        return self._send(200, fake.files[match.group(1)], raw=True)
                self._send(404, {"error": "no such route"})

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server, f"http://127.0.0.1:{server.server_address[1]}/v1"
