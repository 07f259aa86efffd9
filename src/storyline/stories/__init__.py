"""Stories: near-copies linked, articles clustered online into stories, headlines, ranks.

    find_near_copies(articles) -> {article id: canonical id}      (dedup)
    StoryIndex().assign(article, entity_ids) -> Assignment        (online, persistable)
    cluster(articles, entities) -> [Story]                         (batch, pure)
    recluster(articles, entities) -> Clustering(index, near_copies, stories)

1. near-copies (MinHash LSH over word 5-shingles, verified by exact Jaccard) point at the
   earliest copy and are never deleted; they join their original's story uncompared and
   count once as an outlet;
2. articles, in publication order, join the most similar story (TF-IDF of title and
   lead with IDF from what has been seen, entity overlap, decayed by days apart), if it
   passes that story's own bar (lower for headlines and teasers, in proportion to their
   length), or start one; stories that turn out to be one are merged
   under the older id (`index.py`, settings and their calibration in `config.py`);
3. each story gets the clearest member title as headline and a score whose parts are
   shown (`headline.py`, `rank.py`).

A store keeps the index between ingests as rows read on demand (`StoryIndex.rows`,
`StoryIndex.from_rows`); `StoryIndex.to_dict()` gives it whole as plain JSON-ready data
(settings included), which `StoryIndex.from_dict` restores exactly.
"""

from __future__ import annotations

from storyline.stories.build import Clustering, build_stories, cluster, link_near_copies, recluster
from storyline.stories.config import ClusterSettings
from storyline.stories.dedup import NEAR_COPY_JACCARD, find_near_copies
from storyline.stories.entities import pseudo_entities
from storyline.stories.headline import choose_headline
from storyline.stories.index import StoryIndex, assignment_order, story_id
from storyline.stories.rank import score_story
from storyline.stories.records import Assignment, Merge, Story, StoryScore
from storyline.stories.text import order_key

__all__ = [
    "NEAR_COPY_JACCARD",
    "Assignment",
    "ClusterSettings",
    "Clustering",
    "Merge",
    "Story",
    "StoryIndex",
    "StoryScore",
    "assignment_order",
    "build_stories",
    "choose_headline",
    "cluster",
    "find_near_copies",
    "link_near_copies",
    "order_key",
    "pseudo_entities",
    "recluster",
    "score_story",
    "story_id",
]
