"""Real files of every kind, made by the libraries that make them in the wild (Pillow,
pillow-heif, reportlab, python-docx, openpyxl), and hostile ones made by hand."""
import io
import zipfile

from PIL import Image
from werkzeug.datastructures import FileStorage

#: Where the photo was taken: Aspudden, Stockholm (degrees, minutes, seconds).
LATITUDE = (59.0, 18.0, 30.0)
LONGITUDE = (18.0, 0.0, 5.0)
EXIF_ORIENTATION, EXIF_GPS = 0x0112, 0x8825
#: A portrait photo as a phone stores it: landscape pixels, turned by its EXIF orientation.
WIDE, TALL = 64, 32


def photo_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation  # 6: turn 90° clockwise to show
    exif[0x010F] = "Telefonmakare"  # Make
    gps = exif.get_ifd(EXIF_GPS)
    gps[1], gps[2], gps[3], gps[4] = "N", LATITUDE, "E", LONGITUDE
    return exif


def _picture() -> Image.Image:
    picture = Image.new("RGB", (WIDE, TALL), (200, 30, 30))
    picture.paste((30, 30, 200), (0, 0, WIDE // 2, TALL))  # left half blue
    return picture


def jpeg_with_gps() -> bytes:
    out = io.BytesIO()
    _picture().save(out, format="JPEG", exif=photo_exif(), quality=95)
    return out.getvalue()


def png(text: str = "Aspudden 59.3") -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    out = io.BytesIO()
    _picture().save(out, format="PNG", pnginfo=info, exif=photo_exif(1))
    return out.getvalue()


def heic() -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    _picture().save(out, format="HEIF", exif=photo_exif(1), quality=60)
    return out.getvalue()


def pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Beslut från IVO")
    page.save()
    return out.getvalue()


def docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("Brev från en anhörig.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Besök"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docm() -> bytes:
    """A Word document with macros: a docx whose main part says macro-enabled, with a VBA
    project."""
    source = zipfile.ZipFile(io.BytesIO(docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml."
                    b"document.main+xml", b"application/vnd.ms-word.document.macroEnabled.main+xml")
            target.writestr(item, data)
        target.writestr(_entry("word/vbaProject.bin"), b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr(_entry("rapport.txt"), "inte ett Office-dokument")
    return out.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry of a fixed time, not the clock's: a sample's bytes can name a test, and every
    pytest-xdist worker must collect the same names."""
    return zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))


def exe() -> bytes:
    """The start of a Windows executable: the MZ header and its DOS stub."""
    return (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 44
            + b"\x80\x00\x00\x00" + b"This program cannot be run in DOS mode.\r\r\n$" + b"\0" * 64)


TEXT = "Anteckning från telefonsamtal.\nBrukaren var nöjd.\n".encode()
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> FileStorage:
    """A file as the browser sends it (its Content-Type is the browser's guess, not used)."""
    return FileStorage(io.BytesIO(data), filename=name, content_type=content_type)


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as picture:
        return dict(picture.getexif().get_ifd(EXIF_GPS))
