"""What the language layer hands on: the records live in `storyline.model` with every other
record; they are named here too, where the layer's modules have always imported them."""

from storyline.model import (
    ArticleLanguage,
    Entity,
    LanguageResult,
    Mention,
    MentionType,
    Role,
    Sentence,
)

__all__ = ["ArticleLanguage", "Entity", "LanguageResult", "Mention", "MentionType", "Role",
           "Sentence"]
