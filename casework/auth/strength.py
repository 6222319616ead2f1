"""How much of a password its patterns give away: a small estimator in the manner of zxcvbn.

zxcvbn splits a password into the parts a guesser tries first (dictionary words, keyboard
patterns, sequences, repeats, the user's own data) and counts what the rest costs. This keeps
that idea for the patterns casework refuses, each explained in Swedish: the characters that
belong to a predictable part are marked, and what is left must be long enough. Found without
regard to case:

- ``personal``: the user's e-mail address and its parts, the name and its parts;
- ``repeat``: a piece repeated right after itself (``abcabc``, ``aaa``, ``hejhej``), all copies
  but the first;
- ``sequence``: three or more letters or digits in order, up or down (``abc``, ``987``,
  ``xyzå``; the digits wrap, ``8901``);
- ``keyboard``: three or more neighbouring keys along a row or a column of a Swedish or US
  keyboard (``qwerty``, ``asdfghjklö``, ``1qaz``).
"""
import re

#: Shortest sequence, keyboard run or name part that counts as predictable.
MIN_RUN = 3
#: Longest piece whose repetition is looked for.
MAX_REPEATED = 24

_LINES = [
    "abcdefghijklmnopqrstuvwxyzåäö",
    "01234567890123456789",
]
_KEYBOARD = [
    # Swedish rows, US rows (where they differ), then columns.
    "§1234567890+´", "qwertyuiopå¨", "asdfghjklöä'", "<zxcvbnm,.-",
    "`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./",
    "1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0pö-", "0p;/",
]


def predictable(password: str, personal: list[str]) -> tuple[int, str | None]:
    """How many characters of ``password`` are predictable, and the kind of pattern that shapes
    the most of it (``None`` when none does; of two that shape as much, the one named first above).
    ``personal`` holds the user's e-mail address and name."""
    text = password.lower()
    marked: set[int] = set()
    shaped: dict[str, set[int]] = {}
    for kind, spans in (
        ("personal", _personal(text, personal)),
        ("repeat", _repeats(text)),
        ("sequence", _runs(text, _LINES)),
        ("keyboard", _runs(text, _KEYBOARD)),
    ):
        for shape_start, start, end in spans:
            marked.update(range(start, end))
            shaped.setdefault(kind, set()).update(range(shape_start, end))
    if not marked:
        return 0, None
    return len(marked), max(shaped, key=lambda kind: len(shaped[kind]))


def _runs(text: str, lines: list[str]):
    """Spans of ``MIN_RUN`` or more characters that follow one of ``lines``, either way."""
    both_ways = lines + [line[::-1] for line in lines]
    starts = {line[k:k + MIN_RUN] for line in both_ways for k in range(len(line) - MIN_RUN + 1)}
    i = 0
    while i < len(text):
        end = i + 1
        for line in both_ways if text[i:i + MIN_RUN] in starts else ():
            j = i + MIN_RUN
            if text[i:j] in line:
                while j < len(text) and text[i:j + 1] in line:
                    j += 1
                end = max(end, j)
        if end - i >= MIN_RUN:
            yield i, i, end
            end -= 1  # the last character may start the next run (abcdcba)
        i = end


def _repeats(text: str):
    """A piece repeated right after itself (``aaa`` and ``abab`` count, ``aa`` does not): its
    copies are predictable, the first is not. Of the pieces at one place the one repeated
    furthest counts, and the search goes on from its last copy."""
    i = 0
    while i < len(text):
        best = None
        for size in range(1, min(MAX_REPEATED, (len(text) - i) // 2) + 1):
            piece, end = text[i:i + size], i + size
            while text[end:end + size] == piece:
                end += size
            if (end - i) // size >= (3 if size == 1 else 2) and (best is None or end > best[1]):
                best = size, end
        if best is None:
            i += 1
            continue
        size, end = best
        yield i, i + size, end
        i = end - size + 1


def _personal(text: str, personal: list[str]):
    """Spans where the e-mail address, the name or one of their parts appears."""
    words = set()
    for value in personal:
        value = value.lower()
        words.update({value.replace(" ", ""), value.split("@")[0]})
        # The parts: of a name, of an address's local part and domain (not its top level).
        words.update(re.split(r"[\s@._+-]+", value.rsplit(".", 1)[0] if "@" in value else value))
    for word in {w for w in words if len(w) >= MIN_RUN}:
        for found in re.finditer(re.escape(word), text):
            yield found.start(), found.start(), found.end()
