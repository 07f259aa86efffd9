"""Per-story analysis: who said what, claims and disagreements, a dated timeline, a summary.

Every fact carries its evidence: `Span`s into the articles' clean text (`storyline.model`).
"""
