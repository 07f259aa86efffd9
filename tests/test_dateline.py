import pytest

from storyline.clean.dateline import parse_dateline

CASES = [
    ("MOSCOW, January 12. /TASS/. The CSTO said", "MOSCOW", "TASS", 1, 12, None, "The CSTO said"),
    ("ALMATY, January 13. /TASS/. Troops", "ALMATY", "TASS", 1, 13, None, "Troops"),
    ("Almaty, January 13 /TASS/ - Troops", "Almaty", "TASS", 1, 13, None, "Troops"),
    ("WASHINGTON (Reuters) - The Fed", "WASHINGTON", "Reuters", None, None, None, "The Fed"),
    ("LONDON, Jan 5 (AP) — The bank", "LONDON", "AP", 1, 5, None, "The bank"),
    ("PARIS (AFP) - Floods", "PARIS", "AFP", None, None, None, "Floods"),
    ("RIO DE JANEIRO (AFP) - Rain", "RIO DE JANEIRO", "AFP", None, None, None, "Rain"),
    ("KYIV, Ukraine, March 3, 2022 (AP) — Shelling", "KYIV", "AP", 3, 3, 2022, "Shelling"),
    ("ST. PETERSBURG, Jan. 5 (Reuters) - Snow", "ST. PETERSBURG", "Reuters", 1, 5, None, "Snow"),
    ("NUR-SULTAN, Kazakhstan — The president", "NUR-SULTAN", None, None, None, None,
     "The president"),
    ("TARVO/VARNA (Reuters) - Rain", "TARVO/VARNA", "Reuters", None, None, None, "Rain"),
    ("TARVO\\/VARNA (Reuters) - Rain", "TARVO/VARNA", "Reuters", None, None, None, "Rain"),
]


@pytest.mark.parametrize(("text", "place", "agency", "month", "day", "year", "rest"), CASES)
def test_dateline_shapes(text, place, agency, month, day, year, rest):
    dateline, body = parse_dateline(text)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.month, dateline.day, dateline.year) == (
        place, agency, month, day, year)
    assert body == rest


@pytest.mark.parametrize("text", [
    "BREAKING — Troops leave", "The CSTO — a bloc of six states — said", "NATO said on Monday",
    "US — Washington said", "Moscow said on January 12 that troops would go.",
])
def test_sentences_that_are_not_datelines(text):
    dateline, body = parse_dateline(text)
    assert dateline is None
    assert body == text


def test_place_as_a_name_needs_a_date():
    dateline, body = parse_dateline("Almaty, January 16 — Tien Shan won")
    assert dateline is not None and (dateline.place, dateline.month, dateline.day) == ("Almaty", 1, 16)
    assert body == "Tien Shan won"
    assert parse_dateline("Almaty — the city said")[0] is None
