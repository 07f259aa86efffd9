"""Language of an article, detected from its text (py3langid: a bundled model, no download)."""

from __future__ import annotations

from functools import lru_cache

from storyline.settings import LANGID_SAMPLE_CHARS, MIN_LANGID_CHARS


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    """The model, loaded once per process on first use (import costs ~0.3 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detector_labels() -> frozenset[str]:
    """Every code `detect_language` can give from a text."""
    return frozenset(str(label) for label in _identifier().nb_classes)


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code from the text; the declared language only when the text is too short."""
    sample = text[:LANGID_SAMPLE_CHARS]
    if len(sample.strip()) < MIN_LANGID_CHARS:
        return declared.split("-")[0].lower() if declared else None
    code, _ = _identifier().classify(sample)
    return str(code)

