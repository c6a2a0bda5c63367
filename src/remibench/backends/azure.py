"""Azure OpenAI: the same chat completions body, Azure's URL scheme and ``api-key`` header.

``--model azure/<deployment>`` posts to
``$AZURE_OPENAI_ENDPOINT/openai/deployments/<deployment>/chat/completions?api-version=V`` with
the key from ``AZURE_OPENAI_API_KEY``; ``--api-version`` (or ``OPENAI_API_VERSION``) picks V.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from remibench.backends.http import JsonClient
from remibench.backends.openai_compat import OpenAICompatible

DEFAULT_API_VERSION = "2024-10-21"


class AzureConfigError(ValueError):
    """Azure needs an endpoint and a key from the environment."""


class AzureOpenAI(OpenAICompatible):
    def __init__(self, deployment: str, base_url: str | None = None, timeout: float = 120.0, concurrency: int = 64,
                 api_version: str | None = None) -> None:
        endpoint = (base_url or os.environ.get("AZURE_OPENAI_ENDPOINT") or "").rstrip("/")
        key = os.environ.get("AZURE_OPENAI_API_KEY", "")
        if not endpoint:
            raise AzureConfigError("azure/ models need AZURE_OPENAI_ENDPOINT (https://NAME.openai.azure.com) or --base-url")
        if not key:
            raise AzureConfigError("azure/ models need the key in AZURE_OPENAI_API_KEY")
        self.model = deployment
        self.spec = f"azure/{deployment}"
        self.endpoint = endpoint
        self.api_version = api_version or os.environ.get("OPENAI_API_VERSION") or DEFAULT_API_VERSION
        self.path = f"/openai/deployments/{quote(deployment, safe='')}/chat/completions?api-version={quote(self.api_version)}"
        self.http = JsonClient(endpoint, {"api-key": key}, timeout, concurrency, secrets=[key])
