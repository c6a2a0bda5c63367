"""``remi annotate``: a person answers items in the browser and the run reads like a model's."""

from __future__ import annotations

import http.client
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from browser import chromium
from conftest import png_bytes, synthetic_item
from remibench.annotate import AnnotationError, AnnotationSession, is_loopback, make_server, open_session
from remibench.annotate.session import official_response, typed_answer
from remibench.cli import main
from remibench.data.writer import DatasetWriter
from remibench.items import Item
from remibench.runner.run import rescore
from remibench.runner.store import RunStoreError

# Labels that cannot turn up anywhere by chance, so finding one in a served body means a leak.
ITEMS = [("Charts", 3, "(Quokkafruit, decreased)"), ("Schedule", 2, "Zanzibar-QX71"), ("IQ", 6, "Xylophone-E"),
         ("Maps", 4, "Vortexk,Vortexm"), ("GeomShape", 2, "73914.58"), ("Clocks", 3, "86411")]
RIGHT = "Quokkafruit, decreased"  # officially right for "(Quokkafruit, decreased)", yet not the label's text
MARKUP = "<b>x</b><script>window.pwned=1</script>"


def make_items() -> list[Item]:
    items = []
    for index, (task, n_images, label) in enumerate(ITEMS):
        base = synthetic_item(index, task, n_images, label)
        images = tuple(png_bytes((40 * k, 90, 160), (320, 200)) for k in range(n_images))
        items.append(Item(base.id, task, base.question, images, label, {}))
    return items


@pytest.fixture
def data(tmp_path: Path) -> Path:
    with DatasetWriter(tmp_path / "data" / "test.parquet") as writer:
        for item in make_items():
            writer.write(item)
    return tmp_path / "data"


@contextmanager
def running(session: AnnotationSession) -> Iterator[str]:
    server = make_server(session, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def samples(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "samples.jsonl").read_text(encoding="utf-8").splitlines()]


def latest(out: Path) -> dict[str, dict[str, Any]]:
    return {record["id"]: record for record in samples(out)}


def assert_no_label(bodies: list[tuple[str, bytes]]) -> None:
    labels = [label.lower().encode() for _, _, label in ITEMS]
    assert bodies
    for where, body in bodies:
        for label in labels:
            assert label not in body.lower(), (where, label)


def fetch_everything(url: str, total: int) -> list[tuple[str, bytes]]:
    """Every route the app serves, fetched directly."""
    paths = ["", "static/app.js", "static/app.css", "static/icon.svg", "api/state", "api/items/99", "nope"]
    for index, (_, n_images, _) in enumerate(ITEMS[:total]):
        paths += [f"api/items/{index}"] + [f"api/items/{index}/images/{k}" for k in range(1, n_images + 1)]
    bodies = []
    for path in paths:
        try:
            with urllib.request.urlopen(url + path) as response:
                bodies.append((path, response.read()))
        except urllib.error.HTTPError as error:
            bodies.append((path, error.read()))
    return bodies


def check_parity_with_score(out: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """The stored verdicts and results are exactly what ``remi score`` computes again."""
    before_samples = latest(out)
    before = json.loads((out / "results.json").read_text())
    assert rescore(out) == before
    assert samples(out) == list(before_samples.values())  # verdicts unchanged; superseded lines dropped
    capsys.readouterr()
    assert main(["score", str(out)]) == 0
    assert f"{before['overall']:.1%} over {before['n']} items" in capsys.readouterr().out
    assert json.loads((out / "results.json").read_text()) == before
    return before


# -- the run, without a browser -----------------------------------------------------------------

def test_answers_are_samples_of_the_eval_shape_and_score_like_remi_score(data: Path, tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "human"
    with open_session(data, out, "ada") as session:
        session.answer(0, RIGHT, 12.5)
        session.answer(1, MARKUP, 3)
        state = session.skip(2, 4.25)
    assert state["statuses"][:4] == ["answered", "answered", "skipped", "open"] and state["resume"] == 3
    right, wrong, skipped = samples(out)
    assert right["correct"] and right["model"] == "human/ada" and right["layout"] == "interleaved"
    assert right["response"] == json.dumps({"explanation": "", "answer": RIGHT}) and right["latency_s"] == 12.5
    assert not wrong["correct"] and typed_answer(wrong["response"]) == MARKUP
    assert skipped["response"] is None and skipped["error"] == "skipped" and not skipped["correct"]
    assert main(["eval", "--data", str(data), "--model", "baseline/oracle", "--out", str(tmp_path / "oracle"),
                 "--quiet"]) == 0
    oracle = samples(tmp_path / "oracle")[0]
    assert set(right) == set(oracle) and set(skipped) == set(oracle)
    assert right["parts"] == oracle["parts"] and right["prompt_fingerprint"] == oracle["prompt_fingerprint"]
    results = check_parity_with_score(out, capsys)
    assert results["n"] == 3 and results["errors"] == 1 and not results["complete"]
    assert results["overall"] == pytest.approx(1 / 3) and results["settings"]["model"] == "human/ada"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["model"] == "human/ada" and manifest["annotator"] == "ada" and manifest["items"] == len(ITEMS)
    assert main(["report", str(out), str(tmp_path / "oracle"), "--out", str(tmp_path / "report"),
                 "--resamples", "50", "--gallery-per-task", "1"]) == 0
    table = (tmp_path / "report" / "report.md").read_text()
    assert "| human/ada |" in table and "| baseline/oracle |" in table  # side by side


def test_reopening_resumes_and_the_latest_answer_wins(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "human"
    with open_session(data, out, "ada") as session:
        session.answer(0, "wrong first", 2)
        session.skip(1, 1)
    with open_session(data, out, "ada") as session:
        state = session.state()
        assert state["resume"] == 2 and state["answered"] == 1 and state["skipped"] == 1
        assert session.view(0)["answer"] == "wrong first" and session.view(1)["status"] == "skipped"
        session.skip(0, 5)  # a skip keeps an existing answer
        assert session.status(0) == "answered"
        session.answer(0, RIGHT, 3)
        session.answer(1, "Zanzibar-QX71", 1)
    first, second = (latest(out)[item.id] for item in make_items()[:2])
    assert first["correct"] and first["attempts"] == 2 and first["latency_s"] == 5
    assert second["correct"] and second["attempts"] == 2 and second["error"] is None


def test_non_ascii_answers_are_stored_as_typed_and_score(tmp_path: Path) -> None:
    item = Item("Schedule-test-00000", "Schedule", "Where? <image1> <image2>", (png_bytes(), png_bytes()), "São Paulo")
    with AnnotationSession([item], tmp_path / "run", "zoe-1") as session:
        session.answer(0, "são paulo", 1)
    record = samples(tmp_path / "run")[0]
    assert record["response"] == official_response("são paulo") and "\\u" not in record["response"]
    assert record["correct"] and record["prediction"] == "são paulo"


def test_other_annotators_and_bad_input_are_refused(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "human"
    with open_session(data, out, "ada"):
        pass
    with pytest.raises(RunStoreError, match="human/ada' -> 'human/bob"):
        open_session(data, out, "bob")
    with pytest.raises(AnnotationError, match="annotator name"):
        open_session(data, tmp_path / "x", "../evil")
    with pytest.raises(AnnotationError, match="no items"):
        open_session(data, tmp_path / "y", "ada", tasks=["Collisions"])
    with open_session(data, tmp_path / "z", "ada") as session:
        for typed, seconds in [("  ", 1), (None, 1), ("x" * 5000, 1), ("ok", -1), ("ok", float("nan")), ("ok", "3")]:
            with pytest.raises(AnnotationError):
                session.answer(0, typed, seconds)
    assert not (tmp_path / "z" / "samples.jsonl").read_text()


def test_loopback_detection() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "", "::", "192.168.1.4", "example.org"))


def raw(url: str, method: str, path: str, body: bytes | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request with the path sent exactly as given (no client-side normalisation)."""
    host, port = url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    result = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    connection.close()
    return result


def test_api_serves_only_its_routes_and_refuses_bad_requests(data: Path, tmp_path: Path) -> None:
    items = make_items()
    with open_session(data, tmp_path / "human", "ada") as session, running(session) as url:
        status, headers, body = raw(url, "GET", "/api/items/2/images/6")
        assert status == 200 and headers["content-type"] == "image/png" and body == items[2].images[5]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        for path in ["/api/items/6", "/api/items/0/images/0", "/api/items/0/images/4", "/static/../session.py",
                     "/static/%2e%2e/session.py", "/static/app.js/../../app.py", "//etc/passwd", "/../pyproject.toml",
                     "/api/items/-1", "/api/items/0/images/../../state", "/static/index.html", "/static/"]:
            assert raw(url, "GET", path)[0] == 404, path
        assert raw(url, "GET", "/", headers={"Host": "evil.example:80"})[0] == 421
        post = "/api/items/0/answer"
        json_type = {"Content-Type": "application/json"}
        assert raw(url, "POST", post, b"answer=1", {"Content-Type": "application/x-www-form-urlencoded"})[0] == 415
        assert raw(url, "POST", post, b"{nope", json_type)[0] == 400
        assert raw(url, "POST", post, b"[1]", json_type)[0] == 400
        assert raw(url, "POST", post, json.dumps({"answer": ""}).encode(), json_type)[0] == 400
        assert raw(url, "POST", post, b"{" + b" " * 70_000 + b"}", json_type)[0] == 413
        assert raw(url, "POST", "/api/items/9/answer", b'{"answer": "1"}', json_type)[0] == 404
        assert raw(url, "GET", post)[0] == 404
        assert not (tmp_path / "human" / "samples.jsonl").read_text()
        status, _, body = raw(url, "POST", post, json.dumps({"answer": RIGHT, "seconds": 2}).encode(), json_type)
        assert status == 200 and json.loads(body)["statuses"][0] == "answered"
        assert b"correct" not in body and b"prediction" not in body  # no verdict before the end, nor after
        assert_no_label(fetch_everything(url, len(ITEMS)))


# -- the page, in headless Chromium -------------------------------------------------------------

class Page:
    """A browser tab on the app that keeps every response body and every console error."""

    def __init__(self, browser: Any, url: str) -> None:
        self.url = url
        self.context = browser.new_context(viewport={"width": 1100, "height": 900})
        self.page = self.context.new_page()
        self.responses: list[Any] = []
        self.errors: list[str] = []
        self.page.on("response", lambda r: self.responses.append(r))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)
        self.page.wait_for_selector("#item:not([hidden]), #done:not([hidden])")

    def text(self, selector: str) -> str:
        return self.page.text_content(selector) or ""

    def at(self, position: int, total: int = len(ITEMS)) -> None:
        self.page.wait_for_function(
            "t => document.getElementById('position').textContent === t && !document.getElementById('item').hidden",
            arg=f"Item {position} of {total}")

    def answer(self, typed: str) -> None:
        self.page.fill("#answer", typed)
        self.page.press("#answer", "Enter")

    def bodies(self) -> list[tuple[str, bytes]]:
        return [(r.url, r.body()) for r in self.responses if r.status != 204]

    def close(self) -> list[tuple[str, bytes]]:
        bodies = self.bodies()
        self.context.close()
        assert self.errors == []
        return bodies


def test_a_person_annotates_in_the_browser_resumes_and_is_scored_like_a_model(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "human"
    with chromium() as browser:
        with open_session(data, out, "ada") as session, running(session) as url:
            tab = Page(browser, url)
            tab.at(1)
            assert tab.text("#progress-text") == "0 / 6 answered"
            assert tab.text("#hint") == "a number, or a pair like (name, increased), as the question asks"
            assert tab.page.eval_on_selector_all("#question img", "els => els.every(e => e.naturalWidth === 320)")
            assert tab.page.evaluate("document.activeElement.id") == "answer"
            tab.answer(RIGHT)
            tab.at(2)
            tab.answer(MARKUP)
            tab.at(3)
            tab.page.keyboard.press("Alt+KeyN")  # skip
            tab.at(4)
            assert tab.text("#progress-text") == "2 / 6 answered · 1 skipped"
            tab.page.keyboard.press("Alt+KeyP")
            tab.at(3)
            assert tab.text("#badge") == "skipped" and tab.page.input_value("#answer") == ""
            tab.page.click("#back")
            tab.at(2)
            # the markup answer comes back as text: same characters, no element made of it, no script run
            assert tab.text("#saved-text") == MARKUP and tab.page.input_value("#answer") == MARKUP
            assert tab.page.evaluate("document.getElementById('saved-text').children.length") == 0
            assert tab.page.evaluate("window.pwned === undefined && document.scripts.length === 1")
            assert tab.text("#skip") == "Next →"
            tab.page.screenshot(path=str(tmp_path / "annotate.png"), full_page=True)
            tab.page.click(".figure >> nth=1")
            tab.page.wait_for_selector("#overlay:not([hidden])")
            assert tab.page.evaluate("document.getElementById('overlay-image').naturalWidth") == 320
            tab.page.keyboard.press("Escape")
            tab.page.wait_for_selector("#overlay", state="hidden")
            assert_no_label(tab.close() + fetch_everything(url, len(ITEMS)))

        right, wrong, skipped = samples(out)
        assert right["correct"] and right["latency_s"] > 0 and right["response"] == official_response(RIGHT)
        assert not wrong["correct"] and typed_answer(wrong["response"]) == MARKUP
        assert skipped["error"] == "skipped" and skipped["response"] is None
        assert check_parity_with_score(out, capsys)["overall"] == pytest.approx(1 / 3)

        with open_session(data, out, "ada") as session, running(session) as url:
            tab = Page(browser, url)
            tab.at(4)  # the first item neither answered nor skipped
            assert tab.text("#progress-text") == "2 / 6 answered · 1 skipped"
            for position, typed in [(4, "A,B"), (5, "12"), (6, "60")]:
                tab.at(position)
                tab.answer(typed)
            tab.page.wait_for_selector("#done:not([hidden])")
            assert tab.text("#done-summary").startswith("5 of 6 items answered, 1 skipped")
            tab.page.click("#revisit")
            tab.at(3)
            tab.answer("E")
            tab.page.wait_for_selector("#done:not([hidden])")
            assert tab.text("#done-summary") == "6 of 6 items answered."
            assert tab.page.is_hidden("#revisit")
            tab.page.screenshot(path=str(tmp_path / "done.png"))
            assert_no_label(tab.close() + fetch_everything(url, len(ITEMS)))

    final = latest(out)
    assert len(final) == len(ITEMS) and not any(r["error"] for r in final.values())
    results = check_parity_with_score(out, capsys)
    assert results["complete"] and results["n"] == len(ITEMS)
    assert results["tasks"]["Charts"]["correct"] == 1 and results["tasks"]["GeomShape"]["correct"] == 0


def test_annotate_command_serves_until_interrupted(data: Path, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    out = tmp_path / "human"
    process = subprocess.Popen([sys.executable, "-m", "remibench.cli", "annotate", "--data", str(data), "--out", str(out),
                                "--annotator", "ada", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # even if the suite runs in the background
    try:
        lines = [process.stdout.readline(), process.stdout.readline()]  # type: ignore[union-attr]
        url = lines[1].split()[1]
        assert lines[0].startswith("human/ada: 0 of") and url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "api/state" if url.endswith("/") else url + "/api/state") as reply:
            state = json.loads(reply.read())
        assert state["answered"] == 0 and state["total"] > 0
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "stopped: 0 of" in stdout and "Traceback" not in stderr
