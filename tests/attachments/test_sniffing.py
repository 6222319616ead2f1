"""What a file is, from its bytes: each allowed kind from a real file, everything else refused,
and names that must agree with the bytes."""
import pytest

from casework.attachments.sniffing import (
    KINDS,
    NAME_LIMIT,
    BadName,
    MacroDocument,
    clean_name,
    detect,
    name_problem,
)
from tests.attachments import samples


@pytest.mark.parametrize(("make", "key"), [
    (samples.pdf, "pdf"), (samples.jpeg_with_gps, "jpeg"), (samples.png, "png"),
    (samples.heic, "heic"), (samples.docx, "docx"), (samples.xlsx, "xlsx"),
    (lambda: samples.TEXT, "txt"), (lambda: "\ufeffMed BOM\n".encode(), "txt"),
])
def test_each_allowed_kind_is_known_by_its_bytes(make, key):
    assert detect(make()) is KINDS[key]


@pytest.mark.parametrize("data", [
    samples.exe(), samples.HTML, samples.SVG, b"  <html><p>hej</p></html>", samples.plain_zip(),
    b"text med \0 NUL", "latin-1: åäö".encode("latin-1"), b"", b"\x7fELF\x02\x01\x01",
    b"GIF89a\x01\x00\x01\x00", b"PK\x03\x04 not really a zip",
    # An ISO media file that is AVIF, not HEIC: its brands name no HEVC.
    b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf",
])
def test_anything_else_is_none_of_the_kinds(data):
    assert detect(data) is None


def test_an_office_document_with_macros_is_refused_as_such():
    with pytest.raises(MacroDocument):
        detect(samples.docm())


def test_a_name_agreeing_with_the_bytes_passes_in_any_case_of_its_ending():
    assert name_problem("Foto.JPG", KINDS["jpeg"]) is None
    assert name_problem("IMG_0001.HEIC", KINDS["heic"]) is None


def test_a_renamed_executable_is_not_a_pdf():
    assert name_problem("faktura.pdf", detect(samples.exe())) == (
        "faktura.pdf: filen är inte en PDF fast den heter .pdf.")


def test_a_png_named_jpg_says_what_it_is():
    assert name_problem("bild.jpg", KINDS["png"]) == (
        "bild.jpg: filen är inte en JPEG-bild fast den heter .jpg; den är en PNG-bild. "
        "Byt namn på filen eller välj en annan.")


@pytest.mark.parametrize("name", ["program.exe", "sida.html", "ritning.svg", "utan-andelse",
                                  "makro.docm", ".pdf"])
def test_an_ending_of_no_allowed_kind_is_refused_naming_the_allowed(name):
    problem = name_problem(name, KINDS["pdf"])
    assert problem.startswith(f"{name}: den filtypen tas inte emot.")
    assert "PDF, JPEG, PNG, HEIC, Word (docx), Excel (xlsx) och text (txt)" in problem


def test_a_name_keeps_its_last_path_part_only():
    assert clean_name("C:\\fakepath\\brev.pdf") == "brev.pdf"
    assert clean_name("../../etc/passwd.txt") == "passwd.txt"
    assert clean_name("  A\u0308ndring.pdf ") == "Ändring.pdf"  # NFC


@pytest.mark.parametrize("raw", ["brev\0.pdf", "brev\n.pdf", "\x1b[31m.pdf"])
def test_a_name_with_a_control_character_is_refused(raw):
    with pytest.raises(BadName, match="otillåtet tecken"):
        clean_name(raw)


@pytest.mark.parametrize("raw", ["", "   ", "C:\\mapp\\", "..."])
def test_a_file_without_a_name_is_refused(raw):
    with pytest.raises(BadName, match="saknar namn"):
        clean_name(raw)


def test_a_long_name_is_shortened_before_its_ending():
    name = clean_name("å" * 300 + ".docx")
    assert len(name) == NAME_LIMIT and name.endswith("å.docx")
