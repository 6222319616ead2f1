"""Helpers for proving that what users type stays out of URLs and access logs (issue 7.3)."""
import re
from html import unescape
from urllib.parse import quote, quote_plus


def record_access_log(app, monkeypatch) -> list[str]:
    """The request line of every request ``app`` answers from now on (until the test ends),
    as werkzeug's access log writes it: method, path and query."""
    lines = []
    wsgi_app = app.wsgi_app

    def recording(environ, start_response):
        query = environ.get("QUERY_STRING")
        target = environ.get("REQUEST_URI") or (
            quote(environ["PATH_INFO"]) + (f"?{query}" if query else ""))
        lines.append(f'{environ["REQUEST_METHOD"]} {target} {environ["SERVER_PROTOCOL"]}')
        return wsgi_app(environ, start_response)

    monkeypatch.setattr(app, "wsgi_app", recording)
    return lines


def urls_in(body: str) -> list[str]:
    """Every URL a page hands out: links, form actions, sources."""
    return [unescape(url) for url in re.findall(r'\b(?:href|action|src)="([^"]*)"', body)]


def carries(text: str | None, term: str) -> bool:
    """Whether ``text`` holds ``term`` as typed or URL-encoded, in any case."""
    text = (text or "").lower()
    return any(form.lower() in text for form in (term, quote(term), quote_plus(term)))
