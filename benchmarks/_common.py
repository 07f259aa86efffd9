"""Shared pieces of the benchmarks: a seeded synthetic news corpus, the text-overlap scores
of the article-extraction benchmark, and facts about the machine a run was made on.

Nothing here imports storyline or trafilatura, so a process that only generates a corpus
or aggregates results stays small (see `ingest.py` on why that matters for peak RSS).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import platform
import random
import re
import resource
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = [
    "SHINGLE",
    "CorpusInfo",
    "OverlapScore",
    "bag_f1",
    "generate_corpus",
    "loaded_code_digest",
    "machine_info",
    "peak_rss_mb",
    "shingle_counts",
    "shingle_match",
    "src_digest",
    "summarise",
    "tokens",
]

# -- synthetic corpus ----------------------------------------------------------------------
# Every word list below is our own; outlets and people are invented (domains use the
# reserved `.example` top-level domain). Agency names appear only in datelines, the way
# republished wire copy carries them.


@dataclass(frozen=True, kw_only=True)
class Site:
    name: str
    domain: str
    layout: str  # "agency" | "paper" | "portal" | "blog"
    datelines: tuple[str, ...]  # dateline styles this outlet uses ("" = none)
    title_sep: str


SITES: tuple[Site, ...] = (
    Site(name="Eastern Wire", domain="easternwire.example", layout="agency",
         datelines=("tass", "tass", "tass", "bare"), title_sep=" - "),
    Site(name="The Northern Ledger", domain="northernledger.example", layout="paper",
         datelines=("reuters", "ap", "", ""), title_sep=" | "),
    Site(name="Daily Meridian", domain="dailymeridian.example", layout="portal",
         datelines=("afp", "afp", "reuters", ""), title_sep=" | "),
    Site(name="Harbor City Times", domain="harborcitytimes.example", layout="paper",
         datelines=("ap", "bare", "", ""), title_sep=" - "),
    Site(name="Capital Dispatch", domain="capitaldispatch.example", layout="agency",
         datelines=("tass", "afp", "reuters", "bare"), title_sep=" — "),
    Site(name="Valley Courier", domain="valleycourier.example", layout="blog",
         datelines=("", "", "ap", ""), title_sep=" – "),
    Site(name="Global Bulletin", domain="globalbulletin.example", layout="portal",
         datelines=("reuters", "afp", "ap", "tass"), title_sep=" | "),
    Site(name="Riverside Post", domain="riversidepost.example", layout="blog",
         datelines=("", "bare", "", ""), title_sep=" | "),
)

_PLACES = (
    ("MOSCOW", "Russia"), ("PARIS", "France"), ("WASHINGTON", "U.S."), ("LONDON", "Britain"),
    ("BERLIN", "Germany"), ("TOKYO", "Japan"), ("BEIJING", "China"), ("NEW DELHI", "India"),
    ("ALMATY", "Kazakhstan"), ("ANKARA", "Turkey"), ("CAIRO", "Egypt"), ("NAIROBI", "Kenya"),
    ("BRASILIA", "Brazil"), ("OTTAWA", "Canada"), ("CANBERRA", "Australia"),
    ("ST. PETERSBURG", "Russia"), ("RIO DE JANEIRO", "Brazil"), ("GENEVA", "Switzerland"),
    ("BRUSSELS", "Belgium"), ("SEOUL", "South Korea"), ("MEXICO CITY", "Mexico"),
    ("JAKARTA", "Indonesia"), ("LAGOS", "Nigeria"), ("MADRID", "Spain"), ("WARSAW", "Poland"),
)
_PLACE_NAMES = tuple(place.title() for place, _ in _PLACES)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
              "Oct.", "Nov.", "Dec.")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FIRST = ("Anna", "James", "Li", "Marta", "Ahmed", "Sofia", "Jean", "Olga", "Daniel", "Priya",
          "Kenji", "Fatima", "Lucas", "Elena", "Tomás", "Ingrid", "Samuel", "Aigerim", "Noah",
          "Chloé", "Viktor", "Amara", "Hugo", "Mei", "Rafael", "Zofia", "Omar", "Hannah")
_LAST = ("Petrova", "Holloway", "Wei", "Kowalska", "Karimov", "Almeida", "Dumont", "Sorokina",
         "Brennan", "Raman", "Takeda", "Haddad", "Moreau", "Vasquez", "Lindqvist", "Okafor",
         "Nurlanova", "Fischer", "Castillo", "Nowak", "Said", "Becker", "Tanaka", "Ferreira")
_ROLES = ("the finance minister", "a government spokesperson", "the regional governor",
          "the central bank governor", "a senior economist", "the mayor",
          "the head of the port authority", "an opposition lawmaker", "the health minister",
          "a company spokesperson", "the foreign minister", "a union leader")
_ORGS = ("the Ministry of Finance", "the central bank", "the city council",
         "the national statistics office", "the energy regulator", "the port authority",
         "the transport ministry", "the state railway company", "the regional parliament",
         "the election commission", "the civil aviation authority", "the health ministry",
         "the competition watchdog", "the national weather service", "the grain board")
_COMPANIES = ("Northstar Logistics", "Kestrel Energy", "Bluefield Mining", "Orion Telecom",
              "Silverline Motors", "Granite Bank", "Helios Solar", "Meridian Foods",
              "Tidewater Shipping", "Summit Pharmaceuticals", "Aurora Airlines",
              "Pinecrest Steel")
_COMMODITIES = ("wheat", "crude oil", "natural gas", "copper", "coal", "fertiliser", "steel",
                "sunflower oil", "aluminium", "cotton", "coffee", "liquefied natural gas")
_SECTORS = ("manufacturing", "retail", "construction", "tourism", "agriculture", "shipping",
            "banking", "mining", "software", "car making", "aviation", "healthcare")
_TOPICS = ("the new budget", "the pension reform", "the trade agreement", "the rail link",
           "the water supply project", "the tax changes", "the ceasefire talks",
           "the flood recovery plan", "the vaccine campaign", "the housing programme",
           "the border crossing", "the power grid upgrade", "the wage agreement")
_SECTIONS = ("World", "Politics", "Economy", "Business", "Society", "Science", "Sport",
             "Culture", "Regions", "Opinion", "Tech", "Health", "Energy", "Markets")
_QUOTES = (
    "We expect the situation to stabilise within weeks, not months",
    "This decision was not taken lightly, but it was necessary",
    "Our priority remains the safety of residents and workers",
    "The figures show that the measures are starting to work",
    "Nobody should be surprised by this outcome",
    "We will continue talks with all parties until an agreement is reached",
    "The next quarter will be decisive for the whole sector",
    "There is still a lot of work ahead of us",
    "We have asked for an independent review of what happened",
    "Prices will not come down overnight",
)
_SENTENCES = (
    "{Role} said on {weekday} that {topic} would take effect in {month}.",
    "{Org} reported that {commodity} exports rose by {pct} percent in the {quarter} "
    "quarter compared with a year earlier.",
    "According to {org}, about {num} people were affected, and {small} of them needed "
    "medical help.",
    "“{quote},” {role} told reporters after the meeting.",
    "“{quote},” said {name}, {role}.",
    "{Company} said it would invest {money} in {sector} over the next {small} years.",
    "The talks, which began in {month}, are expected to continue next week in {city}.",
    "Analysts at {company} expect growth in {sector} to slow to {pct} percent this year.",
    "{Org} has not yet commented on the proposal, which was first reported on {weekday}.",
    "The decision follows months of debate over {topic} and its cost for households.",
    "Officials in {city} said the measures would remain in place until at least {month}.",
    "Shares of {company} fell {pct} percent in early trading after the announcement.",
    "{Name}, who has led {org} since {year}, is due to present a report to lawmakers.",
    "Earlier this year, {org} warned that {commodity} prices could climb further.",
    "Local media said the vote on {topic} had been postponed for a second time.",
    "The government has allocated {money} to support the {sector} sector.",
    "Residents of {city} were advised to avoid unnecessary travel until {weekday}.",
    "It was not immediately clear how many flights had been cancelled.",
    "Critics argue that {topic} does too little for small businesses.",
    "The {quarter} quarter figures will be published by {org} on {weekday}.",
)
_HEADLINES = (
    "{Org_t} approves {topic_t}",
    "{Company} to invest {money} in {sector}",
    "{Commodity_t} exports rise {pct}% in {quarter} quarter",
    "Talks on {topic_t} to resume in {city_t}",
    "{City_t} extends emergency measures until {month}",
    "Growth in {sector} slows, {company} analysts say",
    "{Role_t} defends {topic_t}",
    "Vote on {topic_t} postponed again",
    "{Company} shares fall after {sector} warning",
    "{Org_t} warns of higher {commodity} prices",
)

_CSS_PROPS = ("margin:0 auto", "padding:8px 16px", "display:flex", "color:#222",
              "font-size:15px", "line-height:1.5", "border-bottom:1px solid #e5e5e5",
              "background:#fff", "max-width:1200px", "position:relative", "z-index:10",
              "text-decoration:none", "font-weight:600", "grid-template-columns:2fr 1fr")


@dataclass(frozen=True, kw_only=True)
class Article:
    """What the generator put on a page (the `expected` text is what a reader reads)."""

    site: Site
    title: str
    paragraphs: tuple[str, ...]
    published: dt.datetime
    url: str
    slug: str


@dataclass(frozen=True, kw_only=True)
class CorpusInfo:
    root: Path
    files: int
    folders: int
    bytes: int
    expected: Path  # JSON {relative path: {text, published, source}}, outside `root`


def _fill(template: str, rng: random.Random, when: dt.datetime) -> str:
    def name() -> str:
        return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"

    values = {
        "role": rng.choice(_ROLES), "org": rng.choice(_ORGS), "topic": rng.choice(_TOPICS),
        "company": rng.choice(_COMPANIES), "commodity": rng.choice(_COMMODITIES),
        "sector": rng.choice(_SECTORS), "city": rng.choice(_PLACES)[0].title(),
        "weekday": rng.choice(_WEEKDAYS), "month": rng.choice(_MONTHS),
        "quarter": rng.choice(("first", "second", "third", "fourth")),
        "pct": f"{rng.randint(1, 19)}.{rng.randint(0, 9)}", "num": f"{rng.randint(12, 9800):,}",
        "small": str(rng.randint(2, 9)), "year": str(when.year - rng.randint(2, 12)),
        "money": f"${rng.randint(2, 950)} million", "quote": rng.choice(_QUOTES), "name": name(),
    }
    for key in list(values):
        values[key.capitalize()] = values[key][:1].upper() + values[key][1:]
        values[f"{key}_t"] = values[key].removeprefix("the ")
        values[f"{key.capitalize()}_t"] = values[f"{key}_t"][:1].upper() + values[f"{key}_t"][1:]
    return template.format(**values)


def _dateline(style: str, rng: random.Random, when: dt.datetime) -> str:
    place, country = rng.choice(_PLACES)
    month, day = _MONTHS[when.month - 1], when.day
    return {
        "tass": f"{place}, {month} {day}. /TASS/. ",
        "afp": f"{place} (AFP) - ",
        "reuters": f"{place} (Reuters) - ",
        "ap": f"{place}, {_AP_MONTHS[when.month - 1]} {day} (AP) — ",
        "bare": f"{place}, {country} — ",
        "": "",
    }[style]


def _article(index: int, seed: int) -> Article:
    rng = random.Random(f"{seed}:{index}")
    site = SITES[index % len(SITES)]
    start = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    when = start + dt.timedelta(minutes=rng.randrange(730 * 24 * 60))
    # 5% are one-paragraph briefs (wire flashes); the rest 3-12 paragraphs.
    count = 1 if rng.random() < 0.05 else rng.randint(3, 12)
    paragraphs = [" ".join(_fill(rng.choice(_SENTENCES), rng, when)
                           for _ in range(rng.randint(2, 4))) for _ in range(count)]
    paragraphs[0] = _dateline(rng.choice(site.datelines), rng, when) + paragraphs[0]
    title = _fill(rng.choice(_HEADLINES), rng, when)
    slug = "-".join([*re.findall(r"[a-z0-9]+", title.lower())[:7], str(index)])
    section = rng.choice(_SECTIONS).lower()
    # Agencies use numeric URLs (no date in them); the others dated paths.
    url = (f"https://{site.domain}/{section}/{1_500_000 + index}" if site.layout == "agency"
           else f"https://{site.domain}/{section}/{when:%Y/%m/%d}/{slug}")
    return Article(site=site, title=title, paragraphs=tuple(paragraphs), published=when,
                   url=url, slug=slug)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _css(rng: random.Random) -> str:
    rules = []
    for n in range(rng.randint(150, 350)):
        props = ";".join(rng.sample(_CSS_PROPS, rng.randint(2, 5)))
        rules.append(f".c{n}-{rng.choice(_SECTIONS).lower()}{{{props}}}")
    return "".join(rules)


def _script(rng: random.Random, article: Article) -> str:
    config = {"section": rng.choice(_SECTIONS), "articleId": rng.randrange(10**8),
              "tags": rng.sample(_SECTIONS, 4), "ads": {"slots": [f"slot-{n}" for n in range(8)],
                                                      "refresh": 30}, "paywall": False}
    return ("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
            f"gtag('js',new Date());gtag('config','G-{rng.randrange(10**6):06d}');"
            f"window.__PAGE__={json.dumps(config)};"
            "document.addEventListener('DOMContentLoaded',function(){var b=document."
            "querySelectorAll('.share a');for(var i=0;i<b.length;i++){b[i].addEventListener("
            "'click',function(e){e.preventDefault();window.open(this.href,'share','width=600,"
            f"height=400')}})}});/* {article.site.domain} */")


def _icon(rng: random.Random) -> str:
    points = " ".join(f"{rng.randint(0, 24)}.{rng.randint(0, 99)}" for _ in range(48))
    return (f'<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">'
            f'<path d="M{points}z"/></svg>')


def _mega_menu(rng: random.Random) -> str:
    columns = []
    for section in rng.sample(_SECTIONS, 6):
        links = "".join(f'<li><a href="/{section.lower()}/{_esc(word).lower()}">{_esc(word)}</a>'
                        "</li>" for word in rng.sample(_PLACE_NAMES, 10))
        columns.append(f'<div class="mega-col"><h4>{section}</h4><ul>{links}</ul></div>')
    return f'<div class="mega-menu" hidden>{"".join(columns)}</div>'


def _links(rng: random.Random, count: int) -> str:
    items = "".join(
        f'<li><a href="/{s.lower()}">{s}</a></li>' for s in rng.sample(_SECTIONS, count)
    )
    return f"<ul>{items}</ul>"


def _headline_list(rng: random.Random, when: dt.datetime, count: int, times: bool) -> str:
    items = []
    for n in range(count):
        text = _esc(_fill(rng.choice(_HEADLINES), rng, when))
        stamp = f'<span class="time">{(when - dt.timedelta(minutes=17 * n)):%H:%M}</span> '
        items.append(f'<li>{stamp if times else ""}<a href="/news/{rng.randrange(10**7)}">'
                     f"{text}</a></li>")
    return "".join(items)


def _render(article: Article, rng: random.Random) -> str:
    """A whole page around the article: head metadata, navigation, share buttons, related
    links, prompts, comment form and footer, in one of four layouts."""
    site, when, layout = article.site, article.published, article.site.layout
    year = when.year
    # Date metadata: 80% meta tag, 8% only a visible date in the byline, 12% JSON-LD only
    # or nothing (year-less datelines then wait for the corpus to give them a year).
    kind = rng.random()
    meta_date = kind < 0.80
    jsonld_date = 0.80 <= kind < 0.88
    visible_date = kind < 0.96
    head = [
        '<meta charset="{charset}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(article.title)}{site.title_sep}{_esc(site.name)}</title>",
        f'<meta name="description" content="{_esc(article.paragraphs[0][:160])}">',
        f'<meta property="og:site_name" content="{_esc(site.name)}">',
        f'<meta property="og:title" content="{_esc(article.title)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{article.url}">',
        f'<link rel="canonical" href="{article.url}">',
    ]
    if meta_date:
        head.append(f'<meta property="article:published_time" content="{when.isoformat()}">')
    if jsonld_date or (meta_date and rng.random() < 0.5):
        ld = {"@context": "https://schema.org", "@type": "NewsArticle",
              "headline": article.title, "datePublished": when.isoformat(),
              "publisher": {"@type": "Organization", "name": site.name}}
        head.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    head.append(f"<style>{_css(rng)}</style>")
    head.append(f"<script>{_script(rng, article)}</script>")

    byline = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    shown = f"{when.day} {_MONTHS[when.month - 1]} {year}, {when:%H:%M}"
    time_el = (f'<time datetime="{when.isoformat()}">{shown}</time>' if meta_date
               else f'<span class="date">{shown}</span>' if visible_date else "")
    share = ('<div class="share"><span>Share</span><ul>'
             + "".join(f'<li><a href="https://{n.lower().replace(" ", "")}.example/share">'
                       f"{_icon(rng)}{n}</a></li>"
                       for n in ("Facebook", "Twitter", "Telegram", "WhatsApp", "Email",
                                 "Copy link"))
             + "</ul></div>")
    subscribe = (f"Subscribe to {site.name} on Telegram. Receive news faster than anyone!"
                 if layout == "agency" else
                 f"Sign up for our newsletter and get the best of {site.name} in your inbox.")

    paragraphs = [_esc(p) for p in article.paragraphs]
    if layout == "agency" and rng.random() < 0.4:  # prompt glued to the last paragraph
        paragraphs[-1] += f" {_esc(subscribe)}"
        subscribe = ""
    body = [f"<p>{p}</p>" for p in paragraphs]
    if len(body) > 3 and rng.random() < 0.3:
        also = _esc(_fill(rng.choice(_HEADLINES), rng, when))
        body.insert(2, f'<p class="read-also">Read also: <a href="/news/{rng.randrange(10**7)}">'
                    f"{also}</a></p>")
    figure = ""
    if rng.random() < 0.5:
        figure = (f'<figure><img src="/img/{rng.randrange(10**7)}.jpg" alt="">'
                  f"<figcaption>Photo: {rng.choice(_FIRST)} {rng.choice(_LAST)}/"
                  f"{site.name}</figcaption></figure>")
    tags = "".join(f'<a class="tag" href="/tag/{t.lower()}">{t}</a>'
                   for t in rng.sample(_SECTIONS, 3))
    related = (f'<aside class="related"><h3>Related news</h3><ul>'
               f"{_headline_list(rng, when, rng.randint(4, 6), False)}</ul></aside>")
    comments = ""
    if layout in ("paper", "blog"):
        existing = "".join(
            f'<li class="comment"><div class="comment-author">{rng.choice(_FIRST)}</div>'
            f"<p>{_esc(_fill(rng.choice(_SENTENCES), rng, when))}</p></li>"
            for _ in range(rng.choice((0, 0, 0, 1, 2, 3))))
        comments = (
            '<section id="comments" class="comments-area">'
            + (f'<h3 class="comments-title">{existing.count("<li")} Comments</h3>'
               f'<ol class="comment-list">{existing}</ol>' if existing else "")
            + '<div id="respond"><h3 id="reply-title">Leave a Reply</h3>'
            '<form action="/wp-comments-post.php" method="post" id="commentform">'
            '<p class="comment-notes">Your email address will not be published. '
            "Required fields are marked *</p>"
            '<p><label for="comment">Comment</label><textarea id="comment" name="comment">'
            "</textarea></p>"
            '<p><label for="author">Name *</label><input id="author" name="author"></p>'
            '<p><label for="email">Email *</label><input id="email" name="email"></p>'
            '<p><label for="url">Website</label><input id="url" name="url"></p>'
            '<p class="form-submit"><input type="submit" value="Post Comment"></p>'
            "</form></div></section>"
        )
    label = ('<div class="label"><a href="/news">All news</a></div>' if layout == "agency"
             else f'<nav class="breadcrumbs"><a href="/">Home</a> › <a href="/'
             f'{rng.choice(_SECTIONS).lower()}">{rng.choice(_SECTIONS)}</a></nav>')
    prompt = f'<div class="subscribe"><p>{_esc(subscribe)}</p></div>' if subscribe else ""
    article_html = (
        f'<article class="article">{label}<h1 class="headline">{_esc(article.title)}</h1>'
        f'<div class="byline">By <a href="/author/{byline.split()[1].lower()}">{_esc(byline)}'
        f"</a> {time_el}</div>{share}{figure}"
        f'<div class="article__text">{"".join(body)}</div>{prompt}'
        f'<div class="tags">{tags}</div>{share}</article>'
    )
    sidebar = ""
    if layout in ("portal", "agency"):
        sidebar = (f'<aside class="sidebar"><h3>{"All news" if layout == "agency" else "Latest"}'
                   f'</h3><ul class="ticker">{_headline_list(rng, when, 10, True)}</ul>'
                   '<div class="ad">Advertisement</div></aside>')
    cookie = ('<div class="cookie-banner"><p>We use cookies to improve your experience on our '
              'site. By continuing you agree to our <a href="/privacy">privacy policy</a>.</p>'
              "<button>Accept</button></div>") if layout == "portal" else ""
    header = (f'<header class="site-header"><a class="skip" href="#main">Skip to content</a>'
              f'<a class="logo" href="/">{_esc(site.name)}</a><nav class="menu">'
              f"{_links(rng, rng.randint(8, 14))}{_mega_menu(rng)}</nav>"
              '<form class="search" action="/search"><input name="q" placeholder="Search">'
              "<button>Search</button></form></header>")
    footer = (f'<footer class="site-footer"><nav>{_links(rng, 6)}</nav>'
              '<ul><li><a href="/about">About us</a></li><li><a href="/contacts">Contacts</a>'
              '</li><li><a href="/privacy">Privacy policy</a></li></ul>'
              f"<p>© {year} {_esc(site.name)}. All rights reserved.</p></footer>")
    main = f'<main id="main" class="layout-{layout}">{article_html}{related}{comments}</main>'
    return ('<!DOCTYPE html>\n<html lang="en"><head>' + "".join(head) + "</head><body>"
            + header + main + sidebar + cookie + footer + "</body></html>\n")


def generate_corpus(root: Path, count: int, seed: int) -> CorpusInfo:
    """Write `count` pages under `root/<domain>/<yyyy-mm>/` (about 50 per folder).

    Deterministic: page i depends only on (seed, i). 3% of pages are windows-1252 encoded
    (declared in their meta charset), the rest UTF-8.
    """
    expected: dict[str, dict[str, str]] = {}
    total = 0
    folders: set[Path] = set()
    for index in range(count):
        article = _article(index, seed)
        rng = random.Random(f"{seed}:{index}:page")
        charset = "windows-1252" if rng.random() < 0.03 else "utf-8"
        page = _render(article, rng).replace("{charset}", charset, 1)
        folder = root / article.site.domain / f"{article.published:%Y-%m}"
        if folder not in folders:
            folder.mkdir(parents=True, exist_ok=True)
            folders.add(folder)
        path = folder / f"{article.slug}.html"
        data = page.encode(charset, errors="xmlcharrefreplace")
        path.write_bytes(data)
        total += len(data)
        expected[str(path.relative_to(root))] = {
            "text": "\n\n".join(article.paragraphs),
            "published": article.published.date().isoformat(),
            "source": article.site.name,
        }
    expected_path = root.with_name(root.name + "-expected.json")
    expected_path.write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    return CorpusInfo(root=root, files=count, folders=len(folders), bytes=total,
                      expected=expected_path)


# -- scores (scrapinghub/article-extraction-benchmark, evaluate.py) --------------------------
# Same semantics as that script: `\w+` tokens (case kept), 4-token shingles counted as a
# multiset, per-document tp/fp/fn normalised to sum to 1; precision is averaged over the
# documents with a prediction, recall over those with a ground truth, and F1 is computed
# from the two averages (not averaged per document).

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def tokens(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingle_counts(text: str | None, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    words = tokens(text)
    if len(words) < n:  # a short text is one (shorter) shingle, an empty one none
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


@dataclass(frozen=True, kw_only=True)
class OverlapScore:
    """Normalised (tp, fp, fn) of one document, as evaluate.py computes them."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fn == 0 else self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def shingle_match(true: str | None, pred: str | None) -> OverlapScore:
    truth, guess = shingle_counts(true), shingle_counts(pred)
    tp = float(sum((truth & guess).values()))
    fp = float(sum((guess - truth).values()))
    fn = float(sum((truth - guess).values()))
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return OverlapScore(tp=tp, fp=fp, fn=fn)


def summarise(scores: Sequence[OverlapScore]) -> dict[str, float]:
    """Corpus precision, recall and F1 exactly as evaluate.py's metrics_from_tp_fp_fns."""
    precisions = [s.precision for s in scores if s.tp + s.fp > 0]
    recalls = [s.recall for s in scores if s.tp + s.fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def bag_f1(true: str | None, pred: str | None) -> tuple[float, float, float]:
    """(precision, recall, F1) over the bag of single tokens of one document."""
    truth, guess = Counter(tokens(true)), Counter(tokens(pred))
    common = sum((truth & guess).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(guess.values()), common / sum(truth.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


# -- machine --------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """ru_maxrss of this process in MB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _git(repo: Path) -> dict[str, str | bool | None]:
    def run(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                                  timeout=10, check=True)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip()

    status = run("status", "--porcelain", "--", "src")
    return {"commit": run("rev-parse", "HEAD"),
            "src_modified": None if status is None else bool(status)}


def src_digest(repo: Path) -> str:
    """SHA-256 of every file under src/ (names and bytes): other people edit src/ while a
    benchmark runs, and an editable install picks their edits up in the next worker."""
    digest = hashlib.sha256()
    for path in sorted((repo / "src").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(repo)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def loaded_code_digest(package: str = "storyline") -> str:
    """SHA-256 of the source files of every `package` module this process has imported:
    runs that report the same digest ran the same code."""
    digest = hashlib.sha256()
    files = sorted({str(module.__file__) for name, module in list(sys.modules.items())
                    if (name == package or name.startswith(f"{package}."))
                    and getattr(module, "__file__", None)})
    for file in files:
        digest.update(Path(file).name.encode())
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()[:16]


def t17_rows_by_date(path: Path) -> list[dict[str, Any]]:
    """The T17 dev records of `path` (JSONL) in publication order, ties by document id: the
    order the benchmarks take "the first N articles" in."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows.sort(key=lambda r: (r["pub_date"], r["doc_id"]))
    return rows


def machine_info(repo: Path) -> dict[str, object]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "cpu_model": _cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "sqlite": sqlite3.sqlite_version,
        "packages": {name: _version(name) for name in (
            "storyline", "trafilatura", "lxml", "htmldate", "justext", "charset-normalizer",
            "py3langid", "ftfy")},
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "git": _git(repo),
        "src_digest": src_digest(repo),
    }


def write_results(path: Path, result: dict[str, object]) -> None:
    """Write a benchmark's figures as indented JSON and say where."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {path}")
