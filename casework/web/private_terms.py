"""Typed filter values that may name people, kept out of URLs and so out of access logs (issue 7,
part 3).

A filter form with such a field (the case list's free-text search, the audit page's e-mail
address) is posted, CSRF-checked; the view keeps the typed values on the server, in the record
of the user's signed-in session (``UserSession.private_terms``), under a random key, and answers
303 with a URL that carries only ``?sokning=<key>`` next to the filters that name nobody (type,
status, dates, sort keys, cursors). Pages read the values back by the key, and every link they
make (sorting, pages, the export) carries the key, never the text. Neither the URL nor the
cookie (signed, not encrypted: readable by whoever holds it) ever carries what was typed, and
the values end with the session: logout, expiry, a password change.

A key is a handle and nothing more: random, unrelated to what was typed, and meaningful only in
the session that made it. Each scope (page) keeps its ``KEPT`` latest searches. A key the
session does not know (another browser, an old bookmark, a search pushed out by newer ones)
reads as ``expired``: the page then shows ``EXPIRED`` and its list without that filter, never an
error. A private field typed into a URL by hand is not read either (it would reach the log
already and must not be echoed into new links); it also reads as ``expired``.
"""
import secrets
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from casework.auth.sessions import current_session

#: The URL parameter that carries the key.
PARAM = "sokning"
#: Searches kept per scope and session; the oldest is dropped first.
KEPT = 5
EXPIRED = "Sökningen gäller inte längre – sök igen."


@dataclass(frozen=True)
class Reading:
    """What a GET request's arguments stand for."""

    #: The arguments for the page's form: the public ones as given, the private ones recalled.
    formdata: MultiDict
    #: The key, for links that keep the search; None when there is none (or it is unknown).
    key: str | None = None
    #: The URL named a search this session does not know: say so, and show the list without it.
    expired: bool = False


class PrivateTerms:
    """The private fields of one page's filter form, e.g. ``PrivateTerms("cases", "sok")``."""

    def __init__(self, scope: str, *names: str) -> None:
        self.scope = scope
        self.names = frozenset(names)

    def remember(self, form) -> str | None:
        """Keep the private fields of the validated ``form``; the key for the URL, or None when
        they are empty. The same values again get their old key (and count as the newest)."""
        values = {name: form[name].data for name in sorted(self.names) if form[name].data}
        if not values:
            return None
        record = current_session()
        kept = record.private_terms or {}
        entries = kept.get(self.scope, [])
        key = next((k for k, v in entries if v == values), None) or secrets.token_urlsafe(9)
        entries = [[k, v] for k, v in entries if k != key] + [[key, values]]
        record.private_terms = kept | {self.scope: entries[-KEPT:]}  # a new value: saved
        return key

    def read(self, args: MultiDict) -> Reading:
        """The form data of a GET request with ``args``: private fields only from the session."""
        public = MultiDict([(name, value) for name, value in args.items(multi=True)
                            if name not in self.names and name != PARAM])
        typed_in_url = any(name in args for name in self.names)
        key = args.get(PARAM)
        if not key:
            return Reading(public, expired=typed_in_url)
        values = self._recall(key)
        if values is None:
            return Reading(public, expired=True)
        for name, value in values.items():
            public[name] = value
        return Reading(public, key=key, expired=typed_in_url)

    def arguments(self, form, key: str | None) -> dict[str, str]:
        """URL arguments that keep ``form``'s filters as typed: the public fields, and ``key``
        for the private ones."""
        kept = {f.name: f.raw_data[0] for f in form
                if f.name not in self.names and f.raw_data and f.raw_data[0]}
        return kept | ({PARAM: key} if key else {})

    def _recall(self, key: str) -> dict[str, str] | None:
        record = current_session()
        entries = ((record and record.private_terms) or {}).get(self.scope, [])
        return next((dict(values) for k, values in entries if k == key), None)
