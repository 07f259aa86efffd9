"""The web desk: `storyline serve`'s ASGI app (FastAPI): a JSON API under /api/ and pages
rendered on the server, reading the store through `storyline.views` only.

    app.py     create_app(db_path, token): the app, its store access and error shape
    api.py     the /api/ routes (reads; writes behind a bearer token)
    pages.py   the pages (Jinja2 templates/, static/desk.css); article_text.py marks
    background.py  the one background writer: analyses asked for, feed polls (--every)
    http.py    what every route shares: the error shape, ETags, filters from a query
    answer_cache.py  answers kept in memory until the store changes (ASGI middleware)
"""

from storyline.web.app import create_app

__all__ = ["create_app"]
