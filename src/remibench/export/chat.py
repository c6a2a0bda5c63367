"""Chat-format training records, as TRL's trainers and common SFT tools read them.

Each item becomes one row: ``prompt`` (the user turn, for GRPO), ``messages`` (the user turn and
the answer, for SFT), ``images`` (PNG bytes, in the order the user turn's image parts take
them), ``answer`` and ``task`` (the columns :func:`remibench.training.remi_reward` reads) and
``id``. The user turn is the official prompt, split at the tags into text and image parts,
exactly as ``remi eval`` sends it; the answer turn is the JSON the protocol asks for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from remibench.items import Item
from remibench.prompt import ImagePart, build_message

_PART = pa.struct([("type", pa.string()), ("text", pa.string())])
_TURN = pa.struct([("role", pa.string()), ("content", pa.list_(_PART))])
_IMAGE = pa.struct([("bytes", pa.binary()), ("path", pa.string())])
_VALUE = {"dtype": "string", "_type": "Value"}
_TURNS_FEATURE = [{"role": _VALUE, "content": [{"type": _VALUE, "text": _VALUE}]}]
FEATURES = {"prompt": _TURNS_FEATURE, "messages": _TURNS_FEATURE,
            "images": {"feature": {"_type": "Image"}, "_type": "Sequence"},
            "answer": _VALUE, "task": _VALUE, "id": _VALUE}
ROWS_PER_GROUP = 64


def chat_schema() -> pa.Schema:
    fields = [pa.field("prompt", pa.list_(_TURN)), pa.field("messages", pa.list_(_TURN)),
              pa.field("images", pa.list_(_IMAGE)), pa.field("answer", pa.string()), pa.field("task", pa.string()),
              pa.field("id", pa.string())]
    return pa.schema(fields, metadata={"huggingface": json.dumps({"info": {"features": FEATURES}})})


def answer_turn(item: Item) -> str:
    """What a model should reply under the protocol: JSON with an explanation and the answer."""
    return json.dumps({"explanation": "", "answer": item.label})


def chat_record(item: Item) -> dict[str, Any]:
    message = build_message(item, "interleaved")
    content = [{"type": "image", "text": None} if isinstance(p, ImagePart) else {"type": "text", "text": p.text}
               for p in message.parts]
    user = {"role": "user", "content": content}
    assistant = {"role": "assistant", "content": [{"type": "text", "text": answer_turn(item)}]}
    return {"prompt": [user], "messages": [user, assistant],
            "images": [{"bytes": png, "path": None} for png in message.images],
            "answer": item.label, "task": item.task, "id": item.id}


def export_chat(items: Iterable[Item], out: str | Path) -> int:
    """Write the records to one parquet file (through a temporary name); returns the row count."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    schema, rows, count = chat_schema(), [], 0
    try:
        with pq.ParquetWriter(partial, schema, compression="zstd") as writer:
            for item in items:
                rows.append(chat_record(item))
                count += 1
                if len(rows) >= ROWS_PER_GROUP:
                    writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                    rows = []
            if rows:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(out)
    return count
