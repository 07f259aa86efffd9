"""Fetching over HTTP within limits, for feeds and the pages their items link to.

Every hop of a request (the first and each redirect) is checked before it is made: only
http and https, and never a private, loopback, link-local or otherwise non-public address
unless the user allowed it (`AccessPolicy`): a feed must not be a way to reach the
machine's own services. A host is resolved and every address it resolves to is checked;
then the address the connection actually reached is checked again before anything is
read (the connection resolves the name again, and a DNS server answering differently the
second time must not point it inside). The request itself has been sent by then: a GET.

Politeness: one request at a time, at most one per `host_interval` to a host, and
robots.txt honoured for pages (RFC 9309: a missing robots.txt allows everything; one that
cannot be read because the server fails disallows everything for this run).
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import httpx

from storyline import __version__
from storyline.errors import UsageError

#: Seconds to connect, and to wait for each read; a slow-drip server is cut at TOTAL.
#: Generous for a news site on a slow line (pages arrive in well under 5 s); a feed
#: reader that waits a minute per page would take hours over a few hundred items.
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 20.0
TOTAL_TIMEOUT = 60.0
#: Largest feed or page read (news pages are rarely above 2 MB; a feed of 100 full
#: items stays under 5 MB). A bigger body is cut off and refused, not read whole.
MAX_FETCH_BYTES = 10 * 1024 * 1024
#: Redirects followed per request (browsers allow 20; news sites use one or two).
MAX_REDIRECTS = 5
#: Seconds between two requests to one host: the crawl-delay most sites ask for.
HOST_INTERVAL = 1.0
#: Largest robots.txt read (Google reads the first 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024

USER_AGENT = f"storyline/{__version__} (news feed reader; +https://github.com/storyline)"
FEED_TYPES = ("xml", "rss", "atom", "rdf", "text/plain", "text/html", "json")
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_REDIRECTS = frozenset({301, 302, 303, 307, 308})  # not 304 (httpx counts it as one)


@dataclass(frozen=True, kw_only=True)
class FetchLimits:
    """How long to wait and how much to read; tests shrink them."""

    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    total_timeout: float = TOTAL_TIMEOUT
    max_bytes: int = MAX_FETCH_BYTES
    max_redirects: int = MAX_REDIRECTS
    host_interval: float = HOST_INTERVAL


@dataclass(frozen=True, kw_only=True)
class AccessPolicy:
    """Which hosts may be fetched even though they resolve to a non-public address."""

    allow_private: bool = False
    allowed_hosts: frozenset[tuple[str, int | None]] = frozenset()
    #: host, port -> its addresses; the system resolver unless a test gives another
    resolver: Callable[[str, int], list[str]] | None = field(default=None, compare=False)

    @classmethod
    def from_options(cls, hosts: Sequence[str], allow_private: bool = False) -> AccessPolicy:
        """From `--allow-host HOST[:PORT]` values (an IPv6 address in brackets)."""
        allowed = set()
        for given in hosts:
            try:
                parsed = httpx.URL(f"http://{given.strip()}")
            except httpx.InvalidURL as exc:
                raise UsageError(f"--allow-host {given!r}: not a HOST or HOST:PORT") from exc
            if not parsed.host or parsed.path not in ("", "/"):
                raise UsageError(f"--allow-host {given!r}: not a HOST or HOST:PORT")
            allowed.add((parsed.host.lower(), parsed.port))
        return cls(allow_private=allow_private, allowed_hosts=frozenset(allowed))

    def allows_host(self, url: httpx.URL) -> bool:
        port = url.port or _DEFAULT_PORTS.get(url.scheme)
        host = url.host.lower()
        return self.allow_private or (host, None) in self.allowed_hosts or (
            (host, port) in self.allowed_hosts)

    def refusal(self, url: httpx.URL,
                resolve: Callable[[str, int], list[str]] | None = None) -> str | None:
        """Why `url` may not be fetched, or None when it may."""
        if url.scheme not in _DEFAULT_PORTS:
            return f"{url.scheme or 'no'} scheme: only http and https are fetched"
        if not url.host:
            return "no host in the URL"
        if self.allows_host(url):
            return None
        port = url.port or _DEFAULT_PORTS[url.scheme]
        try:
            addresses = (resolve or self.resolver or _resolve)(url.host, port)
        except OSError as exc:
            return f"cannot resolve {url.host} ({exc.strerror or exc})"
        except UnicodeError as exc:  # a host name IDNA cannot encode
            return f"cannot resolve {url.host} ({exc})"
        for address in addresses:
            kind = _non_public(address)
            if kind:
                where = f"{url.host}:{port}" if url.port else url.host
                return (f"{url.host} is {kind} address ({address}); private addresses are not "
                        f"fetched unless allowed: --allow-host {where} (or --allow-private)")
        return None

    def peer_refusal(self, url: httpx.URL, address: str | None) -> str | None:
        """Why the address a connection to `url` reached may not be read from, or None."""
        if address is None or self.allows_host(url):
            return None
        kind = _non_public(address)
        return (f"{url.host} resolved to a public address but the connection reached {kind} "
                f"address ({address})") if kind else None


def _resolve(host: str, port: int) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def _non_public(address: str) -> str | None:
    """'a loopback' / 'a private' ... for a non-public address, None for a public one."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for test, kind in ((ip.is_loopback, "a loopback"), (ip.is_link_local, "a link-local"),
                       (ip.is_multicast, "a multicast"), (ip.is_unspecified, "an unspecified"),
                       (ip.is_private, "a private"), (not ip.is_global, "a non-public")):
        if test:
            return kind
    return None


@dataclass(frozen=True, kw_only=True)
class Fetched:
    """A response read whole: 200 with its body, or 304 (not modified) without one."""

    url: str                        # after redirects
    status: int
    content: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True, kw_only=True)
class Failure:
    """Why a request gave nothing usable, in words a person can act on."""

    url: str
    reason: str
    refused: bool = False           # refused by policy (not tried), not failed
    status: int | None = None       # the HTTP status, when the server answered


@dataclass
class Fetcher:
    """One poll's HTTP client: policy, limits, per-host pacing and robots.txt per site
    (kept for the poll only: a new poll reads robots.txt again)."""

    policy: AccessPolicy
    limits: FetchLimits = field(default_factory=FetchLimits)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    on_request: Callable[[str], None] | None = None  # hears each URL asked (progress)
    _client: httpx.Client | None = field(default=None, init=False)
    _last: dict[str, float] = field(default_factory=dict, init=False)  # host -> last request
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(
        default_factory=dict, init=False)

    def __enter__(self) -> Fetcher:
        timeout = httpx.Timeout(self.limits.read_timeout, connect=self.limits.connect_timeout)
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                                    headers={"User-Agent": USER_AGENT})
        return self

    def __exit__(self, *_: object) -> None:
        if self._client is not None:
            self._client.close()

    def get(self, url: str, *, accept: Sequence[str],
            headers: Mapping[str, str] | None = None) -> Fetched | Failure:
        """GET `url`, following redirects (each hop checked), within the limits."""
        assert self._client is not None, "use Fetcher as a context manager"
        try:
            current = httpx.URL(url)
        except httpx.InvalidURL as exc:
            return Failure(url=url, reason=f"not a valid URL ({exc})")
        for hop in range(self.limits.max_redirects + 1):
            refusal = self.policy.refusal(current)
            if refusal:
                via = f"redirect to {current}" if hop else str(current)
                return Failure(url=url, reason=f"{via} refused: {refusal}", refused=True)
            self._pace(current.host)
            if self.on_request is not None:
                self.on_request(str(current))
            try:
                result = self._one(current, accept, headers or {})
            except httpx.TimeoutException:
                return Failure(url=url, reason=f"timed out ({current})")
            except httpx.HTTPError as exc:
                return Failure(url=url, reason=f"cannot fetch {current}: {exc or type(exc).__name__}")
            except httpx.InvalidURL as exc:  # a redirect's Location that is not a URL
                return Failure(url=url, reason=f"{current} redirects to an invalid URL ({exc})")
            if isinstance(result, httpx.URL):
                current = result
                continue
            return result
        return Failure(url=url, reason=f"more than {self.limits.max_redirects} redirects")

    def _one(self, url: httpx.URL, accept: Sequence[str], headers: Mapping[str, str]
             ) -> Fetched | Failure | httpx.URL:
        """One request: the body, a failure, or where a redirect points."""
        assert self._client is not None
        started = self.clock()
        with self._client.stream("GET", url, headers=dict(headers)) as response:
            stream = response.extensions.get("network_stream")
            peer = stream.get_extra_info("server_addr") if stream is not None else None
            refusal = self.policy.peer_refusal(url, str(peer[0]) if peer else None)
            if refusal:
                return Failure(url=str(url), reason=f"{url} refused: {refusal}", refused=True)
            if response.status_code in _REDIRECTS:
                location = response.headers.get("location", "")
                if not location:
                    return Failure(url=str(url), reason=f"HTTP {response.status_code} without a Location")
                return url.join(location)
            meta = {"url": str(url), "status": response.status_code,
                    "etag": response.headers.get("etag"),
                    "last_modified": response.headers.get("last-modified"),
                    "content_type": response.headers.get("content-type", "").split(";")[0].strip().lower(),
                    "charset": response.charset_encoding}
            if response.status_code == 304:
                return Fetched(content=b"", **meta)  # type: ignore[arg-type]
            if response.status_code != 200:
                return Failure(url=str(url), status=response.status_code,
                               reason=f"HTTP {response.status_code} {response.reason_phrase} "
                               f"from {url}")
            content_type = str(meta["content_type"])
            if content_type and not any(t in content_type for t in accept):
                return Failure(url=str(url), reason=f"{url} is {content_type}, not "
                               f"{' or '.join(accept[:2])}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.limits.max_bytes:
                return Failure(url=str(url), reason=f"{url} is {int(declared):,} bytes, above the "
                               f"{self.limits.max_bytes:,}-byte limit")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.limits.max_bytes:
                    return Failure(url=str(url), reason=f"{url} is above the "
                                   f"{self.limits.max_bytes:,}-byte limit; not read further")
                if self.clock() - started > self.limits.total_timeout:
                    return Failure(url=str(url), reason=f"timed out ({url}: still sending after "
                                   f"{self.limits.total_timeout:g} s)")
            return Fetched(content=bytes(body), **meta)  # type: ignore[arg-type]

    def _pace(self, host: str) -> None:
        """Wait until `host` was last asked at least `host_interval` ago."""
        last = self._last.get(host)
        if last is not None:
            wait = self.limits.host_interval - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def robots_allow(self, url: str) -> bool:
        """Whether the site's robots.txt lets our user agent fetch `url`."""
        parsed = httpx.URL(url)
        site = f"{parsed.scheme}://{parsed.netloc.decode('ascii', 'replace')}"
        if site not in self._robots:
            self._robots[site] = self._read_robots(f"{site}/robots.txt")
        rules = self._robots[site]
        return True if rules is None else rules.can_fetch(USER_AGENT, url)

    def _read_robots(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The parsed robots.txt; None (allow all) when there is none."""
        fetched = self.get(url, accept=("text/plain", "text/html", ""))
        rules = urllib.robotparser.RobotFileParser(url)
        if isinstance(fetched, Failure):
            if fetched.refused or (fetched.status is not None and 400 <= fetched.status < 500):
                return None  # no robots.txt (4xx): everything allowed
            rules.parse(["User-agent: *", "Disallow: /"])  # server error: nothing, this run
            return rules
        text = fetched.content[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        rules.parse(text.splitlines())
        return rules
