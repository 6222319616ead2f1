"""The real catalogue matches domain.md, and broken catalogue files fail loudly."""


import pytest

from casework.core.taxonomy import ANONYMOUS, CatalogueError, load_catalogue
from config.settings import CONFIG_DIR

ANNAT = "Annat (ange vad i rapporteringsvyn)"
STAFF_ANNAT = f"Synpunkter och klagomål - som gäller verksamhet och personal > {ANNAT}"
OTHER_ANNAT = f"Synpunkter och klagomål - ej personalrelaterade > {ANNAT}"

# Copied by hand from domain.md ("The report table"): an independent check of
# the TOML files, so keep it verbatim.
EXPECTED = {
    2025: [
        ("Avvikelse - Lex Sarah", [
            "Antal anmälningar till IVO (Antal rapporter som bedömts som allvarligt missförhållande eller påtaglig risk för missförhållande och anmälts till IVO)",
            "Antal inkomna rapporter",
        ]),
        ("Avvikelse - SOL/LSS", [
            "Annat",
            "Bemötande",
            "Fysisk miljö, utrustning och teknik",
            "Rättssäkerhet vid handläggning och utförande",
            "Utförande av insats",
        ]),
        ("Avvikelser enligt SOL/LSS - Vem har identifierat avvikelsen?", [
            "Extern samverkanspart - avser en annan verksamhet eller annan enhet.",
            "Medarbetare (inom den egna verksamheten/enheten)",
        ]),
        ("Beröm", ["Beröm"]),
        ("Från vem har klagomål eller synpunkt inkommit?", [
            "Annan",
            "Annan instans (t ex Patientnämnden)",
            "Anonym",
            "Brukare/patient",
            "Närstående (anhörig, god man etc.)",
            "Samverkanspart (ex annan förvaltning, Region Stockholm, Polis)",
            "Tillsynsmyndighet (t.ex. IVO, Skolinspektionen)",
        ]),
        ("Personuppgiftsincidenter", ["Hantering av personuppgifter"]),
        ("Synpunkter och klagomål - ej personalrelaterade", [
            "Annat (ange vad i rapporteringsvyn)",
            "Fysisk miljö inne eller ute (ej städad, avsaknad av material etc.)",
            "Teknik, verksamhetssystem eller IT-relaterade frågor",
        ]),
        ("Synpunkter och klagomål - som gäller verksamhet och personal", [
            "Annat (ange vad i rapporteringsvyn)",
            "Bemanning",
            "Bemötande",
            "Beslut (avsaknad av, missnöje med etc)",
            "Fråga/idé",
            "Information (utebliven info, obegriplig etc)",
            "Kompetens",
            "Tillgänglighet (öppettider, telefontider)",
            "Utebliven/försenad insats",
        ]),
        ("Vem avser avvikelser - SOL/LSS", ["Annan verksamhet", "Den egna verksamheten"]),
        ("Vilken återkoppling och vilka åtgärder har gjorts?", [
            "Antal synpunkter/klagomål där återkoppling har lämnats",
            "Antal synpunkter/klagomål där åtgärder vidtagits",
        ]),
    ],
    2024: [
        ("Antal rapporter som bedömts som allvarligt missförhållande eller påtaglig risk för missförhållande och anmälts till IVO", [
            "Lex Maria",
            "Lex Sarah",
        ]),
        ("Avvikelserapportering enligt SoL - Vem har identifierat avvikelsen?", [
            "Extern samverkanspart/annan verksamhet",
            "Medarbetare",
        ]),
        ("Beröm", ["Antal beröm"]),
        ("Från vem har klagomål eller synpunkt inkommit?", [
            "Annan (t.ex. okänd)",
            "Brukare/patient",
            "Medarbetare/verksamhet inom förvaltningen",
            "Närstående (anhörig, god man, etc.)",
            "Patientnämnden",
            "Samverkanspart (ex annan förvaltning, Region Stockholm, Polis)",
        ]),
        ("Rapportering av lex Sarah och lex Maria", ["Lex Maria", "Lex Sarah"]),
        ("Vad gällde klagomålet eller synpunkten?", [
            "Annat (ange vad i rapporteringsvyn)",
            "Bemanning (Kontinuitet, vikarieanskaffning)",
            "Bemötande",
            "Beslut (missnöje, avsaknad av beslut, ej kommunicerat etc.)",
            "Brister i information (utebliven info, obegriplig info, etc.)",
            "Brister i rutiner/utförande av insats eller verksamhet",
            "Fråga/idé",
            "Fysisk inne- eller utemiljö (ej städat, avsaknad av material etc.)",
            "Hantering av personuppgifter",
            "Kompetens",
            "Mat och måltider",
            "Teknik, verksamhetssystem och IT-relaterade frågor",
            "Tillgänglighet (öppettider, telefontider, fysisk miljö)",
            "Utebliven/försenad insats eller aktivitet",
        ]),
        ("Vad har avvikelsen berört?", [
            "Annat",
            "Bemötande",
            "Brister i rättssäkerhet vid handläggning och utförande",
            "Brister i utförande av insats",
            "Fysisk miljö, utrustning och teknik",
        ]),
        ("Vem avser avvikelsen?", ["Annan verksamhet", "Den egna verksamheten"]),
        ("Återkoppling", ["Antal klagomål där återkoppling har lämnats"]),
        ("Åtgärder", ["Antal klagomål där åtgärder vidtagits"]),
    ],
    2023: [
        ("Beröm", ["Antal beröm"]),
        ("Från vem har klagomål, synpunkt eller avvikelser inkommit?", [
            "Annan (t.ex. okänd)",
            "Brukare/patient",
            "Medarbetare/verksamhet inom förvaltningen",
            "Närstående (anhörig, god man, etc.)",
            "Samverkanspart (ex annan förvaltning, Region Stockholm, Polis)",
        ]),
        ("Vad gällde klagomålet, synpunkten eller avvikelsen?", [
            "Annat (ange vad i rapporteringsvyn)",
            "Bemanning (Kontinuitet, vikarieanskaffning)",
            "Bemötande",
            "Beslut (missnöje, avsaknad av beslut, ej kommunicerat etc.)",
            "Brister i information (utebliven info, obegriplig info, etc.)",
            "Brister i rutiner/utförande av insats eller verksamhet",
            "Fråga/idé",
            "Fysisk inne- eller utemiljö (ej städat, avsaknad av material etc.)",
            "Hantering av personuppgifter",
            "Klagomål som gäller hälso- och sjukvård",
            "Kompetens",
            "Mat och måltider",
            "Teknik, verksamhetssystem och IT-relaterade frågor",
            "Tillgänglighet (öppettider, telefontider, fysisk miljö)",
            "Utebliven/försenad insats eller aktivitet",
        ]),
        ("Varav antal avvikelser som lett till (ej incidenter som rapporteras i IA)", [
            "Lex Maria",
            "Lex Sarah",
        ]),
        ("Återkoppling", ["Antal klagomål där återkoppling har lämnats"]),
        ("Åtgärder", ["Antal klagomål där åtgärder vidtagits"]),
    ],
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(CONFIG_DIR)


def rows_counting(template, dimension, case_type, value):
    return [
        f"{section.title} > {row.label}"
        for section, row in template.rows()
        if row.covers(dimension, case_type, value)
    ]


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_templates_have_domain_md_sections_and_rows_in_order(catalogue, year):
    template = catalogue.templates[year]
    assert [(s.title, [r.label for r in s.rows]) for s in template.sections] == EXPECTED[year]


def test_text_column_changed_name_in_2025(catalogue):
    assert catalogue.templates[2023].text_column == "Sammanfattning och planerade åtgärder"
    assert catalogue.templates[2024].text_column == "Sammanfattning och planerade åtgärder"
    assert catalogue.templates[2025].text_column == "Bedömning och planerade åtgärder"


def test_template_for_clamps_to_the_known_years(catalogue):
    assert catalogue.years == (2023, 2024, 2025)
    assert catalogue.template_for(2019).year == 2023
    assert catalogue.template_for(2024).year == 2024
    assert catalogue.template_for(2031).year == 2025


def test_2025_maps_dropped_categories_explicitly(catalogue):
    template = catalogue.templates[2025]
    assert rows_counting(template, "category", "klagomal", "mat") == [STAFF_ANNAT]
    assert rows_counting(template, "category", "synpunkt", "halso_sjukvard") == [STAFF_ANNAT]
    assert rows_counting(template, "category", "klagomal", "brister_rutiner") == [
        "Synpunkter och klagomål - som gäller verksamhet och personal > Utebliven/försenad insats"
    ]
    # A 2023 avvikelse carries complaint categories; 2025 still places them.
    assert rows_counting(template, "category", "avvikelse", "bemanning") == [
        "Avvikelse - SOL/LSS > Utförande av insats"
    ]


def test_personal_data_row_counts_incidents_and_complaints(catalogue):
    template = catalogue.templates[2025]
    row = next(row for _, row in template.rows() if row.key == "personuppgifter")
    assert set(row.types) == {"personuppgiftsincident", "klagomal", "synpunkt"}
    assert row.covers("category", "klagomal", "personuppgifter")


def test_anonymous_complaints_count_under_anonym_or_annan(catalogue):
    assert rows_counting(catalogue.templates[2025], "source", "klagomal", ANONYMOUS) == [
        "Från vem har klagomål eller synpunkt inkommit? > Anonym"
    ]
    assert rows_counting(catalogue.templates[2024], "source", "synpunkt", ANONYMOUS) == [
        "Från vem har klagomål eller synpunkt inkommit? > Annan (t.ex. okänd)"
    ]


def test_2023_source_section_counts_avvikelser_by_who_identified_them(catalogue):
    template = catalogue.templates[2023]
    assert rows_counting(template, "identified_by", "avvikelse", "extern") == [
        "Från vem har klagomål, synpunkt eller avvikelser inkommit? > "
        "Samverkanspart (ex annan förvaltning, Region Stockholm, Polis)"
    ]


def test_category_choices_qualify_the_two_2025_annat_rows(catalogue):
    choices = dict((label, key) for key, label in catalogue.category_choices(2025, "klagomal"))
    assert choices[STAFF_ANNAT] == "annat"
    assert choices[OTHER_ANNAT] == "annat_ej_personal"
    assert choices["Bemötande"] == "bemotande"
    assert "Mat och måltider" not in choices


def test_category_choices_give_the_primary_of_the_case_types_domain(catalogue):
    assert ("avv_bemotande", "Bemötande") in catalogue.category_choices(2023, "avvikelse")
    assert ("bemotande", "Bemötande") in catalogue.category_choices(2023, "synpunkt")
    assert catalogue.category_choices(2024, "berom") == []


def test_source_choices(catalogue):
    assert ("anonym", "Anonym") in catalogue.source_choices(2025)
    assert ("annan", "Annan (t.ex. okänd)") in catalogue.source_choices(2024)
    assert [key for key, _ in catalogue.source_choices(2023)] == [
        "annan", "brukare", "medarbetare", "narstaende", "samverkanspart",
    ]


# A small catalogue that loads; each error test below breaks one thing in it.
TAXONOMY = """
[categories]
bemotande = { label = "Bemötande", domain = "complaint", bit = 0 }
mat = { label = "Mat", domain = "complaint", bit = 1 }
[sources]
brukare = { label = "Brukare" }
annan = { label = "Annan" }
[identified_by]
medarbetare = { label = "Medarbetare" }
extern = { label = "Extern" }
[concerns]
egen_verksamhet = { label = "Egen" }
annan_verksamhet = { label = "Annan verksamhet" }
[channels]
telefon = { label = "Telefon" }
e_tjanst = { label = "E-tjänst" }
"""

TEMPLATE = """
year = 2030
text_column = "Text"

[[sections]]
title = "Vad"
[[sections.rows]]
key = "bemotande"
label = "Bemötande"
count = [{ types = ["klagomal"], categories = ["bemotande"] }]
[[sections.rows]]
key = "mat"
label = "Mat"
count = [{ types = ["klagomal"], categories = ["mat"] }]

[[sections]]
title = "Från vem"
[[sections.rows]]
key = "brukare"
label = "Brukare"
count = [{ types = ["klagomal"], sources = ["brukare"] }]
[[sections.rows]]
key = "annan"
label = "Annan"
count = [{ types = ["klagomal"], sources = ["annan"] }, { types = ["klagomal"], anonymous = true }]

[[sections]]
title = "Avvikelse"
[[sections.rows]]
key = "medarbetare"
label = "Medarbetare"
count = [{ types = ["avvikelse"], identified_by = ["medarbetare"] }]
[[sections.rows]]
key = "extern"
label = "Extern"
count = [{ types = ["avvikelse"], identified_by = ["extern"] }]
[[sections.rows]]
key = "egen"
label = "Egen"
count = [{ types = ["avvikelse"], concerns = ["egen_verksamhet"] }]
[[sections.rows]]
key = "annan_verksamhet"
label = "Annan verksamhet"
count = [{ types = ["avvikelse"], concerns = ["annan_verksamhet"] }]

[[sections]]
title = "Återkoppling"
[[sections.rows]]
key = "feedback"
label = "Återkoppling"
count = [{ types = ["klagomal"], flag = "feedback" }]
"""


def write_config(tmp_path, template=TEMPLATE, taxonomy=TAXONOMY):
    (tmp_path / "templates").mkdir()
    (tmp_path / "taxonomy.toml").write_text(taxonomy, encoding="utf-8")
    (tmp_path / "templates" / "2030.toml").write_text(template, encoding="utf-8")
    return tmp_path


def edit(text, old, new):
    assert text.count(old) == 1, old
    return text.replace(old, new)


def load_error(tmp_path, **files) -> str:
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(write_config(tmp_path, **files))
    return str(raised.value)


def test_the_small_catalogue_loads(tmp_path):
    catalogue = load_catalogue(write_config(tmp_path))
    assert catalogue.years == (2030,)


# (text to replace, replacement, fragments the error message must contain)
TEMPLATE_ERRORS = [
    ('types = ["klagomal"], categories = ["mat"]', 'types = ["klagomol"], categories = ["mat"]',
     ["section 'Vad'", "row 'mat'", "unknown case type 'klagomol'"]),
    ('categories = ["mat"]', 'categories = ["matt"]',
     ["section 'Vad'", "row 'mat'", "unknown category 'matt'"]),
    ('sources = ["brukare"]', 'sources = ["brukar"]',
     ["row 'brukare'", "unknown source 'brukar'"]),
    ('identified_by = ["extern"]', 'identified_by = ["externa"]',
     ["section 'Avvikelse'", "row 'extern'", "unknown identified_by value 'externa'"]),
    ('concerns = ["egen_verksamhet"]', 'concerns = ["egen"]',
     ["row 'egen'", "unknown concerns value 'egen'"]),
    ('flag = "feedback"', 'flag = "feedbak"', ["row 'feedback'", "unknown flag 'feedbak'"]),
    ('flag = "feedback"', 'flagg = "feedback"', ["row 'feedback'", "unknown field flagg"]),
    ('count = [{ types = ["klagomal"], flag = "feedback" }]', "count = []",
     ["row 'feedback'", "no clause"]),
    ('categories = ["mat"]', "categories = []", ["row 'mat'", "categories is empty"]),
    ('types = ["klagomal"], flag', "types = [], flag", ["row 'feedback'", "types is empty"]),
    ('sources = ["annan"] }', 'sources = ["annan"], anonymous = true }',
     ["row 'annan'", "anonymous = true matches nothing"]),
    ('key = "mat"', 'key = "bemotande"', ["section 'Vad'", "row 'bemotande'", "duplicate row key"]),
    ('title = "Från vem"', 'title = "Vad"', ["section 'Vad'", "duplicate section title"]),
    ('label = "Mat"\n', "", ["row 'mat'", "missing field label"]),
    ("year = 2030", "year = 2031", ["year must be the integer in the file name"]),
    ("year = 2030", "year = ", ["invalid TOML"]),
]


@pytest.mark.parametrize(("old", "new", "expected"), TEMPLATE_ERRORS)
def test_malformed_template_is_refused_naming_the_place(tmp_path, old, new, expected):
    message = load_error(tmp_path, template=edit(TEMPLATE, old, new))
    assert "2030.toml" in message
    for fragment in expected:
        assert fragment in message


def test_category_that_maps_nowhere_is_refused(tmp_path):
    kompetens = 'kompetens = { label = "Kompetens", domain = "complaint", bit = 2 }\n'
    taxonomy = edit(TAXONOMY, "[sources]", kompetens + "[sources]")
    message = load_error(tmp_path, taxonomy=taxonomy)
    assert "2030.toml" in message
    assert "category 'kompetens' maps nowhere for klagomal (sections: Vad)" in message


def test_category_counted_by_two_rows_names_both(tmp_path):
    template = edit(TEMPLATE, 'categories = ["mat"]', 'categories = ["mat", "bemotande"]')
    message = load_error(tmp_path, template=template)
    assert "category 'bemotande' is counted by 2 rows for klagomal" in message
    assert "Vad > Bemötande (bemotande); Vad > Mat (mat)" in message


def test_anonymous_complaints_must_land_somewhere(tmp_path):
    template = edit(TEMPLATE, ', { types = ["klagomal"], anonymous = true }', "")
    message = load_error(tmp_path, template=template)
    assert "source 'anonym' maps nowhere for klagomal" in message


def test_source_counted_twice_is_refused(tmp_path):
    template = edit(TEMPLATE, 'sources = ["brukare"]', 'sources = ["brukare", "annan"]')
    message = load_error(tmp_path, template=template)
    assert "source 'annan' is counted by 2 rows for klagomal" in message
    assert "Från vem > Brukare (brukare); Från vem > Annan (annan)" in message


def test_identified_by_must_land_in_exactly_one_row(tmp_path):
    template = edit(TEMPLATE, 'identified_by = ["extern"]', 'identified_by = ["medarbetare"]')
    message = load_error(tmp_path, template=template)
    assert "identified_by 'medarbetare' is counted by 2 rows for avvikelse" in message
    assert "identified_by 'extern' maps nowhere for avvikelse" in message


def test_concerns_must_land_in_exactly_one_row(tmp_path):
    template = edit(TEMPLATE, 'concerns = ["annan_verksamhet"]', 'concerns = ["egen_verksamhet"]')
    message = load_error(tmp_path, template=template)
    assert "concerns 'egen_verksamhet' is counted by 2 rows for avvikelse" in message
    assert "concerns 'annan_verksamhet' maps nowhere for avvikelse" in message


TAXONOMY_ERRORS = [
    ('mat = { label = "Mat", domain = "complaint", bit = 1 }', 'mat = { label = "Mat", bit = 1 }',
     "[categories] 'mat': missing field domain"),
    ('domain = "complaint", bit = 1 }', 'domain = "klagomal", bit = 1 }',
     "domain must be one of"),
    ('domain = "complaint", bit = 1 }', 'domain = "complaint" }',
     "[categories] 'mat': missing field bit"),
    ('domain = "complaint", bit = 1 }', 'domain = "complaint", bit = 63 }',
     "bit must be an integer from 0 to 62, not 63"),
    ('domain = "complaint", bit = 1 }', 'domain = "complaint", bit = 0 }',
     "[categories] bit 0 is given to two categories"),
    ('telefon = { label = "Telefon" }', 'telefon = { label = "Telefon", code = 1 }',
     "[channels] 'telefon': unknown field code"),
    ('annan = { label = "Annan" }', 'anonym = { label = "Anonym" }', "'anonym' is reserved"),
    ("[channels]\ntelefon", "[kanaler]\ntelefon", "unknown field kanaler"),
]


@pytest.mark.parametrize(("old", "new", "expected"), TAXONOMY_ERRORS)
def test_malformed_taxonomy_is_refused(tmp_path, old, new, expected):
    message = load_error(tmp_path, taxonomy=edit(TAXONOMY, old, new))
    assert "taxonomy.toml" in message
    assert expected in message


def test_missing_files_are_refused(tmp_path):
    config = write_config(tmp_path)
    (config / "templates" / "2030.toml").unlink()
    with pytest.raises(CatalogueError, match="no report template"):
        load_catalogue(config)
    (config / "taxonomy.toml").unlink()
    with pytest.raises(CatalogueError, match="taxonomy.toml: cannot read"):
        load_catalogue(config)
