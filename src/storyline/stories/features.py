"""What the clusterer compares: hashed term weights of the title and lead, and entity ids.

Terms are hashed (scikit-learn's HashingVectorizer: MurmurHash3 into 2^20 columns) rather
than looked up in a fitted vocabulary, because an online process meets new words every day
and must not refit anything to place the next article. Document frequencies for IDF are
counted by the index as articles arrive (see `index.py`), on the same hashed columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from storyline.model import Article
from storyline.stories.entities import pseudo_entities
from storyline.stories.text import lead

__all__ = ["N_FEATURES", "Features", "Featurizer", "entity_columns"]

#: Hashed columns. 2^20 keeps collisions rare (a 50k-word news vocabulary collides on
#: about 2% of its words) and a document-frequency array of 4 MB.
N_FEATURES = 2**20
_ENTITY_SEED = 20240515  # entities hash apart from words, so "Almaty" the word and the name differ

Entities = Mapping[str, Iterable[str]]


@dataclass(frozen=True, slots=True)
class Features:
    """One article as the clusterer sees it. `weights` are sublinear term frequencies,
    L2-normalised; IDF is applied at comparison time with the counts of that moment."""

    terms: NDArray[np.int32]
    weights: NDArray[np.float32]
    entities: NDArray[np.int32]
    #: Unit sentence embedding of the title and lead (float16), when embeddings are on.
    vector: NDArray[np.float16] | None = None
    #: Those of `entities` that the title and lead name (figures left out): the names the
    #: report is about, which the negative evidence of `index.py` reads (`name_penalty`).
    lead_entities: NDArray[np.int32] = field(default_factory=lambda: np.zeros(0, np.int32))


def entity_columns(names: Iterable[str]) -> NDArray[np.int32]:
    """Sorted unique hashed columns of entity ids (stable across processes and runs)."""
    columns = {murmurhash3_32(name, seed=_ENTITY_SEED, positive=True) % N_FEATURES
               for name in names if name}
    return np.array(sorted(columns), dtype=np.int32)


def _lead_names(article: Article, lead_words: int,
                entities: NDArray[np.int32]) -> NDArray[np.int32]:
    """The article's entity columns that its title and first `lead_words` words name (its
    pseudo-entities there, figures left out). Entities given by id (the language layer's)
    are not pseudo-entities: none match, and the article has no lead names (the negative
    evidence then leaves it alone)."""
    lead = entity_columns(name for name in pseudo_entities(article, lead_words)
                          if not name.startswith("#"))
    return lead[np.isin(lead, entities, assume_unique=True)]


class Featurizer:
    """Turns articles into `Features`; stateless, so any process can do it."""

    def __init__(self, lead_words: int, embed_words: int = 0, *, lead_names: bool = False) -> None:
        """`embed_words` > 0: also a sentence embedding of the title and that many body
        words (needs the optional packages, see `embed.py`). `lead_names`: also the names
        of the title and lead (`Features.lead_entities`, for `name_penalty`; a second
        pass of the name finder over the lead, about a third more time, so only when
        asked)."""
        self.lead_words = lead_words
        self.embed_words = embed_words
        self.lead_names = lead_names
        # Single words: adding word pairs lowered ECB+ subtopic F1 by about 0.01.
        self._vectorizer = HashingVectorizer(
            n_features=N_FEATURES, alternate_sign=False, norm=None, stop_words="english",
            strip_accents="unicode", lowercase=True, dtype=np.float32)

    def features(self, articles: Sequence[Article],
                 entities: Entities | None = None) -> list[Features]:
        """Features of each article, in order. `entities` maps article id -> entity ids;
        an article missing from it gets pseudo-entities (capitalised names)."""
        if not articles:
            return []
        counts = self._vectorizer.transform([lead(a, self.lead_words) for a in articles])
        counts.sort_indices()
        vectors = None
        if self.embed_words > 0:
            from storyline.stories.embed import embedder

            vectors = embedder().embed([lead(a, self.embed_words) for a in articles])
            vectors = vectors.astype(np.float16)
        result = []
        for row, article in enumerate(articles):
            start, end = counts.indptr[row], counts.indptr[row + 1]
            terms = counts.indices[start:end].astype(np.int32)
            weights = (1.0 + np.log(counts.data[start:end])).astype(np.float32)
            norm = float(np.sqrt(np.dot(weights, weights)))
            if norm > 0:
                weights /= norm
            names = (entities[article.id] if entities is not None and article.id in entities
                     else pseudo_entities(article))
            columns = entity_columns(names)
            result.append(Features(terms=terms, weights=weights, entities=columns,
                                   vector=None if vectors is None else vectors[row],
                                   lead_entities=(_lead_names(article, self.lead_words, columns)
                                                  if self.lead_names else columns[:0])))
        return result
