"""An entity across stories: the stories it appears in and its roles over time."""

from __future__ import annotations

from storyline.store import Store
from storyline.views.results import EntityAppearance, EntityDetail


def unanalysed(store: Store) -> int:
    """How many stories no analysis has read yet: what an entity's list, or a list filtered
    by entity, cannot show (so a reader is told it may be partial)."""
    return store.unanalysed_stories()


def entity(store: Store, ref: str) -> EntityDetail | None:
    """The entity with id `ref`, else the one named `ref` (any case; of several, the one
    in most stories), with its stories oldest first. Entities come from the stories'
    analyses (computed by `show`, `export` and `run`); None when no analysed story has it."""
    rows = store.entity_rows(ref)
    if not rows:
        return None
    by_id = [r for r in rows if r.entity_id == ref]
    if not by_id:
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.entity_id] = counts.get(row.entity_id, 0) + 1
        best = min(counts, key=lambda i: (-counts[i], i))
        by_id = [r for r in rows if r.entity_id == best]
    head = by_id[0]
    aliases = sorted({a for r in by_id for a in r.aliases} | {head.name})
    return EntityDetail(
        id=head.entity_id, name=head.name, type=head.type, aliases=tuple(aliases),
        mentions=sum(r.mentions for r in by_id), unanalysed_stories=unanalysed(store),
        appearances=tuple(EntityAppearance(story_id=r.story_id, headline=r.headline,
                                           first_published=r.first_published,
                                           last_published=r.last_published,
                                           mentions=r.mentions, roles=r.roles) for r in by_id))
