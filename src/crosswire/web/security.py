"""Safety for the web app: who may read and write (tokens, signed sessions, a throttle on
wrong tokens), response headers (a strict Content-Security-Policy and friends), request size
limits, and addresses that cannot be valid (bad UTF-8, control characters).

Writes need the token the server was started with, as ``Authorization: Bearer <token>`` or a
form field ``token``; reads need nothing unless a read token is configured, in which case the
read token (or the write token) comes as a Bearer header, or the session cookie set by
``/login``. The cookie never holds a token: it holds an expiry signed with HMAC-SHA256 under
a random secret of this server run (:class:`Sessions`), so a stolen cookie reveals nothing and
expires, and restarting the server ends every session.

Every wrong token counts against the client's address (:class:`Throttle`): past the limit in
a minute, token checks from that address are answered 429 with ``Retry-After`` and the token
is not even compared. Behind a reverse proxy every client shares the proxy's address (the
throttle then limits guesses for all of them together); each worker process counts its own.
Tokens are compared in constant time (:func:`same_secret`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crosswire.web.render import content_security_policy

READ_COOKIE = "crosswire_read"
MAX_BODY = 16 * 1024 * 1024  # bytes a request body may hold (uploads included)
# Unicode's control characters (category Cc: U+0000-U+001F, U+007F-U+009F) but tab, newline
# and carriage return
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

SECURITY_HEADERS = {
    "Content-Security-Policy": content_security_policy(),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class BodyTooLarge(HTTPException):
    """A request body over the limit (413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body too large (the limit is {limit} bytes)")


def same_secret(given: str | None, expected: str | None) -> bool:
    """(given secret, expected secret) -> True when both are set and equal (constant time)."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"),
                               expected.encode("utf-8", "surrogatepass"))


def bearer(request: Request) -> str | None:
    """request -> the token of its 'Authorization: Bearer …' header, or None."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def client_address(request: Request) -> str:
    """request -> the address the throttle counts it under (the peer's host)."""
    return request.client.host if request.client else "unknown"


def control_character(text: str) -> str | None:
    """text -> the first control character in it other than tab, newline and carriage
    return, shown as 'U+0000', or None."""
    found = CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def _decoded(raw: bytes, what: str, plus_is_space: bool) -> str | None:
    """(percent-encoded bytes, 'the address'/'the query', whether '+' is a space) -> what is
    wrong with them once decoded (not UTF-8, a control character), or None."""
    data = raw.replace(b"+", b" ") if plus_is_space else raw
    try:
        text = unquote_to_bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        return f"{what} is not valid UTF-8 once its %-escapes are decoded: send UTF-8 text"
    bad = control_character(text)
    if bad:
        return (f"{what} holds a control character ({bad}): remove it; ids and search words "
                "are plain text")
    return None


def request_problem(scope: Scope) -> str | None:
    """an HTTP request's scope -> why its address cannot be served (percent-escapes that are
    not UTF-8, control characters such as NUL in the path or a query value), or None."""
    raw_path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogatepass")
    return (_decoded(raw_path, "the address", plus_is_space=False)
            or _decoded(scope.get("query_string", b""), "the query", plus_is_space=True))


class Throttle:
    """Wrong tokens per client address: at most ``limit`` in ``window`` seconds. Past that,
    :meth:`retry_after` says how many seconds until the oldest failure leaves the window.
    At most ``max_clients`` addresses are remembered (the least recently failing forgotten
    first), so the table cannot grow without bound."""

    def __init__(self, limit: int, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic, max_clients: int = 10_000) -> None:
        self.limit = max(1, limit)
        self.window = window
        self.clock = clock
        self.max_clients = max_clients
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        """(client, now) -> its failure times still inside the window (older ones dropped)."""
        times = self._failures.get(client, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, client: str) -> float:
        """client address -> seconds it must wait before a token of it is checked (0: now)."""
        with self._lock:
            now = self.clock()
            times = self._recent(client, now)
            if len(times) < self.limit:
                return 0.0
            return max(0.0, times[0] + self.window - now)

    def failed(self, client: str) -> None:
        """client address -> one more wrong token counted against it."""
        with self._lock:
            now = self.clock()
            times = self._recent(client, now)
            times.append(now)
            self._failures[client] = times
            self._failures.move_to_end(client)
            while len(self._failures) > self.max_clients:
                self._failures.popitem(last=False)


class Sessions:
    """Read sessions for the /login cookie: the value is '<expiry>.<signature>', the signature
    HMAC-SHA256 over the expiry under ``secret``; valid until the expiry (unix seconds)."""

    def __init__(self, secret: bytes, hours: float,
                 clock: Callable[[], float] = time.time) -> None:
        self.secret = secret
        self.seconds = max(60, int(hours * 3600))
        self.clock = clock

    def _signature(self, expiry: str) -> str:
        digest = hmac.new(self.secret, f"read:{expiry}".encode("ascii"), hashlib.sha256)
        return base64.urlsafe_b64encode(digest.digest()).decode("ascii").rstrip("=")

    def issue(self) -> str:
        """-> a new session value, valid for the configured hours."""
        expiry = str(int(self.clock()) + self.seconds)
        return f"{expiry}.{self._signature(expiry)}"

    def valid(self, value: str | None) -> bool:
        """a cookie value -> True when it is a session this server signed and not expired."""
        expiry, dot, signature = (value or "").partition(".")
        if not dot or not expiry.isascii() or not expiry.isdigit() or len(expiry) > 12:
            return False
        if not hmac.compare_digest(signature.encode("utf-8", "surrogatepass"),
                                   self._signature(expiry).encode("ascii")):
            return False
        return int(expiry) > self.clock()


@dataclass(frozen=True)
class Refusal:
    """Why a request may not go on: a status, a message, and headers (WWW-Authenticate,
    Retry-After)."""

    status: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)

    def exception(self) -> HTTPException:
        """-> the same refusal as an HTTPException."""
        return HTTPException(self.status, self.message, headers=self.headers or None)


NEEDS_READ = Refusal(401, "this server needs a read token: log in with it, or send "
                          "'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"})


@dataclass
class Auth:
    """The tokens the server was started with (None: writes are off / reads are open), the
    sessions it signs and the throttle on wrong tokens."""

    token: str | None = None
    read_token: str | None = None
    sessions: Sessions = field(default_factory=lambda: Sessions(secrets.token_bytes(32), 12))
    throttle: Throttle = field(default_factory=lambda: Throttle(10))

    def _throttled(self, request: Request) -> Refusal | None:
        """request -> a 429 refusal while its address is past the wrong-token limit."""
        wait = self.throttle.retry_after(client_address(request))
        if wait <= 0:
            return None
        seconds = max(1, math.ceil(wait))
        return Refusal(429, f"too many wrong tokens from this address: try again in "
                            f"{seconds} s", {"Retry-After": str(seconds)})

    def _matches(self, request: Request, given: str, *expected: str | None) -> bool:
        """(request, token given, tokens accepted) -> True when one matches; a miss is counted
        against the request's address."""
        if any(same_secret(given, e) for e in expected):
            return True
        self.throttle.failed(client_address(request))
        return False

    def check_write(self, request: Request, form_token: str | None = None) -> None:
        """request (+ the token of a submitted form) -> None; HTTPException 403 when writes
        are off or the token is wrong, 401 when no token came, 429 while throttled."""
        if not self.token:
            raise HTTPException(403, "writes are disabled: the server was started without a "
                                     "token")
        given = bearer(request) or form_token
        if not given:
            raise HTTPException(401, "this needs the write token (Authorization: Bearer "
                                     "<token>, or the form's token field)",
                                headers={"WWW-Authenticate": "Bearer"})
        throttled = self._throttled(request)
        if throttled:
            raise throttled.exception()
        if not self._matches(request, given, self.token):
            raise HTTPException(403, "wrong token")

    def read_refusal(self, request: Request) -> Refusal | None:
        """request -> None when it may read (no read token configured, a valid session
        cookie, or the read or write token as Bearer); else 401, or 429 while throttled."""
        if not self.read_token or self.sessions.valid(request.cookies.get(READ_COOKIE)):
            return None
        given = bearer(request)
        if not given:
            return NEEDS_READ
        throttled = self._throttled(request)
        if throttled:
            return throttled
        return None if self._matches(request, given, self.read_token, self.token) else (
            NEEDS_READ)

    def login(self, request: Request, given: str) -> str:
        """(request, token from the login form) -> a new session value; HTTPException 403 for
        a wrong token, 429 while throttled."""
        throttled = self._throttled(request)
        if throttled:
            raise throttled.exception()
        if not self._matches(request, given, self.read_token, self.token):
            raise HTTPException(403, "wrong token")
        return self.sessions.issue()


class SecurityMiddleware:
    """ASGI middleware: refuses bodies over ``max_body`` bytes with 413 (by Content-Length,
    and by counting a body sent without one) and adds the security headers to every HTTP
    response."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._declared_size(scope) > self.max_body:
            await self._refuse(send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise BodyTooLarge(self.max_body)
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                         if k.lower().encode() not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, counted, with_headers)

    @staticmethod
    def _declared_size(scope: Scope) -> int:
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return 0
        return 0

    async def _refuse(self, send: Send) -> None:
        body = (b'{"error": "request body too large (the limit is %d bytes)"}' % self.max_body)
        headers = [(b"content-type", b"application/json"),
                   (b"content-length", str(len(body)).encode()), (b"connection", b"close"),
                   *((k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
