"""The hf backend on a tiny randomly initialised LLaVA model built here (no download).

Checks what reaches the model (chat turns and images in part order), batching of concurrent
requests, offline loading, error reporting, and ``remi eval --model hf/<folder>`` end to end.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from PIL import Image  # noqa: E402

from remibench.backends.base import BackendError, GenerationSettings, Response  # noqa: E402
from remibench.backends.factory import make_backend  # noqa: E402
from remibench.backends.hf import HuggingFace, chat_content  # noqa: E402
from remibench.cli import main  # noqa: E402
from remibench.data.writer import DatasetWriter  # noqa: E402
from remibench.items import Item  # noqa: E402
from remibench.prompt import ImagePart, Message, TextPart, build_message  # noqa: E402

from conftest import synthetic_item  # noqa: E402
from hf_tiny_model import ANSWER_CUE, IMAGE_TOKEN, IMAGE_TOKENS, build_tiny_llava  # noqa: E402

pytestmark = pytest.mark.slow

GREEDY = GenerationSettings(temperature=0.0, max_tokens=6)
TASKS = [("Clocks", 2, "15"), ("IQ", 6, "C"), ("Maps", 4, "D,B"), ("Charts", 3, "(Orange, decreased)"),
         ("EmojiAlgebra", 3, "-7")]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llava(tmp_path_factory.mktemp("tiny-llava"))


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every call of the processor (text and images as the backend passed them)."""
    seen: list[dict[str, Any]] = []
    original = transformers.LlavaProcessor.__call__

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(transformers.LlavaProcessor, "__call__", spy)
    return seen


def sample_items() -> list[Item]:
    return [synthetic_item(i, task, n, label) for i, (task, n, label) in enumerate(TASKS)]


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


async def answer_all(backend: HuggingFace, messages: list[Message], items: list[Item],
                     settings: GenerationSettings = GREEDY) -> list[Response]:
    try:
        return list(await asyncio.gather(*(backend.generate(m, i, settings) for m, i in zip(messages, items))))
    finally:
        await backend.aclose()


def expected_prompt(message: Message) -> str:
    """What the test template renders: the image token per image, the texts, in part order."""
    return "".join(IMAGE_TOKEN if isinstance(p, ImagePart) else p.text for p in message.parts) + ANSWER_CUE


def rgb(png: bytes) -> Image.Image:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB")


def flat(images: Any) -> list[Image.Image]:
    return [image for sample in images for image in sample]


@pytest.mark.parametrize("layout", ["interleaved", "images-first", "text-only"])
def test_images_and_texts_reach_the_processor_in_part_order(model_dir: Path, calls: list[dict[str, Any]],
                                                             layout: str) -> None:
    item = synthetic_item(3, "Maps", 4)
    message = build_message(item, layout)
    backend = HuggingFace(str(model_dir), batch_size=1)
    [response] = run(answer_all(backend, [message], [item]))

    assert len(calls) == 1
    [prompt] = calls[0]["text"]
    assert prompt == expected_prompt(message)
    if layout == "text-only":
        assert "images" not in calls[0] and IMAGE_TOKEN not in prompt
        return
    sent = flat(calls[0]["images"])
    assert len(sent) == len(item.images) == 4
    for image, png in zip(sent, item.images):  # the synthetic images all differ in colour
        assert image.mode == "RGB" and image.size == rgb(png).size
        assert image.tobytes() == rgb(png).tobytes()
    # The placeholders sit between the texts exactly where the parts put the images.
    pieces = prompt.removesuffix(ANSWER_CUE).split(IMAGE_TOKEN)
    texts = [p.text for p in message.parts if isinstance(p, TextPart)]
    assert [piece for piece in pieces if piece] == texts
    assert response.input_tokens is not None and response.input_tokens >= 4 * IMAGE_TOKENS


def test_chat_content_keeps_part_order() -> None:
    message = Message((TextPart("a"), ImagePart(b"1"), TextPart("b"), ImagePart(b"2")), "interleaved")
    assert chat_content(message) == [{"type": "text", "text": "a"}, {"type": "image"},
                                     {"type": "text", "text": "b"}, {"type": "image"}]


def test_concurrent_requests_are_batched_and_each_gets_its_answer(model_dir: Path,
                                                                 calls: list[dict[str, Any]]) -> None:
    items = sample_items()
    messages = [build_message(item) for item in items]
    batched = run(answer_all(HuggingFace(str(model_dir), batch_size=3), messages, items))

    assert [len(call["text"]) for call in calls] == [3, 2]
    sent = [image.tobytes() for call in calls for image in flat(call["images"])]
    assert sent == [rgb(png).tobytes() for item in items for png in item.images]
    assert len(batched) == len(items)
    for response, item in zip(batched, items):
        assert isinstance(response, Response) and isinstance(response.text, str)
        assert response.output_tokens is not None and 1 <= response.output_tokens <= GREEDY.max_tokens
        assert response.input_tokens is not None and response.input_tokens >= len(item.images) * IMAGE_TOKENS
    # Left padding: an item answered in a batch gets the same greedy answer as alone.
    alone = run(answer_all(HuggingFace(str(model_dir), batch_size=1), messages, items))
    assert [(r.text, r.input_tokens) for r in alone] == [(r.text, r.input_tokens) for r in batched]


def test_sampling_and_mixed_settings(model_dir: Path, calls: list[dict[str, Any]]) -> None:
    items = sample_items()[:4]
    messages = [build_message(item) for item in items]
    settings = [GenerationSettings(temperature=1.0, max_tokens=3), GREEDY] * 2
    backend = HuggingFace(str(model_dir), batch_size=4)

    async def go() -> list[Response]:
        try:
            return list(await asyncio.gather(*(backend.generate(m, i, s)
                                               for m, i, s in zip(messages, items, settings))))
        finally:
            await backend.aclose()

    responses = run(go())
    assert sorted(len(call["text"]) for call in calls) == [2, 2]  # one forward pass per settings
    for response, setting in zip(responses, settings):
        assert response.output_tokens is not None and 1 <= response.output_tokens <= setting.max_tokens


def test_the_event_loop_stays_free_during_a_forward_pass(model_dir: Path) -> None:
    items = sample_items()
    messages = [build_message(item) for item in items]
    backend = HuggingFace(str(model_dir), batch_size=2)

    async def go() -> int:
        ticks = 0
        answers = asyncio.ensure_future(answer_all(backend, messages, items))
        while not answers.done():
            ticks += 1
            await asyncio.sleep(0.001)
        assert len(answers.result()) == len(items)
        return ticks

    assert run(go()) > 3
    assert backend._worker is None  # aclose stopped it


def test_reuse_across_event_loops(model_dir: Path) -> None:
    item = synthetic_item(0)
    backend = HuggingFace(str(model_dir), batch_size=2)
    first = run(backend.generate(build_message(item), item, GREEDY))
    second = run(answer_all(backend, [build_message(item)], [item]))
    assert second == [first]


def test_a_failing_item_fails_alone(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items = sample_items()[:3]
    messages = [build_message(item) for item in items]
    original = transformers.LlavaProcessor.__call__

    def picky(self: Any, *args: Any, **kwargs: Any) -> Any:
        if any("question 1." in text for text in kwargs["text"]):
            raise RuntimeError("cannot read this one")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(transformers.LlavaProcessor, "__call__", picky)
    backend = HuggingFace(str(model_dir), batch_size=3)

    async def go() -> list[Any]:
        try:
            return list(await asyncio.gather(*(backend.generate(m, i, GREEDY) for m, i in zip(messages, items)),
                                             return_exceptions=True))
        finally:
            await backend.aclose()

    first, failed, third = run(go())
    assert isinstance(first, Response) and isinstance(third, Response)
    assert isinstance(failed, BackendError) and not failed.retryable
    assert "hf/" in str(failed) and "generation failed" in str(failed) and "cannot read this one" in str(failed)


def test_a_model_that_cannot_load_is_a_clear_final_error(tmp_path: Path) -> None:
    items = sample_items()[:3]
    backend = HuggingFace(str(tmp_path), batch_size=2)  # an empty folder: no config, no processor

    async def go() -> list[Any]:
        try:
            return list(await asyncio.gather(*(backend.generate(build_message(i), i, GREEDY) for i in items),
                                             return_exceptions=True))
        finally:
            await backend.aclose()

    errors = run(go())  # two batches: the second hears of the first's failure without loading again
    assert all(isinstance(e, BackendError) and not e.retryable for e in errors)
    assert len({str(e) for e in errors}) == 1
    assert str(errors[0]).startswith(f"hf/{tmp_path}: cannot load model or processor")


def test_backend_identity_and_factory(model_dir: Path) -> None:
    backend = make_backend(f"hf/{model_dir}", hf_batch_size=5)
    assert isinstance(backend, HuggingFace)
    assert backend.spec == f"hf/{model_dir}" and backend.endpoint == "local" and backend.batch_size == 5
    assert backend.cacheable and backend.describe() == {"model": f"hf/{model_dir}", "endpoint": "local"}
    with pytest.raises(ValueError):
        HuggingFace(str(model_dir), batch_size=0)


def test_importing_the_cli_and_backend_loads_no_torch() -> None:
    code = ("import sys, remibench.cli, remibench.backends.hf\n"
            "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]\n"
            "assert not heavy, heavy")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def write_dataset(folder: Path) -> Path:
    with DatasetWriter(folder / "test.parquet") as writer:
        for item in sample_items():
            writer.write(item)
    return folder


def read_samples(run_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (run_dir / "samples.jsonl").read_text().splitlines() if line.strip()]


def eval_args(model_dir: Path, data: Path, out: Path) -> list[str]:
    return ["eval", "--model", f"hf/{model_dir}", "--data", str(data), "--out", str(out), "--max-tokens", "5",
            "--hf-batch-size", "2", "--concurrency", "4", "--no-cache", "--quiet"]


def test_remi_eval_end_to_end(model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("REMI_CACHE_DIR", str(tmp_path / "cache"))
    data = write_dataset(tmp_path / "data")
    assert main(eval_args(model_dir, data, tmp_path / "run")) == 0
    samples = read_samples(tmp_path / "run")
    assert sorted(s["id"] for s in samples) == sorted(item.id for item in sample_items())
    for sample in samples:
        assert sample["error"] is None and isinstance(sample["response"], str)
        assert sample["model"] == f"hf/{model_dir}" and 1 <= sample["output_tokens"] <= 5
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["endpoint"] == "local"
    assert "ReMI score" in capsys.readouterr().out


def test_remi_eval_offline_in_a_fresh_process(model_dir: Path, tmp_path: Path) -> None:
    """HF_HUB_OFFLINE is read when huggingface_hub is imported, so only a new process shows that
    a local folder loads with it set, with an empty HF cache and every proxy pointing nowhere."""
    data = write_dataset(tmp_path / "data")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf-home"),
           "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "",
           "REMI_CACHE_DIR": str(tmp_path / "cache")}
    code = ("import sys\nfrom remibench.cli import main\n"
            f"sys.exit(main({eval_args(model_dir, data, tmp_path / 'run')!r}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    samples = read_samples(tmp_path / "run")
    assert len(samples) == len(TASKS) and all(s["error"] is None and s["response"] is not None for s in samples)
