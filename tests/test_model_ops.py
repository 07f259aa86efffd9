"""The pipeline multiplies through numpy's BLAS, one thread, and reads text exactly as
spaCy's default (BLIS) build of the same pipeline does."""

from __future__ import annotations

import pytest

from storyline.language.model import BLAS_THREADS, MODEL_PACKAGE, load_pipeline

spacy = pytest.importorskip("spacy")

TEXTS = [
    "The Harbourside council voted on Tuesday to close the old ferry pier, said Mayor Ines "
    "Calloway, after engineers from Drummond & Pike found cracks in three pylons.",
    "Two hundred residents marched to the town hall in Eastmere on Saturday. \"We were never "
    "asked,\" said Priya Okonkwo, who runs the bakery on Quay Street.",
    "Shares of Veltrona Systems fell 4.2 percent in Frankfurt after the company cut its 2027 "
    "forecast, citing weaker demand in Brazil and South Korea.",
]


def _annotations(nlp: object) -> list[object]:
    return [([(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.is_sent_start) for t in doc],
             [(e.start, e.end, e.label_) for e in doc.ents])
            for doc in nlp.pipe(TEXTS)]  # type: ignore[attr-defined]


def test_the_layers_multiply_without_blis_on_one_blas_thread() -> None:
    from threadpoolctl import threadpool_info

    nlp = load_pipeline()
    layers = [node for _, pipe in nlp.pipeline
              if getattr(pipe, "model", None) is not None and hasattr(pipe.model, "walk")
              for node in pipe.model.walk()]
    # the tok2vec layers (most of the model's arithmetic) all run on numpy's BLAS
    tok2vec = nlp.get_pipe("tok2vec").model
    assert all(not node.ops.use_blis for node in tok2vec.walk())
    assert sum(not node.ops.use_blis for node in layers) > 0.95 * len(layers)
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == BLAS_THREADS for pool in blas)


def test_annotations_equal_spacys_default_build() -> None:
    default = spacy.load(MODEL_PACKAGE)  # thinc's default ops (BLIS)
    assert any(node.ops.use_blis for node in default.get_pipe("tok2vec").model.walk())
    assert _annotations(load_pipeline()) == _annotations(default)


def test_a_texts_annotations_do_not_depend_on_its_batch() -> None:
    """Each text goes through the model alone (`runner.PIPE_BATCH`): parsed with others or
    by itself, it is read the same."""
    from storyline.language import runner

    def read(texts: list[str]) -> list[object]:
        return [[(t.tag_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_) for _, doc in parts
                 for t in doc] for parts in runner.parse_texts(texts)]

    together = read(TEXTS * 3)
    alone = [read([text])[0] for text in TEXTS * 3]
    assert together == alone and len(together) == 9
