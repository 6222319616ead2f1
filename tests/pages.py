"""What the tests read off a served page."""
import re

_SCRIPT = re.compile(r"<script\b([^>]*)>")


def inline_scripts(text: str) -> list[str]:
    """The page's script tags without a ``src``: the CSP (script-src 'self') would refuse them."""
    return [attributes for attributes in _SCRIPT.findall(text) if "src=" not in attributes]


def standard_table(page: str) -> str:
    """The report page's standard table "Redovisning av synpunkter och klagomål", without the
    tables beside it."""
    start = page.index('<table class="report">')
    return page[start:page.index("</table>", start)]
