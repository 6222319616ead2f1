"""What a file is, read from its bytes, and whether its name agrees: pure functions, no app.

Only the kinds of ``KINDS`` are taken: PDF, JPEG, PNG, HEIC, Word (docx), Excel (xlsx) and
plain UTF-8 text (no NUL or other control character). Everything else is refused, whatever its name or the browser's Content-Type
says: executables, HTML and SVG (markup a browser would run), a zip that is not an Office
document, and Office documents with macros (docm, xlsm, or a docx carrying a VBA project).
"""
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    #: What the file is, in a Swedish sentence: "filen är inte {phrase}".
    phrase: str
    #: Its short name, in lists of the allowed kinds and on the case page.
    label: str
    mime: str
    #: The name endings this kind goes by, the first the usual one.
    extensions: tuple[str, ...]
    image: bool = False


KINDS = {kind.key: kind for kind in (
    Kind("pdf", "en PDF", "PDF", "application/pdf", ("pdf",)),
    Kind("jpeg", "en JPEG-bild", "JPEG", "image/jpeg", ("jpg", "jpeg", "jfif"), image=True),
    Kind("png", "en PNG-bild", "PNG", "image/png", ("png",), image=True),
    Kind("heic", "en HEIC-bild", "HEIC", "image/heic", ("heic", "heif"), image=True),
    Kind("docx", "ett Word-dokument (docx)", "Word (docx)",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
    Kind("xlsx", "en Excel-fil (xlsx)", "Excel (xlsx)",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    Kind("txt", "en textfil", "text (txt)", "text/plain; charset=utf-8", ("txt",)),
)}
BY_EXTENSION = {ext: kind for kind in KINDS.values() for ext in kind.extensions}
BY_MIME = {kind.mime: kind for kind in KINDS.values()}

#: The allowed kinds in words: "PDF, JPEG, PNG, HEIC, Word (docx), Excel (xlsx) och text (txt)".
ALLOWED_TEXT = ", ".join(k.label for k in list(KINDS.values())[:-1]) + \
    f" och {list(KINDS.values())[-1].label}"

#: The longest file name kept, in characters.
NAME_LIMIT = 200

_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
#: The main part of each Office kind ([Content_Types].xml), and of its macro-enabled twin.
_OFFICE_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
_OFFICE_MACRO = re.compile(rb"macroEnabled|vbaProject|ms-office\.vbaProject", re.IGNORECASE)
_CONTENT_TYPE = re.compile(rb'ContentType="([^"]{1,200})"')
#: An Office file is a zip; one whose entries would unpack to more than this is refused.
_ZIP_UNPACKED_LIMIT = 200 * 1024 * 1024
_ZIP_ENTRY_LIMIT = 5000
#: Text that starts like markup (HTML, SVG, XML) is not taken as text ...
_MARKUP = re.compile(r"\s*<\s*[!?a-zA-Z/]")
#: ... nor bytes with control characters other than tab, line breaks and form feed.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class MacroDocument(Exception):
    """An Office document with macros: refused with a message of its own."""


def detect(data: bytes) -> Kind | None:
    """The kind of ``data``, from its bytes alone; None if it is none of ``KINDS``.

    Raises MacroDocument for an Office document that carries macros.
    """
    if data.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if data.startswith(b"\xff\xd8\xff"):
        return KINDS["jpeg"]
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return KINDS["png"]
    if _is_heic(data):
        return KINDS["heic"]
    if data.startswith(b"PK\x03\x04"):
        key = _office_kind(data)
        return KINDS[key] if key else None
    if _is_text(data):
        return KINDS["txt"]
    return None


def _is_heic(data: bytes) -> bool:
    """An ISO base media file (``ftyp`` box first) whose brands name HEIC (HEVC-coded HEIF),
    not AVIF or a video."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    size = int.from_bytes(data[:4], "big")
    if not 16 <= size <= min(len(data), 512):
        return False
    brands = {data[8:12]} | {data[i:i + 4] for i in range(16, size - 3, 4)}
    return bool(brands & _HEIC_BRANDS)


def _office_kind(data: bytes) -> str | None:
    """"docx" or "xlsx" for an Office Open XML zip without macros; None for any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > _ZIP_ENTRY_LIMIT or \
                    sum(e.file_size for e in entries) > _ZIP_UNPACKED_LIMIT:
                return None
            names = {e.filename.lower() for e in entries}
            if "[content_types].xml" not in names:
                return None
            info = next(e for e in entries if e.filename.lower() == "[content_types].xml")
            if info.file_size > 1024 * 1024:
                return None
            types = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError,
            RuntimeError, ValueError, EOFError):
        return None
    if _OFFICE_MACRO.search(types) or any(n.endswith("vbaproject.bin") for n in names):
        raise MacroDocument()
    found = {_OFFICE_MAIN.get(t.decode("ascii", "replace")) for t in _CONTENT_TYPE.findall(types)}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _is_text(data: bytes) -> bool:
    """UTF-8 text (a byte-order mark allowed) without NUL or another control character, and
    not markup."""
    if not data or _CONTROL.search(data):
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not _MARKUP.match(text)


def extension(name: str) -> str:
    """The name's ending, lower case, without the dot; "" if it has none."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


class BadName(ValueError):
    """A file name that cannot be kept; the message is Swedish."""


def clean_name(raw: str) -> str:
    """The name to keep of an uploaded file: its last path part (a browser may send
    ``C:\\fakepath\\x.pdf``), in NFC, without surrounding space; longer than ``NAME_LIMIT``
    characters, it is shortened before its ending. Raises BadName for a name with a NUL or
    another control character, or none at all."""
    name = re.split(r"[/\\]", raw or "")[-1]
    name = unicodedata.normalize("NFC", name).strip()
    if any(unicodedata.category(c) == "Cc" for c in name):
        shown = "".join(c for c in name if unicodedata.category(c) != "Cc")
        raise BadName(f"{shown or 'En fil'}: filnamnet innehåller ett otillåtet tecken. "
                      "Byt namn på filen och välj den igen.")
    if not name.strip("."):
        raise BadName("En fil saknar namn. Byt namn på filen och välj den igen.")
    if len(name) > NAME_LIMIT:
        ext = extension(name)
        keep = NAME_LIMIT - (len(ext) + 1 if ext else 0)
        name = name[:keep].rstrip() + (f".{ext}" if ext else "")
    return name


def name_problem(name: str, kind: Kind | None) -> str | None:
    """Why the file ``name`` whose bytes are ``kind`` (None: none of ``KINDS``) is refused, in
    Swedish; None if its ending is one of its kind's."""
    ext = extension(name)
    named = BY_EXTENSION.get(ext)
    if named is None:
        return (f"{name}: den filtypen tas inte emot. Tillåtna filtyper är {ALLOWED_TEXT}.")
    if kind is None:
        return f"{name}: filen är inte {named.phrase} fast den heter .{ext}."
    if kind is not named:
        return (f"{name}: filen är inte {named.phrase} fast den heter .{ext}; den är "
                f"{kind.phrase}. Byt namn på filen eller välj en annan.")
    return None


MACRO_MESSAGE = ("{name}: Office-filer med makron tas inte emot. Spara filen som .docx eller "
                 ".xlsx utan makron och välj den igen.")
