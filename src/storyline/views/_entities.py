"""An entity across stories: the stories it appears in and its roles over time."""

from __future__ import annotations

from storyline.store import EntityRow, Store
from storyline.views.results import EntityAppearance, EntityDetail


def unanalysed(store: Store) -> int:
    """How many stories no analysis has read yet: what an entity's list, or a list filtered
    by entity, cannot show (so a reader is told it may be partial)."""
    return store.unanalysed_stories()


def entity_ids(store: Store, ref: str | None) -> tuple[str, ...] | None:
    """The entity ids an entity filter means (every spelling of the entity `entity` finds),
    or None (no filter, or nothing found: the reference is matched as given)."""
    if ref is None:
        return None
    rows = store.entity_rows(ref)
    if not rows:
        return None
    return tuple(sorted({r.entity_id for r in _kin_rows(store, ref, rows, _head(rows, ref))}))


def entity(store: Store, ref: str) -> EntityDetail | None:
    """The entity with id `ref`, else the one named `ref` or known by it (any case; of
    several, the one in most stories), with its stories oldest first. Stories name one
    organisation differently ("World Health Organisation" in one, "Organization" or "WHO"
    in another): entities of the same type that list each other's name among their forms
    are one here. Entities come from the stories' analyses (computed by `show`, `export`
    and `run`); None when no analysed story has it."""
    rows = store.entity_rows(ref)
    if not rows:
        return None
    head = _head(rows, ref)
    return _detail(head, _kin_rows(store, ref, rows, head), unanalysed(store))


def _kin_rows(store: Store, ref: str, rows: list[EntityRow], head: EntityRow) -> list[EntityRow]:
    """Every story's row of the entity `ref` means (`head`, found among `rows`, the rows
    `ref` names) and of its other spellings (`_kin`), oldest story first."""
    forms = _forms(head)
    kin = {r.entity_id for r in rows if _kin(r, head, forms)}
    for form in sorted(forms - {_fold(ref)}):  # the spellings the reference did not name
        kin |= {r.entity_id for r in store.entity_rows(form) if _kin(r, head, forms)}
    found: dict[tuple[str, str], EntityRow] = {}
    for entity_id in sorted(kin):  # every story of each, whatever forms it listed there
        found.update(((r.story_id, r.entity_id), r) for r in store.entity_rows(entity_id)
                     if r.entity_id == entity_id)
    return sorted(found.values(), key=lambda r: (r.first_published is None,
                                                 r.first_published or "", r.story_id))


def _head(rows: list[EntityRow], ref: str) -> EntityRow:
    """The entity a reference means: by id; else of those named so, else of those known by
    it, the one in most stories (then most mentions, then id)."""
    by_id = [r for r in rows if r.entity_id == ref]
    if by_id:
        return by_id[0]
    named = [r for r in rows if _fold(r.name) == _fold(ref)] or rows
    stories: dict[str, int] = {}
    mentions: dict[str, int] = {}
    for row in named:
        stories[row.entity_id] = stories.get(row.entity_id, 0) + 1
        mentions[row.entity_id] = mentions.get(row.entity_id, 0) + row.mentions
    best = min(stories, key=lambda i: (-stories[i], -mentions[i], i))
    return next(r for r in named if r.entity_id == best)


#: Longest all-capitals form read as an acronym ("WHO", "NATO"): matched in its case, so
#: the World Health Organization's "WHO" is not a band's "Who".
ACRONYM_CHARS = 6


def _fold(form: str) -> str:
    """A form as spellings are compared: any case, except an acronym's."""
    return form if form.isupper() and len(form) <= ACRONYM_CHARS else form.casefold()


def _forms(row: EntityRow) -> set[str]:
    return {_fold(row.name), *(_fold(a) for a in row.aliases)}


def _kin(row: EntityRow, head: EntityRow, forms: set[str]) -> bool:
    """The same entity as `head` in another story's words: the same type, and one lists the
    other's name among its forms (so two people who share a surname stay two)."""
    return row.entity_id == head.entity_id or (
        row.type == head.type
        and (_fold(row.name) in forms or _fold(head.name) in _forms(row)))


def _detail(head: EntityRow, rows: list[EntityRow], waiting: int) -> EntityDetail:
    """One entity from its rows (a story holding two of its spellings counts once)."""
    by_story: dict[str, list[EntityRow]] = {}
    for row in rows:
        by_story.setdefault(row.story_id, []).append(row)
    order = {}
    for number, row in enumerate(rows):
        order.setdefault(row.story_id, number)
    names: dict[str, int] = {}
    for row in rows:
        names[row.name] = names.get(row.name, 0) + row.mentions
    name = min(names, key=lambda n: (-names[n], n != head.name, n))
    aliases = sorted({a for r in rows for a in r.aliases} | set(names))
    appearances = []
    for story_id, found in sorted(by_story.items(), key=lambda kv: order[kv[0]]):
        first = found[0]
        appearances.append(EntityAppearance(
            story_id=story_id, headline=first.headline, first_published=first.first_published,
            last_published=first.last_published, mentions=sum(r.mentions for r in found),
            roles=tuple(dict.fromkeys(role for r in found for role in r.roles))))
    weight: dict[str, int] = {}
    for row in rows:
        weight[row.entity_id] = weight.get(row.entity_id, 0) + row.mentions
    main = min(weight, key=lambda i: (-weight[i], i))  # whichever form was asked for
    return EntityDetail(id=main, name=name, type=head.type, aliases=tuple(aliases),
                        mentions=sum(r.mentions for r in rows), unanalysed_stories=waiting,
                        appearances=tuple(appearances))
