"""Words of English quantity expressions: number words, scales, units, currencies, hedges.

Every table is keyed by lowercase token sequences, as the tokenizer produces them ("per
cent" is ("per", "cent"), "US$" is ("us", "$")), so one longest-match helper reads them all.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

SMALL: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# Scale words after a number ("2.5 thousand", "$1.2bn", "5 mln rubles"). "k", "m" and "b"
# are read only attached to digits ("300k", "$5m"), where "m" is also metres: see figures.
SCALES: dict[str, Decimal] = {
    "thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12, "mln": Decimal(10) ** 6, "mn": Decimal(10) ** 6,
    "bln": Decimal(10) ** 9, "bn": Decimal(10) ** 9, "trln": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
}
ATTACHED_SCALES: dict[str, Decimal] = {
    **{word: value for word, value in SCALES.items() if word not in ("thousand",)},
    "k": Decimal(10) ** 3,
}
# Scales a number word can carry inside a word number ("two hundred thousand").
WORD_SCALES: dict[str, Decimal] = {
    "hundred": Decimal(100), "thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9, "trillion": Decimal(10) ** 12,
}
# The multiplier suffix: "twofold", "two-fold", "2-fold", "tenfold".
FOLD_SUFFIX = "fold"

# Vague multiples: "thousands of people" (base 1000), "tens of thousands" (10 x 1000).
VAGUE_PLURALS: dict[str, Decimal] = {
    "dozens": Decimal(12), "scores": Decimal(20), "tens": Decimal(10),
    "hundreds": Decimal(100), "thousands": Decimal(10) ** 3, "millions": Decimal(10) ** 6,
    "billions": Decimal(10) ** 9, "trillions": Decimal(10) ** 12,
}
# Vague plurals that are quantities only before "of" ("he scores", "the tens digit").
VAGUE_NEED_OF = frozenset({"scores", "tens"})
# "several thousand", "a few hundred": a vague count of a scale word.
VAGUE_FEW: tuple[tuple[str, ...], ...] = (
    ("several",), ("a", "few"), ("a", "couple", "of"), ("a", "couple"),
)
VAGUE_FEW_SCALES: dict[str, Decimal] = {"dozen": Decimal(12), **WORD_SCALES}

# Hedges before a number and what they say about the true figure:
# "approx" both ways, "below"/"above" close on one side, "min"/"max" a bound, "exact".
Hedge = Literal["approx", "below", "above", "min", "max", "exact"]
MODIFIERS: dict[tuple[str, ...], Hedge] = {
    **{tuple(m.split()): "approx" for m in (
        "about", "around", "approximately", "approx", "approx .", "roughly", "some", "circa",
        "~", "an estimated", "estimated", "close to", "in the region of", "on the order of",
        "just about")},
    **{tuple(m.split()): "below" for m in (
        "nearly", "almost", "just under", "just below", "just shy of", "not quite",
        "a little under", "a little less than", "slightly less than", "slightly fewer than",
        "just less than", "just fewer than")},
    **{tuple(m.split()): "above" for m in (
        "just over", "just above", "a little over", "a little more than",
        "slightly more than", "just more than")},
    **{tuple(m.split()): "min" for m in (
        "more than", "over", "above", "at least", "in excess of", "upwards of", "upward of",
        "no fewer than", "no less than", "not less than", "not fewer than", "well over",
        "well above", "a minimum of", "exceeding")},
    **{tuple(m.split()): "max" for m in (
        "up to", "fewer than", "less than", "under", "below", "at most", "no more than",
        "not more than", "as many as", "as much as", "a maximum of", "well under",
        "well below")},
    **{tuple(m.split()): "exact" for m in ("exactly", "precisely")},
}
# Hedges after a number: "2,000 or so", "2,000-odd", "2,000-plus", "2,000 or more".
SUFFIX_MODIFIERS: dict[tuple[str, ...], Hedge] = {
    ("or", "so"): "approx", ("-", "odd"): "approx", ("odd",): "approx",
    ("or", "more"): "min", ("-", "plus"): "min", ("plus",): "min", ("+",): "min",
    ("and", "above"): "min", ("and", "over"): "min", ("or", "higher"): "min",
    ("or", "fewer"): "max", ("or", "less"): "max", ("and", "below"): "max",
    ("and", "under"): "max", ("or", "lower"): "max",
}

# Currencies before the number; ISO codes are matched in capitals only (see CURRENCY_CODES).
CURRENCY_PREFIXES: dict[tuple[str, ...], str] = {
    ("$",): "USD", ("us", "$"): "USD", ("a", "$"): "AUD", ("au", "$"): "AUD",
    ("c", "$"): "CAD", ("ca", "$"): "CAD", ("hk", "$"): "HKD", ("r", "$"): "BRL",
    ("s", "$"): "SGD", ("nz", "$"): "NZD", ("€",): "EUR", ("£",): "GBP", ("¥",): "JPY",
    ("₽",): "RUB", ("₹",): "INR", ("₴",): "UAH", ("₸",): "KZT", ("₺",): "TRY", ("₩",): "KRW",
}
CURRENCY_CODES = frozenset(
    "USD EUR GBP JPY CNY RMB RUB UAH KZT BRL INR CHF CAD AUD TRY KRW SEK NOK PLN".split())
# Currency words after the number, with the factor for minor units ("50 cents").
CURRENCY_WORDS: dict[tuple[str, ...], tuple[str, Decimal]] = {
    **{tuple(w.split()): (code, Decimal(1)) for w, code in (
        ("dollars", "USD"), ("dollar", "USD"), ("us dollars", "USD"), ("u.s. dollars", "USD"),
        ("american dollars", "USD"), ("canadian dollars", "CAD"),
        ("australian dollars", "AUD"), ("hong kong dollars", "HKD"),
        ("euros", "EUR"), ("euro", "EUR"), ("pounds sterling", "GBP"), ("sterling", "GBP"),
        ("rubles", "RUB"), ("roubles", "RUB"), ("ruble", "RUB"), ("rouble", "RUB"),
        ("yuan", "CNY"), ("renminbi", "CNY"), ("yen", "JPY"), ("rupees", "INR"),
        ("rupee", "INR"), ("reais", "BRL"), ("reals", "BRL"), ("hryvnias", "UAH"),
        ("hryvnia", "UAH"), ("hryvnas", "UAH"), ("tenge", "KZT"), ("lira", "TRY"),
        ("liras", "TRY"), ("swiss francs", "CHF"), ("francs", "CHF"), ("zlotys", "PLN"),
        ("zloty", "PLN"))},
    ("cents",): ("USD", Decimal("0.01")), ("pence",): ("GBP", Decimal("0.01")),
    ("kopecks",): ("RUB", Decimal("0.01")), ("kopeks",): ("RUB", Decimal("0.01")),
}
# Read as money only after a scale word ("5 billion won", "2 million pounds"): "won" is a
# verb and "20 pounds" is usually a weight.
CURRENCY_AFTER_SCALE: dict[tuple[str, ...], str] = {("won",): "KRW", ("pounds",): "GBP"}

# Percent-like units: (unit, factor); basis points become percentage points.
PERCENT_UNITS: dict[tuple[str, ...], tuple[str, Decimal]] = {
    **{tuple(w.split()): ("percent", Decimal(1)) for w in (
        "%", "percent", "per cent", "pct")},
    **{tuple(w.split()): ("percentage point", Decimal(1)) for w in (
        "percentage points", "percentage point", "percent points", "per cent points",
        "pct points", "pct point", "points percentage", "pp", "ppt", "ppts", "p.p.")},
    **{tuple(w.split()): ("percentage point", Decimal("0.01")) for w in (
        "basis points", "basis point", "bps", "bp", "bsp")},
}

# Measures: unit words -> (normalised unit, factor). Time units name the unit, as TIMEX3 does.
MEASURE_UNITS: dict[tuple[str, ...], tuple[str, Decimal]] = {
    **{tuple(w.split()): (unit, Decimal(factor)) for w, unit, factor in (
        ("km", "km", 1), ("kms", "km", 1), ("kilometres", "km", 1), ("kilometers", "km", 1),
        ("kilometre", "km", 1), ("kilometer", "km", 1), ("metres", "m", 1), ("meters", "m", 1),
        ("metre", "m", 1), ("meter", "m", 1), ("cm", "cm", 1), ("centimetres", "cm", 1),
        ("centimeters", "cm", 1), ("mm", "mm", 1), ("millimetres", "mm", 1),
        ("millimeters", "mm", 1), ("miles", "mi", 1), ("mile", "mi", 1), ("feet", "ft", 1),
        ("foot", "ft", 1), ("ft", "ft", 1), ("inches", "in", 1), ("inch", "in", 1),
        ("km²", "km2", 1), ("kg", "kg", 1),
        ("kilograms", "kg", 1), ("kilogrammes", "kg", 1), ("kilos", "kg", 1),
        ("kilogram", "kg", 1), ("grams", "g", 1), ("grammes", "g", 1), ("gram", "g", 1),
        ("tonnes", "t", 1), ("tonne", "t", 1), ("tons", "t", 1), ("ton", "t", 1),
        ("metric tons", "t", 1), ("metric tonnes", "t", 1), ("lbs", "lb", 1), ("lb", "lb", 1),
        ("pounds", "lb", 1), ("hectares", "ha", 1), ("hectare", "ha", 1), ("ha", "ha", 1),
        ("acres", "acre", 1), ("acre", "acre", 1), ("sq km", "km2", 1), ("km2", "km2", 1),
        ("km ²", "km2", 1), ("square kilometres", "km2", 1), ("square kilometers", "km2", 1),
        ("square metres", "m2", 1), ("square meters", "m2", 1), ("sq m", "m2", 1),
        ("square miles", "mi2", 1), ("sq miles", "mi2", 1), ("litres", "l", 1),
        ("liters", "l", 1), ("litre", "l", 1), ("liter", "l", 1), ("cubic metres", "m3", 1),
        ("cubic meters", "m3", 1), ("bcm", "m3", 10**9), ("barrels per day", "barrel/day", 1),
        ("barrels a day", "barrel/day", 1), ("bpd", "barrel/day", 1), ("barrels", "barrel", 1),
        ("barrel", "barrel", 1), ("bbl", "barrel", 1), ("kw", "kW", 1), ("mw", "MW", 1),
        ("gw", "GW", 1), ("kwh", "kWh", 1), ("mwh", "MWh", 1), ("gwh", "GWh", 1),
        ("twh", "TWh", 1), ("megawatts", "MW", 1), ("gigawatts", "GW", 1),
        ("kilowatts", "kW", 1), ("° c", "°C", 1), ("°c", "°C", 1),
        ("degrees celsius", "°C", 1), ("degrees centigrade", "°C", 1), ("degrees c", "°C", 1),
        ("° f", "°F", 1), ("degrees fahrenheit", "°F", 1), ("degrees f", "°F", 1),
        ("degrees", "degree", 1), ("degree", "degree", 1), ("km / h", "km/h", 1),
        ("kph", "km/h", 1), ("mph", "mph", 1), ("knots", "knot", 1),
        ("seconds", "second", 1), ("minutes", "minute", 1), ("hours", "hour", 1),
        ("days", "day", 1), ("weeks", "week", 1), ("months", "month", 1),
        ("years", "year", 1), ("decades", "decade", 1), ("centuries", "century", 1),
        ("second", "second", 1), ("minute", "minute", 1), ("hour", "hour", 1),
        ("day", "day", 1), ("week", "week", 1), ("month", "month", 1), ("year", "year", 1),
        ("decade", "decade", 1), ("century", "century", 1))},
}
# Units written attached to digits ("5km", "10kg", "100m" is read by phrases).
ATTACHED_UNITS = frozenset({"km", "kms", "cm", "mm", "kg", "ft", "lbs", "lb", "ha", "kw", "mw",
                            "gw", "kwh", "mwh", "gwh", "twh", "km2", "bcm", "bpd", "kph", "mph",
                            "pp", "ppt", "bp", "bps", "km²", "pct"})
# Units "N-unit" compounds take: "a 10-day truce", "a 45-year-old man", "a 5-km stretch".
COMPOUND_UNITS: dict[str, str] = {
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week",
    "month": "month", "year": "year", "decade": "decade", "century": "century", "km": "km",
    "kilometre": "km", "kilometer": "km", "mile": "mi", "metre": "m", "meter": "m",
    "foot": "ft", "kg": "kg", "tonne": "t", "ton": "t", "hectare": "ha", "acre": "acre",
}
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade",
                        "century"})

# Ratios: "doubled" is 2, "halved" 0.5.
RATIO_VERBS: dict[str, Decimal] = {
    **dict.fromkeys(("doubled", "doubles", "doubling"), Decimal(2)),
    **dict.fromkeys(("tripled", "triples", "tripling", "trebled", "trebles", "trebling"),
                    Decimal(3)),
    **dict.fromkeys(("quadrupled", "quadruples", "quadrupling"), Decimal(4)),
    **dict.fromkeys(("halved", "halving"), Decimal("0.5")),
}
# Ratio adverbs, read as ratios only before a comparative ("twice as many", "nearly twice
# the average"): alone they count occurrences ("visited twice").
RATIO_ADVERBS: dict[str, Decimal] = {"twice": Decimal(2), "thrice": Decimal(3)}
# Base forms, read as ratios only after a modal or "to" ("expected to double").
RATIO_BASE_VERBS: dict[str, Decimal] = {
    "double": Decimal(2), "triple": Decimal(3), "treble": Decimal(3),
    "quadruple": Decimal(4), "halve": Decimal("0.5"),
}
MODALS = frozenset("to will would could may might should can shall must".split())
# Words after "N times" that make it a ratio ("three times more"), not a count of times.
COMPARATIVES = frozenset(
    "more less fewer higher lower larger bigger smaller greater faster slower cheaper "
    "costlier longer shorter heavier as the over what that".split())
# Words that end in -er but are not comparatives, for the "-er" fallback.
NOT_COMPARATIVES = frozenset("after under other never either neither ever per over".split())
# Nouns a ratio can name right after "twofold": "a twofold increase".
CHANGE_NOUNS = frozenset(
    "increase increases rise rises jump growth decrease decline drop fall reduction surge "
    "gain gains hike".split())
# Verbs before "from X to Y" that make it a change (two figures), not a range.
CHANGE_VERBS = frozenset(
    "rise rises rose risen rising raise raises raised raising increase increases increased "
    "increasing grow grows grew grown growing climb climbs climbed climbing jump jumps jumped "
    "fall falls fell fallen falling drop drops dropped dropping decline declines declined "
    "declining cut cuts cutting reduce reduces reduced reducing lower lowers lowered lowering "
    "boost boosts boosted hike hikes hiked surge surged soar soared plunge plunged slide slid "
    "slip slipped edge edged shrink shrank shrunk revise revised revising move moved moving "
    "go went gone up down change changed changes doubled tripled halved trim trimmed "
    "upgrade upgraded downgrade downgraded".split())

# Words before a number that make it a label, not a quantity ("Article 4", "Flight 752").
LABEL_WORDS = frozenset(
    "article art section sec part chapter ch clause paragraph para item no nos number "
    "resolution amendment annex appendix page p room flight route highway gate level "
    "category phase stage grade version model vol volume table figure fig hall block "
    "building terminal platform line unit district precinct ward zone sector station channel "
    "episode season act title rule step tel phone fax ext apt suite floor exit junction pier "
    "track bus tram code class protocol point round matchday day week game race lap "
    "heat".split())
# Capitalised words that may stand right before a count ("In", "About", "Some 2,000").
CAPITALISED_OK = frozenset(
    "in on at by of about some over nearly almost around the only just another all and but "
    "with for from to between up under than exactly roughly approximately more less fewer "
    "least while when after before since until if as so yet or nor also those these its "
    "their his her our my your estimated an a".split())

# Words after which a four-digit number is a year ("in 2022", "the 2022 elections").
YEAR_CONTEXT = frozenset(
    "in since by of until till before after during from to through between around circa "
    "early late mid fiscal year end beginning spring summer fall autumn winter the and "
    "calendar this that its their his her our season class vintage".split())
# Years are four-digit numbers in this range (anything else is a count): 1000-2099.
MIN_YEAR, MAX_YEAR = 1000, 2099
