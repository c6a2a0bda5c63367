"""A local transformers vision-language model (``--model hf/<hub id or folder>``).

The message becomes one user turn of ``{"type": "image"}`` and ``{"type": "text"}`` entries in
part order, rendered by the processor's own chat template, so each model sees the images where
its authors' template puts them. Concurrent requests from the runner are gathered into batches
of up to ``batch_size`` and answered by one worker; the forward pass runs in a thread so the
event loop (progress, storage, other requests) keeps going meanwhile.

torch and transformers are imported on first use only, so the rest of the tool works without
them. Loading follows transformers' own rules (``HF_HUB_OFFLINE``, ``HF_HOME``, ...): a local
folder is read without any network access; a hub id is fetched only if transformers may.
"""

from __future__ import annotations

import asyncio
import io
import threading
from dataclasses import dataclass
from typing import Any

from remibench.backends.base import Backend, BackendError, GenerationSettings, Response
from remibench.items import Item
from remibench.prompt import ImagePart, Message

# Event-loop turns the worker waits for more requests before starting a batch that is not full,
# so requests issued together (asyncio.gather, the runner's workers) share one forward pass.
GATHER_TURNS = 8
# Model classes to try, newest first (AutoModelForVision2Seq is the name before transformers 4.46).
AUTO_CLASSES = ("AutoModelForImageTextToText", "AutoModelForVision2Seq")


def chat_content(message: Message) -> list[dict[str, str]]:
    """The user turn's content list: one entry per part, in part order."""
    return [{"type": "image"} if isinstance(part, ImagePart) else {"type": "text", "text": part.text}
            for part in message.parts]


def decode_images(message: Message) -> list[Any]:
    """The message's images as PIL RGB images, in part order."""
    from PIL import Image

    images = []
    for png in message.images:
        with Image.open(io.BytesIO(png)) as image:
            images.append(image.convert("RGB"))
    return images


@dataclass
class _Request:
    message: Message
    settings: GenerationSettings
    future: asyncio.Future[Response]


@dataclass
class _Loaded:
    model: Any
    processor: Any
    tokenizer: Any
    device: Any
    stop_ids: frozenset[int]
    pad_id: int | None


class HuggingFace(Backend):
    """A transformers image-text-to-text model run in this process (CUDA if available, else CPU).

    ``settings.timeout`` does not apply: a forward pass cannot be abandoned halfway, and a batch on
    CPU may legitimately take minutes.
    """

    def __init__(self, name: str, batch_size: int = 4) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        self.name = name
        self.spec = f"hf/{name}"
        self.endpoint = "local"
        self.batch_size = batch_size
        self._loaded: _Loaded | None = None
        self._load_error: str | None = None
        # One forward pass at a time, even if requests come from several event loops.
        self._model_lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: asyncio.Queue[_Request] | None = None
        self._worker: asyncio.Task[None] | None = None
        self._inflight: list[_Request] = []

    # ------------------------------------------------------------------ asyncio side

    async def generate(self, message: Message, item: Item, settings: GenerationSettings) -> Response:
        queue = self._ensure_worker()
        future: asyncio.Future[Response] = asyncio.get_running_loop().create_future()
        await queue.put(_Request(message, settings, future))
        return await future

    def _ensure_worker(self) -> asyncio.Queue[_Request]:
        """The queue served by this event loop's worker, started on first use (a new loop, as
        after another ``asyncio.run``, gets a new worker)."""
        loop = asyncio.get_running_loop()
        if self._queue is None or self._worker is None or self._loop is not loop or self._worker.done():
            self._loop = loop
            self._queue = asyncio.Queue()
            self._worker = loop.create_task(self._serve(self._queue))
        return self._queue

    async def _serve(self, queue: asyncio.Queue[_Request]) -> None:
        while True:
            batch = await self._collect(queue)
            self._inflight = batch
            try:
                for settings, group in _by_settings(batch):
                    live = [r for r in group if not r.future.done()]
                    if not live:
                        continue
                    try:
                        outcomes = await asyncio.to_thread(self._answer, [r.message for r in live], settings)
                    except Exception as error:  # noqa: BLE001 - every waiting request must hear of it
                        outcomes = [_generation_error(self.spec, error) for _ in live]
                    for request, outcome in zip(live, outcomes):
                        if request.future.done():
                            continue
                        if isinstance(outcome, BackendError):
                            request.future.set_exception(outcome)
                        else:
                            request.future.set_result(outcome)
            finally:
                self._inflight = []

    async def _collect(self, queue: asyncio.Queue[_Request]) -> list[_Request]:
        batch = [await queue.get()]
        turns = 0
        while len(batch) < self.batch_size and turns < GATHER_TURNS:
            try:
                batch.append(queue.get_nowait())
            except asyncio.QueueEmpty:
                turns += 1
                await asyncio.sleep(0)
        return batch

    async def aclose(self) -> None:
        """Stop the worker; requests still waiting fail. The model stays loaded for reuse."""
        worker, loop, queue = self._worker, self._loop, self._queue
        self._worker = self._queue = self._loop = None
        if worker is not None and not worker.done():
            worker.cancel()
            if loop is asyncio.get_running_loop():
                await asyncio.gather(worker, return_exceptions=True)
        pending = list(self._inflight)
        self._inflight = []
        while queue is not None and not queue.empty():
            pending.append(queue.get_nowait())
        for request in pending:
            if not request.future.done() and not request.future.get_loop().is_closed():
                request.future.set_exception(BackendError(f"{self.spec}: backend closed before answering",
                                                          retryable=False))

    # ------------------------------------------------------------------ thread side

    def _answer(self, messages: list[Message], settings: GenerationSettings) -> list[Response | BackendError]:
        """Answers in order. If a batch fails, each message is tried alone, so one bad input
        (or a batch too large for memory) fails only what it must."""
        with self._model_lock:
            try:
                loaded = self._load()
            except BackendError as error:
                return [BackendError(str(error), retryable=False) for _ in messages]
            try:
                return list(self._forward(loaded, messages, settings))
            except Exception as error:  # noqa: BLE001 - reported per item below
                if len(messages) == 1:
                    return [_generation_error(self.spec, error)]
            outcomes: list[Response | BackendError] = []
            for message in messages:
                try:
                    outcomes.extend(self._forward(loaded, [message], settings))
                except Exception as error:  # noqa: BLE001 - recorded as this item's error
                    outcomes.append(_generation_error(self.spec, error))
            return outcomes

    def _load(self) -> _Loaded:
        """The model and processor, loaded once; a failed load is remembered, not retried."""
        if self._loaded is not None:
            return self._loaded
        if self._load_error is None:
            try:
                self._loaded = self._load_model()
                return self._loaded
            except ImportError as error:
                self._load_error = f"{self.spec} needs torch and transformers: pip install 'remibench[hf]' ({error})"
            except Exception as error:  # noqa: BLE001 - any load failure ends every request the same way
                self._load_error = (f"{self.spec}: cannot load model or processor {self.name!r}: "
                                    f"{type(error).__name__}: {error}")
        raise BackendError(self._load_error, retryable=False)

    def _load_model(self) -> _Loaded:
        import torch
        import transformers
        from packaging.version import Version

        processor = transformers.AutoProcessor.from_pretrained(self.name)
        tokenizer = getattr(processor, "tokenizer", processor)
        if hasattr(tokenizer, "padding_side"):
            tokenizer.padding_side = "left"  # decoder-only batches must end where generation starts
        cuda = torch.cuda.is_available()
        device = torch.device("cuda" if cuda else "cpu")
        # On CPU half precision is slow or unsupported; on CUDA keep the checkpoint's own dtype.
        dtype: Any = "auto" if cuda else torch.float32
        dtype_key = "dtype" if Version(transformers.__version__) >= Version("4.56") else "torch_dtype"
        model = None
        errors = []
        for class_name in AUTO_CLASSES:
            auto = getattr(transformers, class_name, None)
            if auto is None:
                continue
            try:
                model = auto.from_pretrained(self.name, **{dtype_key: dtype})
                break
            except ValueError as error:  # this auto class does not know the architecture
                errors.append(f"{class_name}: {error}")
        if model is None:
            raise ValueError("no image-text-to-text model class fits: " + "; ".join(errors))
        model.to(device)
        model.eval()
        config = model.generation_config
        stop_ids = set(_ids(config.eos_token_id)) | set(_ids(getattr(tokenizer, "eos_token_id", None)))
        pad_id = config.pad_token_id
        if pad_id is None:
            pad_id = getattr(tokenizer, "pad_token_id", None)
        if pad_id is None and stop_ids:
            pad_id = min(stop_ids)
        return _Loaded(model, processor, tokenizer, device, frozenset(stop_ids), pad_id)

    def _forward(self, loaded: _Loaded, messages: list[Message], settings: GenerationSettings) -> list[Response]:
        import torch

        processor, tokenizer, model = loaded.processor, loaded.tokenizer, loaded.model
        prompts = [processor.apply_chat_template([{"role": "user", "content": chat_content(m)}],
                                                 add_generation_prompt=True, tokenize=False) for m in messages]
        images = [decode_images(m) for m in messages]
        kwargs: dict[str, Any] = {"text": prompts, "return_tensors": "pt", "padding": True}
        if any(images):
            kwargs["images"] = images
        bos = getattr(tokenizer, "bos_token", None)
        if bos and all(p.startswith(bos) for p in prompts):
            kwargs["add_special_tokens"] = False  # the template already wrote it
        inputs = processor(**kwargs)
        inputs = inputs.to(loaded.device)
        if model.dtype != torch.float32:
            inputs = inputs.to(model.dtype)  # floating tensors only (pixel values)
        generation: dict[str, Any] = {"max_new_tokens": settings.max_tokens, "pad_token_id": loaded.pad_id}
        if settings.temperature > 0:
            # Plain temperature sampling, as the API backends do with temperature alone.
            generation.update(do_sample=True, temperature=settings.temperature, top_k=0, top_p=1.0)
        else:
            generation.update(do_sample=False)
        with torch.inference_mode():
            output = model.generate(**inputs, **generation)
        sequences = getattr(output, "sequences", output)
        prompt_length = 0 if model.config.is_encoder_decoder else inputs["input_ids"].shape[1]
        mask = inputs.get("attention_mask")
        input_counts = mask.sum(dim=1).tolist() if mask is not None else [inputs["input_ids"].shape[1]] * len(messages)
        responses = []
        for row, n_input in zip(sequences[:, prompt_length:].tolist(), input_counts):
            new = _until_stop(row, loaded.stop_ids)
            text = tokenizer.decode(new, skip_special_tokens=True)
            responses.append(Response(text, int(n_input), len(new)))
        return responses


def _by_settings(batch: list[_Request]) -> list[tuple[GenerationSettings, list[_Request]]]:
    """Requests that can share a forward pass (same temperature and token budget), in arrival order."""
    groups: dict[tuple[Any, ...], tuple[GenerationSettings, list[_Request]]] = {}
    for request in batch:
        key = tuple(sorted(request.settings.cache_fields().items()))
        groups.setdefault(key, (request.settings, []))[1].append(request)
    return list(groups.values())


def _ids(value: int | list[int] | None) -> list[int]:
    if value is None:
        return []
    return [value] if isinstance(value, int) else list(value)


def _until_stop(tokens: list[int], stop_ids: frozenset[int]) -> list[int]:
    """Generated tokens up to and including the first stop token (what follows is padding)."""
    for index, token in enumerate(tokens):
        if token in stop_ids:
            return tokens[:index + 1]
    return tokens


def _generation_error(spec: str, error: BaseException) -> BackendError:
    if isinstance(error, BackendError):
        return error
    return BackendError(f"{spec}: generation failed: {type(error).__name__}: {error}", retryable=False)
