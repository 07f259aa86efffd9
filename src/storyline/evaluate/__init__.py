"""Scorers for what storyline builds, each following a published metric's own code."""

from storyline.evaluate.timelines import PRF, TimelineScores, alignment_rouge, date_f1, evaluate_timeline

__all__ = ["PRF", "TimelineScores", "alignment_rouge", "date_f1", "evaluate_timeline"]
