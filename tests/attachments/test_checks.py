"""The limits and the checks every uploaded file passes, as the forms and the service run
them."""
from casework.attachments.checks import MIB, Limits, check
from tests.attachments import samples
from tests.attachments.samples import upload

LIMITS = Limits(max_files=10, max_mb=10)


def test_good_files_pass_with_their_kinds_and_bytes():
    passed, problems = check([upload("brev.pdf", samples.pdf()),
                              upload("anteckning.txt", samples.TEXT)], LIMITS)
    assert problems == []
    assert [(c.name, c.kind.key) for c in passed] == [("brev.pdf", "pdf"),
                                                      ("anteckning.txt", "txt")]
    assert passed[1].data == samples.TEXT


def test_an_input_left_empty_is_no_file():
    assert check([upload("", b"")], LIMITS) == ([], [])
    assert check([], LIMITS) == ([], [])
    assert check(None, LIMITS) == ([], [])


def test_an_empty_file_is_refused():
    assert check([upload("tom.txt", b"")], LIMITS) == ([], ["tom.txt: filen är tom."])


def test_eleven_files_are_one_too_many():
    files = [upload(f"{n}.txt", samples.TEXT) for n in range(11)]
    _, problems = check(files, LIMITS)
    assert problems == ["Högst 10 filer kan bifogas till ett ärende; du valde 11."]


def test_the_files_a_case_has_count_towards_the_limit():
    files = [upload(f"{n}.txt", samples.TEXT) for n in range(3)]
    assert check(files, LIMITS, existing=8)[1] == [
        "Ärendet har redan 8 bilagor av högst 10: du kan bifoga 2 till, men valde 3."]
    assert check(files[:1], LIMITS, existing=10)[1] == [
        "Ärendet har redan 10 bilagor, det högsta antalet. Fler kan inte bifogas."]
    assert check(files[:2], LIMITS, existing=8)[1] == []


def test_an_eleven_megabyte_file_is_refused_and_read_no_further_than_the_limit():
    big = upload("skanning.pdf", b"%PDF-1.7\n" + b"0" * (11 * MIB))
    passed, problems = check([big], LIMITS)
    assert passed == [] and problems == ["skanning.pdf: filen är större än 10 MB."]
    assert big.stream.tell() == 0  # left at its start


def test_exactly_the_limit_passes():
    data = b"%PDF-1.7\n" + b"0" * (MIB - 9)
    assert len(data) == MIB
    assert check([upload("en.pdf", data)], Limits(10, 1))[1] == []


def test_each_bad_file_is_named_and_the_good_ones_still_pass():
    passed, problems = check([
        upload("faktura.pdf", samples.exe(), "application/pdf"),
        upload("bild.jpg", samples.png(), "image/jpeg"),
        upload("brev\0.pdf", samples.pdf()),
        upload("makro.docx", samples.docm()),
        upload("ok.docx", samples.docx()),
    ], LIMITS)
    assert [c.name for c in passed] == ["ok.docx"]
    assert problems == [
        "faktura.pdf: filen är inte en PDF fast den heter .pdf.",
        ("bild.jpg: filen är inte en JPEG-bild fast den heter .jpg; den är en PNG-bild. "
         "Byt namn på filen eller välj en annan."),
        ("brev.pdf: filnamnet innehåller ett otillåtet tecken. Byt namn på filen och välj den "
         "igen."),
        ("makro.docx: Office-filer med makron tas inte emot. Spara filen som .docx eller .xlsx "
         "utan makron och välj den igen."),
    ]


def test_the_hint_states_the_limits_and_kinds():
    assert Limits(4, 2).hint() == (
        "Högst 4 filer per ärende, högst 2 MB var: PDF, JPEG, PNG, HEIC, Word (docx), "
        "Excel (xlsx) och text (txt). Bilder sparas utan platsuppgifter och annan metadata.")
