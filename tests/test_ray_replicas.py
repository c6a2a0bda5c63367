"""``remi eval --model hf/... --engine ray --replicas 2``: two replicas of the tiny local model as
Ray actors on a local Ray started by the run; answers equal those of the in-process backend."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("ray")

from hf_tiny_model import build_tiny_llava  # noqa: E402
from test_backend_hf import eval_args, read_samples, sample_items, write_dataset  # noqa: E402

pytestmark = pytest.mark.slow


def run_eval(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "RAY_ADDRESS": "",
           "REMI_CACHE_DIR": str(tmp_path / "cache")}
    code = f"import sys\nfrom remibench.cli import main\nsys.exit(main({args!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)


def test_two_ray_replicas_answer_like_the_in_process_model(tmp_path: Path) -> None:
    model = build_tiny_llava(tmp_path / "tiny-llava")
    data = write_dataset(tmp_path / "data")
    local = run_eval(eval_args(model, data, tmp_path / "local"), tmp_path)
    assert local.returncode == 0, local.stderr[-3000:]
    replicated = run_eval([*eval_args(model, data, tmp_path / "ray"), "--engine", "ray", "--replicas", "2"], tmp_path)
    assert replicated.returncode == 0, replicated.stderr[-3000:]
    by_id = {s["id"]: s for s in read_samples(tmp_path / "local")}
    samples = read_samples(tmp_path / "ray")
    assert sorted(s["id"] for s in samples) == sorted(i.id for i in sample_items())
    for sample in samples:
        assert sample["error"] is None and sample["response"] == by_id[sample["id"]]["response"]
    manifest = json.loads((tmp_path / "ray" / "manifest.json").read_text())
    assert manifest["endpoint"] == "local" and len(manifest["replicas"]) == 2
    assert all(r["answered"] > 0 and r["device"] == "cpu" for r in manifest["replicas"])
    assert sum(r["answered"] for r in manifest["replicas"]) == len(samples)
