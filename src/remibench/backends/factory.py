"""``--model PROVIDER/NAME`` -> a backend."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from remibench.backends.base import Backend

PROVIDERS = ("openai", "azure", "anthropic", "google", "hf", "baseline")
API_PROVIDERS = ("openai", "azure", "anthropic", "google")


class UnknownModel(ValueError):
    """A model spec that names no provider this tool has."""


def split_spec(spec: str) -> tuple[str, str]:
    provider, sep, name = spec.partition("/")
    if not sep or not name or provider not in PROVIDERS:
        raise UnknownModel(f"--model {spec!r}: expected PROVIDER/NAME with PROVIDER one of {', '.join(PROVIDERS)} "
                           "(e.g. openai/gpt-4o, azure/my-gpt4o-deployment, anthropic/claude-sonnet-4-5, google/gemini-2.5-pro, "
                           "hf/Qwen/Qwen2-VL-2B-Instruct, baseline/oracle)")
    return provider, name


def make_backend(spec: str, *, data: str | Path | None = None, base_url: str | Sequence[str] | None = None,
                 timeout: float = 120.0, concurrency: int = 16, hf_batch_size: int = 4, engine: str = "local",
                 replicas: int = 1, address: str | None = None, api_version: str | None = None) -> Backend:
    """Build the backend named by ``spec``; baselines read what they need from ``data``.

    Several base URLs make one pool of replicas of the model (API providers only); ``engine="ray"``
    runs ``replicas`` copies of a local hf model as Ray actors.
    """
    provider, name = split_spec(spec)
    if engine == "ray":
        if provider != "hf":
            raise UnknownModel(f"--engine ray runs local hf/ models; {spec} is served by its provider")
        from remibench.backends.ray_replicas import RayReplicas

        return RayReplicas(name, replicas, batch_size=hf_batch_size, address=address)
    if replicas != 1:
        raise UnknownModel("--replicas needs --engine ray (for API models, give --base-url once per replica)")
    urls = [base_url] if isinstance(base_url, str) else list(base_url or [])
    if len(urls) > 1:
        if provider not in API_PROVIDERS:
            raise UnknownModel(f"--model {spec}: several --base-url values need an API provider (openai, anthropic, google)")
        if len(set(urls)) != len(urls):
            raise UnknownModel(f"--base-url: {len(urls) - len(set(urls))} URL(s) given twice")
        from remibench.backends.pool import EndpointPool

        return EndpointPool([make_backend(spec, base_url=url, timeout=timeout, concurrency=concurrency,
                                          api_version=api_version) for url in urls])
    base_url = urls[0] if urls else None
    if provider == "openai":
        from remibench.backends.openai_compat import OpenAICompatible

        return OpenAICompatible(name, base_url, timeout, concurrency)
    if provider == "azure":
        from remibench.backends.azure import AzureConfigError, AzureOpenAI

        try:
            return AzureOpenAI(name, base_url, timeout, concurrency, api_version)
        except AzureConfigError as error:
            raise UnknownModel(str(error)) from error
    if provider == "anthropic":
        from remibench.backends.anthropic import Anthropic

        return Anthropic(name, base_url, timeout, concurrency)
    if provider == "google":
        from remibench.backends.google import Gemini

        return Gemini(name, base_url, timeout, concurrency)
    if provider == "hf":
        from remibench.backends.hf import HuggingFace

        return HuggingFace(name, batch_size=hf_batch_size)
    return _baseline(name, data)


def _baseline(name: str, data: str | Path | None) -> Backend:
    from remibench.backends.baselines import Majority, Oracle, RandomGuess
    from remibench.data.loader import DatasetError, load_items

    if name == "oracle":
        return Oracle()
    if data is None:
        raise UnknownModel(f"baseline/{name} needs --data")
    if name == "majority":
        try:
            return Majority(load_items(data, "train"))
        except DatasetError as error:
            raise UnknownModel(f"baseline/majority needs the dataset's train split: {error}") from error
    if name == "random":
        def labelled(split: str):  # type: ignore[no-untyped-def]
            try:
                yield from load_items(data, split)
            except DatasetError:
                if split == "test":
                    raise
        return RandomGuess(item for split in ("train", "test") for item in labelled(split))
    raise UnknownModel(f"unknown baseline {name!r}; baselines are oracle, majority, random")
