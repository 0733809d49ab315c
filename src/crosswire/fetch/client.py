"""One GET, done politely and defensively (httpx): robots.txt and the per-host gate first,
retries with backoff on 429/5xx and failed connections (Retry-After honoured, capped),
redirects followed one by one up to a limit (a loop is named as one), the content type checked
before the body is read, the body read within its limits (body.py), and every response
written to the run's WARC archive.

The answer is :class:`Fetched` (2xx, body read), :class:`NotModified` (304 to a conditional
GET) or :class:`Failed` (one reason in words, with the HTTP status when there was one).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from crosswire.config import Settings
from crosswire.fetch.archive import WarcArchive
from crosswire.fetch.body import (
    ACCEPT_ENCODING,
    BodyLimits,
    BodyProblem,
    BodyTooSlow,
    read_body,
)
from crosswire.fetch.politeness import HostGate, Robots, Stopped
from crosswire.fetch.urls import canonical_url

LOG = logging.getLogger(__name__)
PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml")
SITEMAP_TYPES = ("application/xml", "text/xml", "application/x-gzip", "application/gzip")
RETRIED = frozenset({429, 500, 502, 503, 504})
BAD_LOCATION = "Invalid URL in location header"  # httpx's RemoteProtocolError for one
Validators = tuple[str | None, str | None]  # (ETag, Last-Modified)


@dataclass
class Fetched:
    """A 2xx response read whole."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def mime(self) -> str:
        """-> 'text/html' (lower case, no parameters; '' when not stated)."""
        return self.headers.get("content-type", "").partition(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """-> the charset its Content-Type declares, or None."""
        for param in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset":
                return value.strip().strip("\"'") or None
        return None

    @property
    def validators(self) -> Validators:
        """-> (ETag, Last-Modified) as the server sent them, for the next conditional GET."""
        return self.headers.get("etag"), self.headers.get("last-modified")


@dataclass
class NotModified:
    """304: the server says the stored version is current."""

    url: str


@dataclass
class Failed:
    """Why a URL could not be fetched, in words (with the HTTP status when there was one)."""

    url: str
    reason: str
    status: int | None = None
    retryable: bool = False  # a later run may do better (5xx, 429, timeouts, lost connections)


Result = Fetched | NotModified | Failed


@dataclass
class _Hop:
    """One request's outcome: a result, or a redirect to follow."""

    result: Result | None = None
    location: str | None = None


@dataclass
class _Try:
    """One attempt's outcome: a hop, or a wait before trying again (and why)."""

    hop: _Hop | None = None
    wait: float = 0.0
    why: str = ""
    status: int | None = None


def http_time(raw: str | None) -> datetime | None:
    """an HTTP date header ('Wed, 21 Oct 2015 07:28:00 GMT') -> the time it names, or None."""
    try:
        return parsedate_to_datetime(raw) if raw else None
    except (TypeError, ValueError, IndexError):
        return None


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """a Retry-After header ('120' or an HTTP date) -> seconds to wait, or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))  # delta-seconds (a fraction taken too)
    except ValueError:
        pass
    when = http_time(value)
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass
class HttpClient:
    """The run's HTTP client: one connection pool, one politeness gate, one robots cache."""

    settings: Settings
    archive: WarcArchive | None = None
    transport: httpx.BaseTransport | None = None
    client: httpx.Client = field(init=False)
    gate: HostGate = field(init=False)
    robots: Robots = field(init=False)

    def __post_init__(self) -> None:
        s = self.settings
        self.client = httpx.Client(
            timeout=httpx.Timeout(s.fetch_read_timeout, connect=s.fetch_connect_timeout),
            headers={"User-Agent": s.fetch_user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False, transport=self.transport,
            limits=httpx.Limits(max_connections=max(1, s.fetch_workers)))
        self.gate = HostGate(s.fetch_delay, s.fetch_host_concurrency)
        self.robots = Robots(self._robots_txt, s.fetch_user_agent, self.gate, s.fetch_max_wait)
        self.limits = BodyLimits.of(s)

    def close(self) -> None:
        """Every wait (a host's turn, a backoff) ended, the connections closed."""
        self.gate.stop()
        self.client.close()

    def get(self, url: str, types: tuple[str, ...] | None,
            validators: Validators | None = None, robots: bool = True) -> Result:
        """(a URL, the content types accepted (None: any), the stored (ETag, Last-Modified)
        for a conditional GET, whether robots.txt applies) -> Fetched | NotModified | Failed.
        Redirects are followed up to ``fetch_max_redirects``, each hop checked again. Never
        raises for what one URL or its server does: that is a Failed."""
        try:
            return self._get(url, types, validators, robots)
        except Stopped:  # the run is closing: nothing to report
            return Failed(url, "not fetched: the fetch was stopped")
        except Exception as error:  # last guard: one odd URL or answer must not stop a run
            LOG.warning("fetching %s failed unexpectedly", url, exc_info=True)
            return Failed(url, f"could not be fetched ({type(error).__name__}: {error})"[:300])

    def _get(self, url: str, types: tuple[str, ...] | None, validators: Validators | None,
             robots: bool) -> Result:
        """as :meth:`get`, raising what httpx or a parser raises."""
        if canonical_url(url) is None:
            return Failed(url, "not an http(s) URL")
        chain, current = [url], url  # a loop comes back to the very same URL
        for _ in range(self.settings.fetch_max_redirects + 1):
            refusal = self.robots.refusal(current) if robots else None
            if refusal:  # an unreachable robots.txt may be back next run; a Disallow stays
                return Failed(url, refusal, retryable=self.robots.unreachable(current))
            hop = self._hop(url, current, types, validators if current == url else None)
            if hop.location is None:
                assert hop.result is not None
                return hop.result
            if canonical_url(hop.location) is None:
                return Failed(url, f"redirected to {hop.location!r}, not an http(s) URL")
            if hop.location in chain:
                return Failed(url, "redirect loop: " + " -> ".join([*chain, hop.location]))
            chain.append(hop.location)
            current = hop.location
        return Failed(url, f"more than {self.settings.fetch_max_redirects} redirects "
                      "(settings.fetch_max_redirects): " + " -> ".join(chain))

    def _hop(self, url: str, current: str, types: tuple[str, ...] | None,
             validators: Validators | None) -> _Hop:
        """one URL of a redirect chain -> its outcome, after the retries it needed."""
        headers = _conditional(validators)
        tries = max(1, self.settings.fetch_retries)
        last = _Try()
        for attempt in range(tries):
            last = self._try(url, current, types, headers)
            if last.hop is not None:
                return last.hop
            if attempt + 1 < tries:
                self.gate.pause(last.wait or self.settings.fetch_backoff * 2 ** attempt)
        return _Hop(Failed(url, f"{last.why} (after {tries} tries)", last.status,
                           retryable=True))

    def _try(self, url: str, current: str, types: tuple[str, ...] | None,
             headers: dict[str, str]) -> _Try:
        """one request -> its hop, or what to wait before the next try."""
        with self.gate.slot(current):
            started = time.monotonic()  # the total timeout: from the request, not the queue
            try:
                request = self.client.build_request("GET", current, headers=headers)
                response = self.client.send(request, stream=True)
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:  # never will do
                return _Try(_Hop(Failed(url, f"not an http(s) URL ({error})"[:300])))
            except httpx.RemoteProtocolError as error:
                if str(error).startswith(BAD_LOCATION):  # httpx's words: a redirect elsewhere
                    return _Try(_Hop(Failed(url, f"redirected to an invalid URL ({error})"[:300])))
                return _Try(why=f"connection failed ({type(error).__name__}: {error})"[:300])
            except httpx.TimeoutException as error:
                return _Try(why=f"timed out ({_timeout_words(error, self.settings)})")
            except httpx.TransportError as error:
                return _Try(why=f"connection failed ({type(error).__name__}: {error})"[:300])
            try:
                return self._answer(url, current, types, request, response, started)
            except httpx.TimeoutException as error:
                self._archive(request, response, None, "time")
                return _Try(why=f"timed out ({_timeout_words(error, self.settings)})")
            except httpx.TransportError as error:
                self._archive(request, response, None, "disconnect")
                return _Try(why=f"connection broken ({type(error).__name__})")
            finally:
                response.close()

    def _answer(self, url: str, current: str, types: tuple[str, ...] | None,
                request: httpx.Request, response: httpx.Response, started: float) -> _Try:
        """(a response whose headers arrived) -> its hop, or a wait before trying again."""
        status = response.status_code
        words = f"HTTP {status} {response.reason_phrase}".strip()
        if status in RETRIED:
            self._archive(request, response, None, "unspecified")
            wait = retry_after(response.headers.get("retry-after"))
            wait = None if wait is None else min(wait, self.settings.fetch_max_wait)
            if wait:
                self.gate.defer(current, wait)
            return _Try(wait=wait or 0.0, why=words, status=status)
        if response.is_redirect and response.next_request is not None:
            self._archive(request, response, None, "unspecified")  # its body is not read
            return _Try(_Hop(location=str(response.next_request.url)))
        if status == 304:
            self._archive(request, response, b"")
            if not any(h in request.headers for h in ("if-none-match", "if-modified-since")):
                return _Try(_Hop(Failed(url, "HTTP 304 without a conditional request", status)))
            return _Try(_Hop(NotModified(url)))
        if not 200 <= status < 300:
            self._archive(request, response, None, "unspecified")
            return _Try(_Hop(Failed(url, words, status)))
        mime = response.headers.get("content-type", "").partition(";")[0].strip().lower()
        if types is not None and mime and mime not in types:
            self._archive(request, response, None, "unspecified")
            return _Try(_Hop(Failed(url, f"content type {mime!r} is not one of "
                                         f"{', '.join(types)}", status)))
        try:
            body = read_body(response, self.limits, started)
        except BodyProblem as problem:
            self._archive(request, response, None, problem.warc_truncated)
            return _Try(_Hop(Failed(url, str(problem), status,
                                    retryable=isinstance(problem, BodyTooSlow))))
        self._archive(request, response, body)
        return _Try(_Hop(Fetched(url, str(response.url), status, response.headers, body)))

    def _archive(self, request: httpx.Request, response: httpx.Response, body: bytes | None,
                 truncated: str | None = None) -> None:
        """a response (+ its body as read, or None) -> written to the run's WARC file."""
        if self.archive is None:
            return
        status_line = f"{response.status_code} {response.reason_phrase}".strip()
        self.archive.write(str(request.url), list(request.headers.items()), status_line,
                           list(response.headers.multi_items()), body,
                           truncated if body is None else None)

    def _robots_txt(self, url: str) -> tuple[int, bytes] | str:
        """a robots.txt URL -> (status, body) or the reason there was no answer (a 2xx whose
        body could not be read whole is none: an empty body would allow everything)."""
        result = self.get(url, None, robots=False)
        if isinstance(result, Fetched):
            return result.status, result.body
        if isinstance(result, Failed) and result.status is not None and not (
                200 <= result.status < 300):
            return result.status, b""
        return result.reason if isinstance(result, Failed) else "304 without a stored copy"


def _conditional(validators: Validators | None) -> dict[str, str]:
    """(ETag, Last-Modified) -> the If-None-Match / If-Modified-Since headers."""
    headers: dict[str, str] = {}
    if validators and validators[0]:
        headers["If-None-Match"] = validators[0]
    if validators and validators[1]:
        headers["If-Modified-Since"] = validators[1]
    return headers


def _timeout_words(error: httpx.TimeoutException, settings: Settings) -> str:
    """a timeout -> which one, with its setting."""
    if isinstance(error, httpx.ConnectTimeout):
        return f"no connection within {settings.fetch_connect_timeout:g} s"
    return f"no data for {settings.fetch_read_timeout:g} s (settings.fetch_read_timeout)"


__all__ = ["FEED_TYPES", "PAGE_TYPES", "SITEMAP_TYPES", "Failed", "Fetched", "HttpClient",
           "NotModified", "Result", "Validators"]
