"""Safety for the web app: who may read and write (tokens), response headers (a strict
Content-Security-Policy and friends), and request size limits.

Writes need the token the server was started with, as ``Authorization: Bearer <token>`` or a
form field ``token``; reads need nothing unless a read token is configured, in which case the
read token (or the write token) comes as a Bearer header or the cookie set by ``/login``.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crosswire.web.render import content_security_policy

READ_COOKIE = "crosswire_read"
MAX_BODY = 16 * 1024 * 1024  # bytes a request body may hold (uploads included)

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
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def bearer(request: Request) -> str | None:
    """request -> the token of its 'Authorization: Bearer …' header, or None."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


@dataclass(frozen=True)
class Auth:
    """The tokens the server was started with (None: writes are off / reads are open)."""

    token: str | None = None
    read_token: str | None = None

    def check_write(self, request: Request, form_token: str | None = None) -> None:
        """request (+ the token of a submitted form) -> None; HTTPException 403 when writes
        are off or the token is wrong, 401 when no token came."""
        if not self.token:
            raise HTTPException(403, "writes are disabled: the server was started without a "
                                     "token")
        given = bearer(request) or form_token
        if not given:
            raise HTTPException(401, "this needs the write token (Authorization: Bearer "
                                     "<token>, or the form's token field)",
                                headers={"WWW-Authenticate": "Bearer"})
        if not same_secret(given, self.token):
            raise HTTPException(403, "wrong token")

    def may_read(self, request: Request) -> bool:
        """request -> may it read? (always, unless a read token is configured)."""
        if not self.read_token:
            return True
        given = bearer(request) or request.cookies.get(READ_COOKIE)
        return same_secret(given, self.read_token) or same_secret(given, self.token)


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
