"""Text helpers the stories stage shares: words, accents, publication order."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from storyline.model import Article

_WORD = re.compile(r"[^\W_]+")

#: Sort key used everywhere stories are built: publication date, undated last, then the
#: order of arrival, then id. The store lists articles in the same order (`Store.articles`).
OrderKey = tuple[bool, dt.date, int, str]


def order_key(article: Article) -> OrderKey:
    """Publication order: dated articles oldest first, undated ones last; one day's in the
    order they arrived (the store's rows: ids are hashes, and a rebuild that placed a day
    in id order could group it otherwise than the refreshes that placed it as it came),
    then by id (articles not read from a store all arrive at 0)."""
    published = article.published
    return (published is None, published or dt.date.min, article.arrival or 0, article.id)


def fold(text: str) -> str:
    """Accents removed (Grindavík -> Grindavik), case kept: outlets spell names both ways."""
    if text.isascii():  # nothing to fold
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Lower-case, accent-free word tokens (letters and digits; punctuation dropped)."""
    return _WORD.findall(fold(text).casefold())


def lead(article: Article, max_words: int) -> str:
    """The title and the first `max_words` words of the body: what a reader sees first."""
    body = article.text.split(maxsplit=max_words)[:max_words]
    return f"{article.title or ''}\n{' '.join(body)}"
