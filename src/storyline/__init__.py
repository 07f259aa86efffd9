"""storyline: turn news articles from many outlets into dated, cited stories."""

__version__ = "0.1.0"
__all__ = ["__version__"]
