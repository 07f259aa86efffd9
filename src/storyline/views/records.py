"""The JSON shapes every surface shares (export.schema.json's `article` and story head):
the export writes them, `--json` prints them, the API will serve them."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from storyline.model import Article

if TYPE_CHECKING:
    from storyline.stories import Story

#: A story's analysis in the export: these lists, each empty when there is no analysis.
ANALYSIS_FIELDS = ("summary", "timeline", "quotes", "entities", "claims", "disagreements")


def article_record(article: Article) -> dict[str, Any]:
    """An article as the export schema describes it (plus a few extra fields)."""
    return {
        "id": article.id,
        "path": article.origin,
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "published_from": article.published_from,
        "dateline_place": article.dateline_place,
        "dateline_agency": article.dateline_agency,
        "dateline_date": article.dateline_date.isoformat() if article.dateline_date else None,
        "language": article.language,
        "text": article.text,
        "text_kind": article.text_kind,
        "source_id": article.source_id,
        "duplicate_of": article.duplicate_of,
    }


def story_summary(story: Story) -> dict[str, Any]:
    """A story's identity, members, dates and score parts (what `stories --json` lists)."""
    return {
        "id": story.id,
        "headline": story.headline or "(untitled)",
        "score": story.score.total,
        "score_parts": asdict(story.score),
        "articles": list(story.article_ids),
        "near_copies": list(story.near_copies),
        "first_published": story.first_published.isoformat() if story.first_published else None,
        "last_published": story.last_published.isoformat() if story.last_published else None,
        "merged_from": list(story.merged_from),
    }
