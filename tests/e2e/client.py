"""A small HTTP client that uses the app as a browser without scripts does: a cookie jar, each
page's forms with their CSRF token and defaults, redirects followed hop by hop. Any 5xx on any
hop fails the test with the server's last traceback."""
import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from tests.server import Server

REDIRECTS = (301, 302, 303, 307, 308)


@dataclass
class Form:
    action: str
    method: str
    #: The id its ``aria-labelledby`` names: a case page's step form is ``<step>-title``.
    labelledby: str | None
    #: What the form posts untouched, in order: hidden fields, values, checked boxes, selections.
    defaults: list[tuple[str, str]] = field(default_factory=list)
    #: Every field name, with its offered (value, label) pairs for selects, radios and boxes.
    names: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def name_of(self, short: str) -> str:
        """The field's full name: ``short`` itself, or the one prefixed ``<prefix>-short``."""
        if short in self.names:
            return short
        found = [n for n in self.names if n.endswith("-" + short)]
        if len(found) != 1:
            raise AssertionError(f"form {self.labelledby or self.action} has no field {short!r}; "
                                 f"it has {sorted(self.names)}")
        return found[0]

    def filled(self, values: dict[str, str | list[str] | None]) -> list[tuple[str, str]]:
        """The defaults with ``values`` (short field names) put in; a choice may be given by its
        label; ``None`` leaves the field out, a list gives a field several values."""
        posted = list(self.defaults)
        for short, value in values.items():
            name = self.name_of(short)
            posted = [(n, v) for n, v in posted if n != name]
            if value is None:
                continue
            for one in value if isinstance(value, list) else [value]:
                posted.append((name, self._choice(name, one)))
        return posted

    def _choice(self, name: str, value: str) -> str:
        offered = self.names[name]
        if not offered or value in (v for v, _ in offered):
            return value
        by_label = [v for v, label in offered if label == value]
        if not by_label:
            raise AssertionError(f"{name} offers no {value!r}: {offered}")
        return by_label[0]


@dataclass
class Page:
    status: int
    url: str
    text: str
    forms: list[Form]
    #: The flash messages: (category, text).
    flashes: list[tuple[str, str]]
    #: The text of the page's ``.lead`` paragraph (the case page: "Status: …").
    lead: str
    #: The error summary's messages and each field's error.
    errors: list[str]
    #: The case page's history, oldest first.
    timeline: list[str]
    #: Every link: (absolute URL, text).
    links: list[tuple[str, str]]

    def form(self, labelledby: str) -> Form:
        found = [f for f in self.forms if f.labelledby == labelledby]
        if len(found) != 1:
            offered = [f.labelledby for f in self.forms]
            raise AssertionError(f"{self.url} has {len(found)} forms labelled {labelledby!r}; "
                                 f"its forms: {offered}")
        return found[0]

    def step_form(self, step: str) -> Form:
        return self.form(f"{step}-title")

    def has_step(self, step: str) -> bool:
        return any(f.labelledby == f"{step}-title" for f in self.forms)

    def link(self, text: str) -> str:
        """The URL of the one link whose text is ``text``."""
        found = [url for url, label in self.links if label == text]
        if len(found) != 1:
            raise AssertionError(f"{self.url} has {len(found)} links {text!r}")
        return found[0]

    def messages(self, category: str = "success") -> list[str]:
        return [text for kind, text in self.flashes if kind == category]


class _Parser(HTMLParser):
    """Collects a page's forms, flashes, lead, errors, timeline and links."""

    #: Element classes whose text is collected: class → Page attribute.
    TEXTS = {"lead": "lead", "field__error": "errors", "timeline__text": "timeline"}

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.flashes: list[tuple[str, str]] = []
        self.collected = {"lead": [], "errors": [], "timeline": []}
        self.summary: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.labels: dict[str, str] = {}
        self._form: Form | None = None
        self._ids: list[tuple[Form, str, str, str]] = []  # form, name, value, input id
        self._select: str | None = None
        self._selected: str | None = None
        self._option: list | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._label: tuple[str, list[str]] | None = None
        #: Open collectors: [tag, depth, target, parts] (depth counts nested same tags).
        self._open: list[list] = []
        self._in_summary = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        for collector in self._open:
            if collector[0] == tag:
                collector[1] += 1
        for cls in classes:
            if cls in self.TEXTS:
                self._open.append([tag, 1, self.TEXTS[cls], []])
            elif cls.startswith("flash--"):
                self._open.append([tag, 1, ("flash", cls[len("flash--"):]), []])
        if "error-summary__list" in classes:
            self._in_summary = 1
        elif self._in_summary and tag == "ul":
            self._in_summary += 1
        if tag == "a" and a.get("href"):
            self._open.append([tag, 1, ("link", urllib.parse.urljoin(self.url, a["href"])), []])
            if self._in_summary:
                self._open.append([tag, 1, "summary", []])
        elif tag == "form":
            self._form = Form(urllib.parse.urljoin(self.url, a.get("action") or self.url),
                              (a.get("method") or "get").lower(), a.get("aria-labelledby"))
        elif tag == "label" and a.get("for"):
            self._label = (a["for"], [])
        elif self._form is None or "disabled" in a:
            return
        elif tag == "input" and a.get("name"):
            self._input(a)
        elif tag == "select" and a.get("name"):
            self._select, self._selected = a["name"], None
            self._form.names[a["name"]] = []
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value", ""), "selected" in a, []]
        elif tag == "textarea" and a.get("name"):
            self._textarea = (a["name"], [])
            self._form.names[a["name"]] = []

    def _input(self, a: dict) -> None:
        kind, name, value = (a.get("type") or "text").lower(), a["name"], a.get("value", "")
        if kind in ("submit", "button", "image", "reset", "file"):
            return
        if kind in ("radio", "checkbox"):
            self._form.names.setdefault(name, [])
            self._ids.append((self._form, name, value or "on", a.get("id", "")))
            if "checked" in a:
                self._form.defaults.append((name, value or "on"))
            return
        self._form.names.setdefault(name, [])
        self._form.defaults.append((name, value))

    def handle_endtag(self, tag):
        for collector in list(self._open):
            if collector[0] == tag:
                collector[1] -= 1
                if collector[1] == 0:
                    self._open.remove(collector)
                    self._collect(collector[2], " ".join("".join(collector[3]).split()))
        if self._in_summary and tag == "ul":
            self._in_summary -= 1
        if tag == "label" and self._label:
            self.labels[self._label[0]] = " ".join("".join(self._label[1]).split())
            self._label = None
        elif tag == "option" and self._option is not None and self._form is not None:
            value, selected, text = self._option
            label = " ".join("".join(text).split())
            self._form.names[self._select].append((value, label))
            # A select posts its selected option, else its first.
            if selected or self._selected is None:
                self._selected = value
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            if self._selected is not None:
                self._form.defaults.append((self._select, self._selected))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, parts = self._textarea
            # A textarea's content starts after one newline the HTML parser keeps.
            self._form.defaults.append((name, "".join(parts).removeprefix("\n")))
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None

    def _collect(self, target, text: str) -> None:
        if isinstance(target, tuple) and target[0] == "link":
            self.links.append((target[1], text))
        elif isinstance(target, tuple):
            self.flashes.append((target[1], text))
        elif target == "summary":
            self.summary.append(text)
        else:
            self.collected[target].append(text)

    def handle_data(self, data):
        for collector in self._open:
            collector[3].append(data)
        if self._option is not None:
            self._option[2].append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._label is not None:
            self._label[1].append(data)

    def page(self, status: int, text: str) -> Page:
        for form, name, value, input_id in self._ids:
            form.names[name].append((value, self.labels.get(input_id, "")))
        return Page(status, self.url, text, self.forms, self.flashes,
                    " ".join(self.collected["lead"]), self.summary + self.collected["errors"],
                    self.collected["timeline"], self.links)


def parse(status: int, url: str, text: str) -> Page:
    parser = _Parser(url)
    parser.feed(text)
    parser.close()
    return parser.page(status, text)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args):
        return None


class Client:
    """One user's browser: its own cookies, talking to ``server`` over HTTP only."""

    def __init__(self, server: Server):
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def get(self, path: str, expect: int = 200) -> Page:
        return self._request(path, None, expect)

    def post(self, path: str, fields: list[tuple[str, str]], expect: int = 200) -> Page:
        return self._request(path, fields, expect)

    def submit(self, form: Form, values: dict | None = None, expect: int = 200) -> Page:
        """Post ``form`` with ``values`` (short field names) over its defaults."""
        assert form.method == "post", f"{form.action} is not a POST form"
        return self.post(form.action, form.filled(values or {}), expect)

    def submit_files(self, form: Form, values: dict | None,
                     files: dict[str, list[tuple[str, bytes]]], expect: int = 200) -> Page:
        """Post ``form`` as multipart/form-data, as a browser sends a form with file inputs:
        ``values`` as in ``submit``, ``files`` the (file name, bytes) chosen in each file
        input, by the input's name."""
        assert form.method == "post", f"{form.action} is not a POST form"
        return self._request(form.action, form.filled(values or {}), expect, files=files)

    def download(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """A GET whose answer is a file: its status, headers and bytes."""
        url = urllib.parse.urljoin(self.server.url, path)
        try:
            with self.opener.open(urllib.request.Request(url), timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def log_in(self, email: str, password: str) -> Page:
        page = self.submit(_login_form(self.get("/login")),
                           {"email": email, "password": password})
        assert "/login" not in urllib.parse.urlsplit(page.url).path, (
            f"{email} was not signed in: {page.flashes} {page.errors}")
        return page

    def log_in_with_code(self, email: str, password: str, secret: str) -> Page:
        """Sign in as one whose role requires the second factor: the password, then a code
        of ``secret`` (TOTP)."""
        import pyotp

        asked = self.submit(_login_form(self.get("/login")),
                            {"email": email, "password": password})
        assert urllib.parse.urlsplit(asked.url).path == "/login/code", asked.url
        return self.submit(asked.forms[-1], {"code": pyotp.TOTP(secret).now()})

    def _request(self, path: str, fields, expect: int, files: dict | None = None) -> Page:
        """Follow redirects by hand (a POST's 303 becomes a GET), so that each hop is seen."""
        url = urllib.parse.urljoin(self.server.url, path)
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        content_type = None
        if files is not None:
            data, content_type = _multipart(fields, files)
        for _ in range(10):
            status, text, location = self._open(url, data, content_type)
            if status >= 500:
                method = "POST" if data is not None else "GET"
                pytest.fail(f"{status} on {method} {url}\n{self.server.last_traceback()}",
                            pytrace=False)
            if status in REDIRECTS and location:
                url = urllib.parse.urljoin(url, location)
                if status not in (307, 308):
                    data = content_type = None
                continue
            page = parse(status, url, text)
            if status != expect:
                pytest.fail(f"{url} answered {status}, expected {expect}: flashes "
                            f"{page.flashes}, errors {page.errors}", pytrace=False)
            return page
        pytest.fail(f"too many redirects from {path}", pytrace=False)

    def _open(self, url: str, data: bytes | None,
              content_type: str | None = None) -> tuple[int, str, str | None]:
        request = urllib.request.Request(url, data=data)
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace"), None
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            return error.code, body, error.headers.get("Location")


def _multipart(fields: list[tuple[str, str]], files: dict) -> tuple[bytes, str]:
    """The body and Content-Type of a multipart/form-data post."""
    boundary = "----casework-e2e-" + uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     .encode() + value.encode() + b"\r\n")
    for name, chosen in files.items():
        for filename, data in chosen or [("", b"")]:  # an empty input sends an empty part
            head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n')
            parts.append(head.encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _login_form(page: Page) -> Form:
    return next(f for f in page.forms if "email" in f.names and "password" in f.names)
