"""Text folded for searching: lower case, and the letters with diacritics as their base letter
(å, ä → a, ö → o, é → e ...), one character for one, so that a match's position in the folded
text is its position in the text. SQLite runs the same function as ``casework_fold``
(``casework.core.database``); PostgreSQL does it with ``lower`` and ``translate``."""

_BASE_LETTERS = {
    "a": "åäáàâã", "o": "öøóòôõ", "e": "éèêë", "i": "íìîï", "u": "úùûü", "y": "ýÿ", "c": "ç",
    "n": "ñ",
}
#: Each accented letter, small and capital, and its base letter.
FOLDS = {accented: base for base, letters in _BASE_LETTERS.items()
         for accented in letters + letters.upper()}
#: The name of the SQLite function.
SQLITE_FUNCTION = "casework_fold"


def fold(text: str | None) -> str | None:
    """Lower case without diacritics, character for character (a letter whose lower case is
    longer, such as İ, is kept as it is)."""
    if text is None:
        return None
    return "".join(FOLDS.get(c) or (c.lower() if len(c.lower()) == 1 else c) for c in text)
