"""A response cache shared by all runs: never pay twice for the same prompt to the same model.

The key covers the model and endpoint, the settings that change an answer, and a fingerprint of
the exact prompt (text and image hashes), so an edited prompt never reuses a stale answer.
SQLite (standard library) gives atomic, durable writes that survive ``kill -9`` and concurrent
runs sharing one cache file.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from remibench.backends.base import Response

BUSY_RETRIES = 8


def default_cache_path() -> Path:
    root = os.environ.get("REMI_CACHE_DIR") or os.path.join(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "remibench")
    return Path(root) / "responses.sqlite"


def cache_key(model: dict[str, Any], settings: dict[str, Any], prompt_fingerprint: str) -> str:
    payload = json.dumps({"model": model, "settings": settings, "prompt": prompt_fingerprint}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class CacheError(ValueError):
    """A cache file that is not a remibench response cache, or is damaged."""


class ResponseCache:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, model TEXT, text TEXT, "
                            "input_tokens INTEGER, output_tokens INTEGER, created REAL DEFAULT (unixepoch('subsec')))")
            self.db.execute("SELECT key, model, text, input_tokens, output_tokens FROM responses LIMIT 1").fetchall()
        except sqlite3.DatabaseError as error:
            raise CacheError(f"{self.path} is not a usable response cache ({error}). Move it aside "
                             f"(mv {self.path} {self.path}.broken) to start a new one, or pass --no-cache "
                             "or another --cache") from error

    def _run(self, sql: str, args: tuple[Any, ...]) -> Any:
        """Execute with patience: a cache shared by concurrent runs may be busy for a moment."""
        for attempt in range(BUSY_RETRIES):
            try:
                return self.db.execute(sql, args).fetchone()
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error) or attempt == BUSY_RETRIES - 1:
                    raise CacheError(f"{self.path}: {error}") from error
                time.sleep(0.05 * 2 ** attempt)
            except sqlite3.DatabaseError as error:
                raise CacheError(f"{self.path} is damaged ({error}); move it aside "
                                 f"(mv {self.path} {self.path}.broken) or pass --no-cache") from error
        return None

    def get(self, key: str) -> Response | None:
        row = self._run("SELECT text, input_tokens, output_tokens FROM responses WHERE key = ?", (key,))
        return Response(row[0], row[1], row[2]) if row else None

    def put(self, key: str, model: str, response: Response) -> None:
        self._run("INSERT OR REPLACE INTO responses (key, model, text, input_tokens, output_tokens) VALUES (?, ?, ?, ?, ?)",
                  (key, model, response.text, response.input_tokens, response.output_tokens))

    def __len__(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def close(self) -> None:
        self.db.close()
