"""Commands that read the store: stories, show, search, entity, rejected. Each is a call
to `storyline.views` and a way of printing its result; every text from input is printed
through `printable`/`one_line` (no terminal escapes get through)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click
from rich.text import Text

from storyline import views
from storyline.cli.common import (
    err,
    filter_options,
    filters_from,
    handle_errors,
    main,
    one_line,
    open_existing,
    out,
    outlet_label,
    plural,
    print_story_line,
    printable,
    store_options,
)
from storyline.cli.store_commands import warn_failed_analysis
from storyline.errors import UsageError
from storyline.render.report_view import speaker_label
from storyline.stories.headline import lead_title

#: Lines `show` prints per section (a big story has hundreds of quotes).
_SHOWN_LINES = 30


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.group(invoke_without_command=True)
@click.option("--limit", default=views.PAGE_SIZE, show_default=True, help="Stories per page.")
@click.option("--cursor", default=None, help="The next page: the cursor the last page ended with.")
@click.option("--query", default=None, help="Only stories with an article holding these words.")
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list of stories).")
@store_options
@click.pass_context
@handle_errors
def stories(ctx: click.Context, limit: int, cursor: str | None, query: str | None,
            since: dt.datetime | None, until: dt.datetime | None, outlet: str | None,
            entity: str | None, lang: str | None, as_json: bool, db: str | None,
            quiet: bool) -> None:
    """The ranked stories: id, headline, articles, outlets, dates, and the score's parts.
    Stories an editor hid are left out.

    When more stories pass than --limit, the last line (stderr) gives the --cursor of
    the next page. The subcommands are editors' decisions (merge, split, hide, undo),
    which every later ingest and re-clustering keeps.

    \b
    Example:
      storyline stories --limit 10 --since 2022-01-10 --outlet "Steppe Daily" --json
      storyline stories merge s1a2b3c4d5e6f7a8 s9f8e7d6c5b4a3b2
    """
    if ctx.invoked_subcommand is not None:
        return
    filters = filters_from(since, until, outlet, entity, lang, query)
    with open_existing(db) as store:
        page = views.stories(store, filters, limit=limit, cursor=cursor)
        unanalysed = views.unanalysed(store) if filters.entity else 0
    if unanalysed and not quiet:
        err.print(f"note: --entity reads analysed stories; {plural(unanalysed, 'story', 'stories')} "
                  "not analysed yet cannot match it (`storyline export` or `show STORY_ID` analyse "
                  "them)", markup=False)
    if as_json:
        _dump([line.record() for line in page.stories])
    else:
        if not page.stories and not quiet:
            err.print("no stories match these filters" if filters != views.Filters() and not cursor
                      else "no stories: ingest some articles first (storyline ingest PATH)",
                      markup=False)
        for line in page.stories:
            print_story_line(line.rank, line.story, [one_line(o) for o in line.outlets])
    if page.next_cursor and not quiet:
        err.print(f"more: --cursor {page.next_cursor}", markup=False)


@main.command()
@click.argument("item_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the story or article record).")
@store_options
@handle_errors
def show(item_id: str, as_json: bool, db: str | None, quiet: bool) -> None:
    """One story (once stories exist) or one article, readable in a terminal.

    An article's text is shown with the sentences its story's analysis cites underlined.

    \b
    Example:
      storyline show 3f2a9c1e0b7d4e55
    """
    with open_existing(db) as store:
        detail = views.story(store, item_id, on_error=warn_failed_analysis)
        article = views.article(store, item_id) if detail is None else None
        members = {a.id: a for a in views.articles_by_id(store, detail.story.article_ids)} if detail else {}
        successors = views.story_successors(store, item_id) if detail is None else ()
        parts = views.all_stories(store) if len(successors) > 1 else []
    if len(successors) > 1:  # a story that split: the reader chooses
        if as_json:
            _dump({"id": item_id, "successors": list(successors)})
            return
        out.print(f"story {one_line(item_id)} split into {len(successors)} stories:",
                  markup=False)
        by_id = {s.id: s for s in parts}
        for sid in successors:
            story = by_id.get(sid)
            headline = one_line(story.headline, "(no headline)") if story else "(hidden)"
            size = f"{len(story.article_ids)} articles" if story else ""
            out.print(f"  {sid}  {headline}  {size}", markup=False)
        return
    if detail is not None:
        if as_json:
            _dump(detail.record())
            return
        _print_story(detail, members)
        return
    if article is None:
        raise UsageError(f"no story or article with id {printable(item_id)!r}; "
                         "`storyline search WORDS` or `storyline stories` list ids")
    if as_json:
        _dump(article.record())
        return
    _print_article(article)


def _print_story(detail: views.StoryDetail, members: dict[str, Any]) -> None:
    if detail.redirected_from:
        out.print(f"(story {one_line(detail.redirected_from)} was merged into {detail.story.id})",
                  style="dim", markup=False)
    if detail.hidden:
        out.print("(hidden by an editor: left out of lists and exports)", style="dim",
                  markup=False)
    print_story_line(detail.summary.rank, detail.story, [one_line(o) for o in detail.summary.outlets])
    _print_history(detail)
    _print_analysis(detail.analysis, members)
    out.print("\nSources", style="bold", markup=False)
    for source in detail.sources:
        date = (source.published or "undated")[:10].ljust(10)
        copy = " (near-copy)" if source.near_copy else ""
        out.print(f"  {source.article_id}  {date}  {outlet_label(source.source, source.url)}: "
                  f"{_source_title(source, members.get(source.article_id))}{copy}", markup=False)


def _source_title(source: views.Source, article: Any) -> str:
    """A source's title, or, for an untitled one, the opening of its text (marked as such:
    a list of "(untitled)" tells a reader nothing)."""
    if source.title and source.title.strip():
        return one_line(source.title)
    opening = lead_title(article.text) if article is not None else None
    return f"(untitled) {one_line(opening)}" if opening else "(untitled)"


def _print_history(detail: views.StoryDetail) -> None:
    """What happened to the story: merges, splits, moves and editors' decisions."""
    if not detail.history:
        return
    out.print("\nHistory", style="bold", markup=False)
    me = detail.story.id
    for entry in detail.history[-_SHOWN_LINES:]:
        when = (entry.at or "before history was kept")[:16].replace("T", " ")
        n = len(entry.articles)
        moved = f"{n} article{'s' if n != 1 else ''}"
        others = ", ".join(entry.others)
        if entry.kind == "merge":
            line = (f"absorbed {others} ({moved})" if entry.story_id == me
                    else f"merged into {entry.story_id}")
        elif entry.kind == "split":
            line = (f"split: {moved} went to {others}" if entry.story_id == me
                    else f"split off from {entry.story_id} ({moved})")
        elif entry.kind == "move":
            line = (f"{moved} moved to {others}" if entry.story_id == me
                    else f"took {moved} from {entry.story_id}")
        elif entry.kind == "edit-merge":
            line = f"an editor merged {', '.join((entry.story_id, *entry.others))}"
        elif entry.kind == "edit-split":
            line = f"an editor split {n} article{'s' if n != 1 else ''} out of {entry.story_id}"
        elif entry.kind == "edit-hide":
            line = "an editor hid it"
        else:
            line = entry.kind
        if entry.edit is not None:
            state = (f"undone {entry.undone[:16].replace('T', ' ')}" if entry.undone
                     else f"undo: storyline stories undo {entry.edit}")
            out.print(f"  {when}  {line} (edit {entry.edit}; {state})", markup=False)
            continue
        out.print(f"  {when}  {line}: {one_line(entry.reason)}", markup=False)


def _print_article(detail: views.ArticleDetail) -> None:
    article = detail.article
    out.print(one_line(article.title, "(untitled)"), style="bold", markup=False)
    date = article.published.isoformat() if article.published else "undated"
    place = f" · {one_line(article.dateline_place)}" if article.dateline_place else ""
    kind = f" · {article.text_kind} only" if article.text_kind != "full" else ""
    record = f" · record {one_line(article.source_id)}" if article.source_id else ""
    out.print(f"{one_line(article.source, 'unknown outlet')} · {date} ({article.published_from})"
              f"{place}{kind} · {article.id}{record}", style="dim", markup=False)
    if detail.story_ids:
        out.print(f"story {', '.join(detail.story_ids)}"
                  + (f" · {plural(len(detail.marks), 'cited passage')} underlined"
                     if detail.marks else ""), style="dim", markup=False)
    text = Text(f"\n{printable(article.text)}\n")
    # offsets into the stored text; printable() only removes control characters, which
    # the cleaner has already removed, so they hold (checked, not assumed)
    if len(text.plain) == len(article.text) + 2:
        for mark in detail.marks:
            text.stylize("underline", mark.start + 1, mark.end + 1)
    out.print(text)


def _print_analysis(analysis: Any, by_id: dict[str, Any]) -> None:
    """A story's summary, timeline, quotes and disagreements, each line with its outlets."""

    def outlets(evidence: list[dict[str, Any]]) -> str:
        names = dict.fromkeys(outlet_label(by_id[e["article"]].source, by_id[e["article"]].url)
                              for e in evidence if e["article"] in by_id)
        return f"[{', '.join(names)}]"

    sections: list[tuple[str, list[str]]] = [
        ("Summary", [f"  {s['text']} {outlets(s['citations'])}" for s in analysis.get("summary", ())]),
        ("Timeline", [f"  {t['date']:<10}  {t['text']} {outlets(t['citations'])}"
                      + ("  (planned)" if t.get("status") == "planned" else "")
                      for t in analysis.get("timeline", ())]),
        ("Who said what", [f"  {speaker_label(q, by_id)} ({q['kind']}): {q['text']} "
                           f"{outlets(q.get('all_evidence') or [q['evidence']])}"
                           for q in analysis.get("quotes", ())]),
        ("Where outlets disagree", [
            f"  {d['subject']}, {d['attribute']}: " + " vs ".join(
                f"{v['text']} {outlets(v['evidence'])}" for v in d["values"])
            for d in analysis.get("disagreements", ())]),
    ]
    for title, lines in sections:
        if lines:
            out.print(f"\n{title}", style="bold", markup=False)
            for line in lines[:_SHOWN_LINES]:
                out.print(one_line(line), markup=False)
            if len(lines) > _SHOWN_LINES:
                out.print(f"  ... and {len(lines) - _SHOWN_LINES} more "
                          "(`storyline export --format json --story ID` holds them all)",
                          markup=False)


@main.command()
@click.argument("query")
@click.option("--limit", default=views.PAGE_SIZE, show_default=True, help="Hits per page.")
@click.option("--cursor", default=None, help="The next page: the cursor the last page ended with.")
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list of hits).")
@store_options
@handle_errors
def search(query: str, limit: int, cursor: str | None, since: dt.datetime | None,
           until: dt.datetime | None, outlet: str | None, entity: str | None, lang: str | None,
           as_json: bool, db: str | None, quiet: bool) -> None:
    """Full-text search over titles and texts (words, not query syntax): each hit with
    its title, a snippet around the words found, and its story.

    \b
    Example:
      storyline search "peacekeepers Kazakhstan" --since 2022-01-01 --lang en
    """
    filters = filters_from(since, until, outlet, entity, lang)
    with open_existing(db) as store:
        page = views.search(store, query, filters, limit=limit, cursor=cursor)
    if as_json:
        _dump([hit.record() for hit in page.hits])
    elif not page.hits:
        err.print(f"no articles match {one_line(query)!r}"
                  + (" with these filters" if filters != views.Filters() else ""), markup=False)
    for hit in page.hits if not as_json else ():
        date = (hit.published or "undated")[:10].ljust(10)
        out.print(f"{hit.article_id}  {date}  {outlet_label(hit.source, hit.url)}: "
                  f"{one_line(hit.title, '(untitled)')}", markup=False, style="bold")
        snippet = Text("     " + printable(hit.snippet))
        if len(snippet.plain) == len(hit.snippet) + 5:
            for start, end in hit.highlights:
                snippet.stylize("bold underline", start + 5, end + 5)
        out.print(snippet)
        out.print(f"     story {hit.story_id}" if hit.story_id else "     (in no story yet)",
                  markup=False, style="dim")
    if page.next_cursor and not quiet:
        err.print(f"more: --cursor {page.next_cursor}", markup=False)


@main.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the entity record).")
@store_options
@handle_errors
def entity(name: str, as_json: bool, db: str | None, quiet: bool) -> None:
    """A person, organisation or place across stories: the stories it is in, oldest
    first, and the roles it was given in each (from analysed stories).

    \b
    Example:
      storyline entity "Kassym-Jomart Tokayev"
    """
    with open_existing(db) as store:
        found = views.entity(store, name)
    if found is None:
        raise UsageError(f"no entity {one_line(name)!r} in the analysed stories; `storyline show "
                         "STORY_ID` or `storyline export` analyse stories")
    if as_json:
        _dump(found.record())
        return
    out.print(f"{one_line(found.name)} ({found.type}) · {plural(found.mentions, 'mention')} · "
              f"{plural(len(found.appearances), 'story', 'stories')}", style="bold", markup=False)
    if len(found.aliases) > 1:
        out.print(f"  also: {', '.join(one_line(a) for a in found.aliases if a != found.name)}",
                  markup=False, style="dim")
    for seen in found.appearances:
        dates = f"{seen.first_published or '?'} – {seen.last_published or '?'}"
        roles = f" · {', '.join(one_line(r) for r in seen.roles)}" if seen.roles else ""
        out.print(f"  {dates}  {seen.story_id}  {one_line(seen.headline, '(untitled)')}{roles}",
                  markup=False)
    if found.unanalysed_stories and not quiet:
        err.print(f"note: {plural(found.unanalysed_stories, 'story', 'stories')} not analysed yet "
                  "may name it too (`storyline export` or `show STORY_ID` analyse them)", markup=False)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@store_options
@handle_errors
def rejected(as_json: bool, db: str | None, quiet: bool) -> None:
    """Every input the store has rejected: file, stage and reason.

    \b
    Example:
      storyline rejected --json
    """
    with open_existing(db) as store:
        rows = views.rejections(store)
    if as_json:
        _dump([r.__dict__ for r in rows])
        return
    for row in rows:
        out.print(f"{one_line(row.origin)}\t{row.stage}\t{one_line(row.reason)}", markup=False)
