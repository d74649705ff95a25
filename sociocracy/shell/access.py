"""Who may do what on the course server: the facilitator on their laptop, and visitors.

The workshop record belongs to the facilitator who runs the server on their laptop (issue 21).
Two credentials tell the two apart:

* **The facilitator**: whoever uses this computer itself. With ``start`` (bound to 127.0.0.1)
  that is every request. On the room's network (``start --network``, ``workshop``) it is the
  facilitator's token, printed as the link for "this computer only", and the login cookie it
  leaves; both are accepted only from this computer: a loopback address *and* a loopback host
  name (a page elsewhere cannot borrow them by DNS rebinding, and the link copied to another
  device is refused).
* **Visitors**: the room's token (``start --network`` only; ``workshop`` has none, its phones use
  the join page). They get the lessons, the practice and the apps, never the record.

The server decides what a kernel may open. The page handler says whose page it is starting
(:func:`starting_kernels_for`, a context variable, so it follows that request's own task), and
the kernel manager (``kernels.py``) gives a visitor's kernel :func:`kernel_environment`: no
record location, no token, and ``$SOCIOCRACY_COURSE_NO_RECORD``, on which the record-opening
code (:func:`sociocracy.rooms.location.resolve_location`) refuses with one sentence. It also
remembers the facilitator's kernels, and :class:`CourseAuthorizer` keeps visitors off them
(websocket, kernel API).

A token in a page's address is swapped for the login cookie and taken out of the address bar by
a redirect (:func:`address_without_token`): the facilitator's page is the one on the projector.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from contextvars import ContextVar
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import PasswordIdentityProvider, User
from traitlets import Unicode, default

from sociocracy.core.settings import (
    DATA_ENV,
    FACILITATOR_TOKEN_ENV,
    NO_RECORD_ENV,
    STORE_ENV,
    facilitator_token_setting,
)

__all__ = [
    "FACILITATOR",
    "FACILITATOR_TOKEN_ENV",
    "LOOPBACK_HOSTS",
    "VISITOR",
    "CourseAuthorizer",
    "CourseIdentityProvider",
    "address_without_token",
    "cookie_secret",
    "from_this_computer",
    "kernel_environment",
    "kernels_started_for",
    "may_use_kernel",
    "new_token",
    "role_of",
    "starting_kernels_for",
]

FACILITATOR = "facilitator"
VISITOR = "visitor"
#: The facilitator's token, handed from the command to the server (never to a kernel).
#: Host names of this computer (``request.host_name``: lower case, without the port).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
#: Credentials a kernel never needs: they stay in the server's process.
SERVER_ONLY_ENV = (FACILITATOR_TOKEN_ENV, "JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE")

_kernels_for: ContextVar[str] = ContextVar("course_kernels_for", default=VISITOR)


def new_token() -> str:
    """A fresh token (48 hex digits, as Jupyter makes them)."""
    return secrets.token_hex(24)


def cookie_secret(facilitator_token: str, room_token: str = "") -> bytes:
    """The secret that signs login cookies, derived from the server's tokens.

    Voila makes a random one at every start, so a restart logged everyone out. Derived from the
    tokens kept with the record (:mod:`sociocracy.shell.credentials`), a cookie stays valid
    across restarts for as long as the tokens do, and ``--new-token`` ends both at once.
    """
    message = b"sociocracy-course login cookies\0" + room_token.encode()
    return hmac.new(facilitator_token.encode(), message, "sha256").digest()


def from_this_computer(request: Any) -> bool:
    """Whether a request comes from this computer, addressed to it by a loopback name."""
    try:
        address = ipaddress.ip_address(request.remote_ip)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback and request.host_name in LOOPBACK_HOSTS


def role_of(user: Any) -> str:
    """``FACILITATOR`` or ``VISITOR`` for a user of :class:`CourseIdentityProvider` (anyone else,
    and nobody, counts as a visitor)."""
    return FACILITATOR if getattr(user, "username", None) == FACILITATOR else VISITOR


def _same(offered: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(offered.encode(), expected.encode())


class CourseIdentityProvider(PasswordIdentityProvider):
    """Jupyter's token login with two tokens: the facilitator's (this computer only) and the
    room's (``token``, visitors; empty: no visitors). Without a facilitator's token, as under
    ``start`` on 127.0.0.1, every request from this computer is the facilitator's."""

    facilitator_token = Unicode(
        config=True,
        help="The facilitator's token, accepted only from this computer (default: "
             f"${FACILITATOR_TOKEN_ENV}). Empty: every request from this computer is the "
             "facilitator's.")

    @default("facilitator_token")
    def _facilitator_token_default(self) -> str:
        return facilitator_token_setting()

    @property
    def auth_enabled(self) -> bool:
        """Always: even with no token, only this computer is let in."""
        return True

    def _role_for_token(self, offered: str, local: bool, where: str) -> str | None:
        if _same(offered, self.facilitator_token):
            if local:
                return FACILITATOR
            self.log.warning("The facilitator's token came from %s, not from this computer: "
                             "refused", where)
            return None
        if _same(offered, self.token):
            return VISITOR
        return None

    async def get_user(self, handler: Any) -> User | None:  # type: ignore[override]
        known = getattr(handler, "_jupyter_current_user", None)
        if known:
            return known  # type: ignore[no-any-return]
        local = from_this_computer(handler.request)
        user = None
        offered = self.get_token(handler)
        if offered:
            role = self._role_for_token(offered, local, handler.request.remote_ip)
            if role:
                user = User(username=role, name=role, display_name=role.capitalize())
                self.set_login_cookie(handler, user)
                handler._token_authenticated = True
        if user is None:
            from_cookie = self.get_user_cookie(handler)
            role = getattr(from_cookie, "username", None)
            if (role == FACILITATOR and local) or (role == VISITOR and self.token):
                user = from_cookie  # type: ignore[assignment]
            elif handler.get_cookie(self.get_cookie_name(handler)) is not None:
                self.clear_login_cookie(handler)
        if user is None and local and not self.facilitator_token:
            user = User(username=FACILITATOR, name=FACILITATOR, display_name="Facilitator")
        return user

    def process_login_form(self, handler: Any) -> User | None:
        """The login page: either token, typed as the password, with the same rules."""
        typed = handler.get_argument("password", default="")
        role = self._role_for_token(typed, from_this_computer(handler.request),
                                    handler.request.remote_ip) if typed else None
        return User(username=role, name=role, display_name=role.capitalize()) if role else None


class CourseAuthorizer(Authorizer):
    """Everything the identity provider let in is allowed, except a visitor's use of a
    facilitator's kernel (its websocket, the kernel API): those kernels read the record."""

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        if resource != "kernels" or role_of(user) == FACILITATOR:
            return True
        return may_use_kernel(handler, handler.path_kwargs.get("kernel_id"))


def may_use_kernel(handler: Any, kernel_id: str | None) -> bool:
    """Whether the user of ``handler`` may reach this kernel: a visitor never a facilitator's."""
    if role_of(handler.current_user) == FACILITATOR or not kernel_id:
        return True
    manager = handler.settings.get("kernel_manager")
    is_facilitators = getattr(manager, "is_facilitator_kernel", None)
    return not (is_facilitators and is_facilitators(kernel_id))


def starting_kernels_for(role: str) -> None:
    """Say, for the rest of this request, whose kernels it starts (default: a visitor's)."""
    _kernels_for.set(role)


def kernels_started_for() -> str:
    """Whose kernel the current request is starting: ``FACILITATOR`` or ``VISITOR``."""
    return _kernels_for.get()


def kernel_environment(env: dict[str, str], role: str) -> dict[str, str]:
    """The environment for a kernel started for ``role``: no server credentials; a visitor's
    has no record location and the mark that refuses to open one."""
    env = {name: value for name, value in env.items() if name not in SERVER_ONLY_ENV}
    if role == FACILITATOR:
        env.pop(NO_RECORD_ENV, None)
    else:
        env.pop(STORE_ENV, None)
        env.pop(DATA_ENV, None)
        env[NO_RECORD_ENV] = "1"
    return env


def address_without_token(uri: str) -> str:
    """``uri`` (path and query) with its ``token`` parameter taken out."""
    parts = urlsplit(uri)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "token"]
    return parts.path + (f"?{urlencode(kept)}" if kept else "")
