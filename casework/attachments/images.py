"""Photos re-encoded so that nothing but the picture is kept: no EXIF (the camera, the time,
the GPS position), no XMP, no text chunks, no thumbnails. The orientation the camera recorded
is applied to the pixels first, so the picture still stands the right way up.

JPEG and PNG stay what they are. HEIC (an iPhone's photos) is decoded with pillow-heif and
kept as JPEG: encoding HEVC takes tens of seconds for one photo on a small server, and the
municipal PCs that open the attachments often cannot show HEIC at all.
"""
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from casework.attachments.sniffing import KINDS, Kind

#: Larger pictures are refused before they are decoded (a small file can hold a huge one).
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 90


class BadImage(ValueError):
    """A picture that cannot be read or is too large; the message is Swedish, without the
    file's name (the caller adds it)."""


@dataclass(frozen=True)
class Reencoded:
    data: bytes
    kind: Kind


def _register_heif() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()


def reencode(data: bytes, kind: Kind) -> Reencoded:
    """The picture of ``data`` (of the image ``kind``) without its metadata, upright; HEIC
    comes back as JPEG. Raises BadImage."""
    if kind.key == "heic":
        _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    raise BadImage(f"bilden är för stor ({width} × {height} bildpunkter); högst "
                                   f"{MAX_PIXELS // 1_000_000} miljoner bildpunkter tas emot.")
                upright = ImageOps.exif_transpose(opened)
                upright.load()
    except BadImage:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise BadImage("bilden går inte att läsa; filen kan vara skadad.") from error
    target = KINDS["png"] if kind.key == "png" else KINDS["jpeg"]
    return Reencoded(_encode(upright, target), target)


def _encode(picture: Image.Image, target: Kind) -> bytes:
    """The pixels alone, in a fresh image that carries none of the original's ``info``."""
    if target.key == "png":
        mode = picture.mode if picture.mode in ("1", "L", "LA", "RGB", "RGBA", "I;16") else (
            "RGBA" if picture.mode == "P" and "transparency" in picture.info
            or picture.mode in ("PA", "La", "RGBa") else "RGB")
    else:
        mode = picture.mode if picture.mode in ("L", "RGB") else "RGB"
    converted = picture if picture.mode == mode else picture.convert(mode)
    fresh = Image.frombytes(mode, converted.size, converted.tobytes())
    out = io.BytesIO()
    if target.key == "png":
        fresh.save(out, format="PNG")
    else:
        fresh.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()
