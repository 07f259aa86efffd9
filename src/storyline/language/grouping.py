"""Surface forms grouped into entities: a union-find over normalised forms.

- people by transliteration skeleton ("Kassym-Zhomart" ~ "Kassym-Jomart"), then full
  names by `names.same_person_name`, then a bare surname to the one full name ending with
  it (or holding it inside: "Lula", "Assad");
- organisations and places by folded name, acronyms to their expansion ("Expansion
  (ACR)" anywhere in the batch first, then initial letters when exactly one name fits);
  demonyms standing for a state to the country ("Kazakh authorities" -> Kazakhstan); a
  few place aliases ("U.S." -> United States);
- a bare surname shared by two full names of the batch ("Smith": "Mark Smith", "Joan
  Smith") is resolved only inside its article, to the one of them mentioned before it
  there; with none or both before it, it stays unresolved: the two full names are never
  merged. So is a word that ends or sits inside one full name and opens another ("mother
  Katherine" beside "Paris-Michael Katherine" and "Katherine Jackson"; "Michael" beside
  "Paris Michael Katherine Jackson" and "Michael Jackson"): a first name is never glued
  to another person's name.

Comparisons are blocked by the first letters of the skeleton, so a batch with thousands
of names stays near linear.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Literal

from storyline.language.lexicon import DEMONYM_FORMS, PLACE_ALIASES
from storyline.language.mentions import Candidate
from storyline.language.names import acronym, fold, initials, same_person_name, same_word, skeleton
from storyline.language.records import MentionType

Family = Literal["PERSON", "ORG", "PLACE", "NORP"]
Node = tuple[Family, str]
#: (article index, index of the mention in that article's sorted candidates)
Ref = tuple[int, int]
#: Length of the skeleton prefix that blocks name comparisons: only names sharing it are
#: compared pairwise. Every same-name pair in tests/test_entities.py shares its first
#: three skeleton letters.
BLOCK_PREFIX = 3
#: A middle word shorter than this ("da", "bin") never stands for the person alone.
MIN_INNER_CHARS = 4
_FAMILIES: dict[MentionType, Family] = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE",
                                        "LOC": "PLACE", "NORP": "NORP"}
_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|az)-", re.IGNORECASE)
_ORG_SPELLINGS = (("organisation", "organization"), ("centre", "center"),
                  ("defence", "defense"), ("programme", "program"))


def family_of(kind: MentionType) -> Family:
    """Places are one family: the model calls the same place GPE here and LOC there."""
    return _FAMILIES[kind]


def node_of(c: Candidate) -> Node:
    """The normalised form a mention is grouped by."""
    family = family_of(c.type)
    if family == "PERSON":
        return family, " ".join(skeleton(word) for word in c.text.split())
    if family == "NORP":
        return family, fold(DEMONYM_FORMS.get(c.text, c.text))
    if family == "PLACE":
        return family, fold(place_name(c))
    short = acronym(c.text)
    if short is not None:
        return family, fold(short)
    key = fold(c.text).removeprefix("the ")
    for british, american in _ORG_SPELLINGS:
        key = key.replace(british, american)
    return family, key


def place_name(c: Candidate) -> str:
    """The name a place mention stands for: the country of a demonym, the usual name for
    an alias ("U.S." -> "United States"), else its own text."""
    return c.country or PLACE_ALIASES.get(c.text) or c.text


def _inner_words(full_name: str) -> list[str]:
    """The words of a full name other than its first and last that may stand for the
    person alone, and its last without an Arabic article: "Lula" in "Luiz Inacio Lula da
    Silva", "Assad" in "Bashar al-Assad"."""
    words = full_name.split()
    inner = [w for w in words[1:-1] if len(w) >= MIN_INNER_CHARS and w[:1].isupper()]
    bare = _ARTICLE.sub("", words[-1])
    return [*inner, bare] if bare != words[-1] else inner


class Grouping:
    """Union-find over surface-form nodes (steps 3 and 4)."""

    def __init__(self, articles: list[list[Candidate]]) -> None:
        self.articles = articles
        self.parent: dict[Node, Node] = {}
        self.surfaces: dict[Node, Counter[str]] = defaultdict(Counter)
        self.ambiguous: dict[Node, set[Node]] = {}
        for article in articles:
            for c in article:
                node = node_of(c)
                self.parent.setdefault(node, node)
                self.surfaces[node][c.text] += 1
        self._acronyms()
        self._people()

    def find(self, node: Node) -> Node:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: Node, b: Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # deterministic whatever the order

    def surface(self, node: Node) -> str:
        """The most frequent surface form of a node (ties: alphabetical)."""
        return min(self.surfaces[node].items(), key=lambda item: (-item[1], item[0]))[0]

    def _acronyms(self) -> None:
        explicit: dict[Node, set[Node]] = defaultdict(set)
        for article in self.articles:
            spans = {(c.start, c.end): c for c in article}
            for c in article:
                expansion = spans.get(c.expands) if c.expands else None
                if expansion is not None and family_of(expansion.type) == family_of(c.type):
                    explicit[node_of(c)].add(node_of(expansion))
        for short, expansions in explicit.items():
            for expansion in expansions:
                self.union(short, expansion)
        by_initials: dict[tuple[Family, str], set[Node]] = defaultdict(set)
        for node in self.parent:
            if node[0] in ("ORG", "PLACE") and " " in node[1]:
                for letters in initials(self.surface(node)):
                    by_initials[node[0], letters].add(node)
        for node in list(self.parent):
            if node in explicit or node[0] not in ("ORG", "PLACE"):
                continue
            short = acronym(self.surface(node))
            if short is None:
                continue
            roots = {self.find(n) for n in by_initials.get((node[0], short), ())}
            if len(roots) == 1:
                self.union(node, roots.pop())

    def _people(self) -> None:
        people = [node for node in self.parent if node[0] == "PERSON"]
        full = [node for node in people if " " in node[1]]
        blocks: dict[str, list[Node]] = defaultdict(list)
        inner: dict[str, list[tuple[Node, str]]] = defaultdict(list)
        for node in full:
            blocks[node[1].split()[-1][:BLOCK_PREFIX]].append(node)
            for word in _inner_words(self.surface(node)):
                inner[skeleton(word)[:BLOCK_PREFIX]].append((node, word))
        for block in blocks.values():
            for i, a in enumerate(block):
                for b in block[i + 1:]:
                    if same_person_name(self.surface(a), self.surface(b)):
                        self.union(a, b)
        firsts: dict[str, list[Node]] = defaultdict(list)
        for node in full:
            firsts[node[1].split()[0][:BLOCK_PREFIX]].append(node)
        unlinked = []
        for node in people:
            if " " in node[1]:
                continue
            word = self.surface(node)
            roots = {self.find(f) for f in blocks.get(node[1][:BLOCK_PREFIX], ())
                     if same_word(word, self.surface(f).split()[-1])}
            if not roots:  # "Lula" in "Luiz Inacio Lula da Silva", "Assad" in "al-Assad"
                roots = {self.find(f) for f, other in inner.get(node[1][:BLOCK_PREFIX], ())
                         if same_word(word, other)}
            if roots:  # a first name elsewhere ("Katherine Jackson"): maybe not this one's
                roots |= {self.find(f) for f in firsts.get(node[1][:BLOCK_PREFIX], ())
                          if same_word(word, self.surface(f).split()[0])}
            if len(roots) == 1:
                self.union(node, roots.pop())
            elif roots:
                self.ambiguous[node] = roots
            else:
                unlinked.append(node)
        alone: dict[str, list[Node]] = defaultdict(list)
        for node in unlinked:
            alone[node[1][:BLOCK_PREFIX]].append(node)
        for block in alone.values():
            for i, a in enumerate(block):
                for b in block[i + 1:]:
                    if same_word(self.surface(a), self.surface(b)):
                        self.union(a, b)

    def assign(self) -> dict[Ref, Node | None]:
        """Each mention's group root; None for a bare surname left ambiguous (step 4)."""
        assigned: dict[Ref, Node | None] = {}
        for a, article in enumerate(self.articles):
            seen: list[Node] = []
            for i, c in enumerate(article):
                node = node_of(c)
                roots = self.ambiguous.get(node)
                if roots is None:
                    root = self.find(node)
                    assigned[(a, i)] = root
                    seen.append(root)
                    continue
                before = {root for root in seen if root in roots}
                assigned[(a, i)] = before.pop() if len(before) == 1 else None
        return assigned
