"""Photos lose their metadata, keep their orientation, and HEIC comes back as JPEG."""
import io

import pytest
from PIL import Image

from casework.attachments.images import BadImage, reencode
from casework.attachments.sniffing import KINDS, detect
from tests.attachments import samples


def _opened(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def test_a_jpeg_with_gps_comes_out_without_any_exif():
    original = samples.jpeg_with_gps()
    assert samples.gps_of(original)  # the sample does carry a position

    clean = reencode(original, KINDS["jpeg"])

    assert clean.kind is KINDS["jpeg"] and detect(clean.data) is KINDS["jpeg"]
    assert samples.gps_of(clean.data) == {}
    picture = _opened(clean.data)
    assert dict(picture.getexif()) == {}
    assert b"Exif" not in clean.data and b"Telefonmakare" not in clean.data


def test_the_orientation_is_applied_to_the_pixels():
    picture = _opened(reencode(samples.jpeg_with_gps(), KINDS["jpeg"]).data)
    # Stored wide with orientation 6 (turn 90° clockwise): it stands tall, its blue left half
    # now on top.
    assert picture.size == (samples.TALL, samples.WIDE)
    red, _green, blue = picture.getpixel((samples.TALL // 2, 4))
    assert blue > 150 and red < 100


def test_a_png_loses_its_text_and_exif_and_stays_png():
    original = samples.png("Aspudden 59.3")
    assert b"Aspudden" in original

    clean = reencode(original, KINDS["png"])

    assert clean.kind is KINDS["png"] and detect(clean.data) is KINDS["png"]
    assert b"Aspudden" not in clean.data and b"eXIf" not in clean.data
    assert _opened(clean.data).info.get("Comment") is None


def test_a_heic_photo_is_kept_as_a_jpeg_without_metadata():
    clean = reencode(samples.heic(), KINDS["heic"])

    assert clean.kind is KINDS["jpeg"] and detect(clean.data) is KINDS["jpeg"]
    assert samples.gps_of(clean.data) == {}
    assert _opened(clean.data).size == (samples.WIDE, samples.TALL)


def test_a_damaged_image_is_refused():
    data = samples.jpeg_with_gps()
    with pytest.raises(BadImage, match="går inte att läsa"):
        reencode(data[:40], KINDS["jpeg"])


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("1", (10_000, 6_000)).save(out, format="PNG")  # small file, 60 million pixels
    with pytest.raises(BadImage, match="för stor"):
        reencode(out.getvalue(), KINDS["png"])
