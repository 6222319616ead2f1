"""The placeholders of a standard text: which there are, checking a text, filling it in.

A placeholder is a known name in braces, ``{ärendenummer}``. Filling in is a plain replacement
of the known names, one pass over the text: nothing typed is ever evaluated (no format string,
no template language), and a value that itself contains ``{enhet}`` is not filled in again.
Braces that frame no known name are refused when the text is saved, so a typo such as
``{arendenummer}`` is found then, not in the answer a resident reads.
"""
import re
from collections.abc import Mapping
from dataclasses import dataclass

#: name → what it stands for, in the order the pages list them.
PLACEHOLDERS: dict[str, str] = {
    "ärendenummer": "ärendets nummer",
    "typ": "ärendetypen, till exempel klagomål",
    "enhet": "enhetens namn",
    "inkom": "dagen ärendet kom in",
    "datum": "dagens datum",
    "handläggare": "handläggarens namn",
    "titel": "handläggarens titel",
    "åtgärder": "ärendets åtgärder, en per rad",
}
#: What a text for a receipt may use: at the receipt nobody handles the case yet.
RECEIPT_PLACEHOLDERS = frozenset({"ärendenummer", "typ", "enhet", "inkom", "datum"})

#: Text in braces, or a brace alone.
_TOKEN = re.compile(r"\{([^{}\n]{0,60})\}|[{}]")


@dataclass(frozen=True)
class Rendered:
    text: str
    #: The placeholders used whose value is empty, in the order they first appear.
    missing: tuple[str, ...]


def problems(text: str, allowed: frozenset[str] | None = None) -> list[str]:
    """Why ``text`` cannot be saved as a standard text, in Swedish: each unknown placeholder,
    each one not ``allowed`` for its purpose, a lone brace. Empty when it can."""
    found, unknown, refused, lone = [], [], [], False
    for match in _TOKEN.finditer(text):
        name = match.group(1)
        if name is None:
            lone = True
        elif name not in PLACEHOLDERS:
            unknown.append(name)
        elif allowed is not None and name not in allowed:
            refused.append(name)
        found.append(name)
    reasons = []
    for name in dict.fromkeys(unknown):
        reasons.append(f"Okänd platshållare {{{name}}}. Använd någon av {known()}.")
    if refused:
        names = ", ".join(f"{{{n}}}" for n in dict.fromkeys(refused))
        reasons.append(f"{names} kan inte användas här: när en kvittens skickas har ärendet "
                       "ännu ingen handläggare eller åtgärd.")
    if lone:
        reasons.append("Texten har en klammerparentes som inte omger en platshållare: skriv "
                       "platshållare som {ärendenummer}, med { före och } efter.")
    return reasons


def used(text: str) -> list[str]:
    """The known placeholders ``text`` uses, each once, in order."""
    return list(dict.fromkeys(m.group(1) for m in _TOKEN.finditer(text)
                              if m.group(1) in PLACEHOLDERS))


def render(text: str, values: Mapping[str, str]) -> Rendered:
    """``text`` with each known placeholder replaced by its value (empty when it has none);
    what else the text holds, unknown names and lone braces too, stays as it is."""
    missing = []

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        value = (values.get(name) or "").strip()
        if not value and name not in missing:
            missing.append(name)
        return value

    return Rendered(_TOKEN.sub(fill, text), tuple(missing))


def known() -> str:
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
