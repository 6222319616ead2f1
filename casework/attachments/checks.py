"""The checks every uploaded file passes, one function for the forms and the service alike:
how many, how large, a name that can be kept, and bytes of an allowed kind that agree with it.
Each reason is a Swedish sentence naming the file."""
from collections.abc import Iterable
from dataclasses import dataclass

from werkzeug.datastructures import FileStorage

from casework.attachments.sniffing import (
    ALLOWED_TEXT,
    MACRO_MESSAGE,
    BadName,
    Kind,
    MacroDocument,
    clean_name,
    detect,
    name_problem,
)

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_files: int
    max_mb: int

    @property
    def max_bytes(self) -> int:
        return self.max_mb * MIB

    @classmethod
    def of(cls, config) -> "Limits":
        """The limits the settings ``config`` set (``ATTACHMENT_MAX_FILES``, ``_MAX_MB``)."""
        return cls(config["ATTACHMENT_MAX_FILES"], config["ATTACHMENT_MAX_MB"])

    def hint(self) -> str:
        """The limits and the allowed kinds, for the form."""
        return (f"Högst {self.max_files} filer per ärende, högst {self.max_mb} MB var: "
                f"{ALLOWED_TEXT}. Bilder sparas utan platsuppgifter och annan metadata.")


@dataclass(frozen=True)
class Checked:
    """A file that passed: the name to keep, its kind, its bytes."""

    name: str
    kind: Kind
    data: bytes


def chosen(files: Iterable[FileStorage] | None) -> list[FileStorage]:
    """The files actually chosen: a file input left empty still sends one part, without a
    name or content."""
    return [f for f in files or () if isinstance(f, FileStorage) and (f.filename or _size(f))]


def _size(upload: FileStorage) -> int:
    stream = upload.stream
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def _read(upload: FileStorage, most: int) -> bytes:
    """Up to ``most`` bytes, leaving the stream at its start for the next reader."""
    upload.stream.seek(0)
    data = upload.stream.read(most)
    upload.stream.seek(0)
    return data


def check(files: Iterable[FileStorage] | None, limits: Limits,
          existing: int = 0) -> tuple[list[Checked], list[str]]:
    """The chosen ``files`` that pass, and every reason one is refused; ``existing`` is how many
    the case has already. Reads no more than one byte past the size limit of each."""
    uploads = chosen(files)
    problems = []
    room = limits.max_files - existing
    if len(uploads) > room:
        problems.append(_too_many(limits.max_files, existing, len(uploads)))
    passed = []
    for upload in uploads:
        try:
            name = clean_name(upload.filename or "")
        except BadName as bad:
            problems.append(str(bad))
            continue
        data = _read(upload, limits.max_bytes + 1)
        if not data:
            problems.append(f"{name}: filen är tom.")
            continue
        if len(data) > limits.max_bytes:
            problems.append(f"{name}: filen är större än {limits.max_mb} MB.")
            continue
        try:
            kind = detect(data)
        except MacroDocument:
            problems.append(MACRO_MESSAGE.format(name=name))
            continue
        if (problem := name_problem(name, kind)) is not None:
            problems.append(problem)
            continue
        passed.append(Checked(name, kind, data))
    return passed, problems


def _too_many(most: int, existing: int, chosen_count: int) -> str:
    if not existing:
        return f"Högst {most} filer kan bifogas till ett ärende; du valde {chosen_count}."
    if existing >= most:
        return f"Ärendet har redan {existing} bilagor, det högsta antalet. Fler kan inte bifogas."
    return (f"Ärendet har redan {existing} bilagor av högst {most}: du kan bifoga "
            f"{most - existing} till, men valde {chosen_count}.")
