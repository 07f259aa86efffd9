"""Word lists the mention and role rules read. Small on purpose: the common cases of
international news; anything missing simply stays as the model tagged it."""

from __future__ import annotations

# -- demonyms ---------------------------------------------------------------------------------
_DEMONYM_PAIRS = """
Afghan:Afghanistan Albanian:Albania Algerian:Algeria American:United_States
Argentine:Argentina Argentinian:Argentina Armenian:Armenia Australian:Australia
Austrian:Austria Azerbaijani:Azerbaijan Bahraini:Bahrain Bangladeshi:Bangladesh
Belarusian:Belarus Belarussian:Belarus Belgian:Belgium Bolivian:Bolivia Bosnian:Bosnia
Brazilian:Brazil British:United_Kingdom Bulgarian:Bulgaria Cambodian:Cambodia
Canadian:Canada Chilean:Chile Chinese:China Colombian:Colombia Croatian:Croatia Cuban:Cuba
Cypriot:Cyprus Czech:Czech_Republic Danish:Denmark Dutch:Netherlands Ecuadorian:Ecuador
Egyptian:Egypt Emirati:United_Arab_Emirates Eritrean:Eritrea Estonian:Estonia
Ethiopian:Ethiopia Filipino:Philippines Finnish:Finland French:France Georgian:Georgia
German:Germany Ghanaian:Ghana Greek:Greece Haitian:Haiti Hungarian:Hungary
Icelandic:Iceland Indian:India Indonesian:Indonesia Iranian:Iran Iraqi:Iraq Irish:Ireland
Israeli:Israel Italian:Italy Japanese:Japan Jordanian:Jordan Kazakh:Kazakhstan
Kazakhstani:Kazakhstan Kenyan:Kenya Kosovar:Kosovo Kuwaiti:Kuwait Kyrgyz:Kyrgyzstan
Latvian:Latvia Lebanese:Lebanon Libyan:Libya Lithuanian:Lithuania Malaysian:Malaysia
Malian:Mali Mexican:Mexico Moldovan:Moldova Mongolian:Mongolia Montenegrin:Montenegro
Moroccan:Morocco Nigerian:Nigeria Nigerien:Niger North_Korean:North_Korea
Norwegian:Norway Omani:Oman Pakistani:Pakistan Peruvian:Peru Philippine:Philippines
Polish:Poland Portuguese:Portugal Qatari:Qatar Romanian:Romania Russian:Russia
Rwandan:Rwanda Saudi:Saudi_Arabia Serbian:Serbia Slovak:Slovakia Slovenian:Slovenia
Somali:Somalia South_African:South_Africa South_Korean:South_Korea Soviet:Soviet_Union
Spanish:Spain Sudanese:Sudan Swedish:Sweden Swiss:Switzerland Syrian:Syria
Taiwanese:Taiwan Tajik:Tajikistan Tajikistani:Tajikistan Thai:Thailand Tunisian:Tunisia
Turkish:Turkey Turkmen:Turkmenistan Ugandan:Uganda Ukrainian:Ukraine Uzbek:Uzbekistan
Venezuelan:Venezuela Vietnamese:Vietnam Yemeni:Yemen Zimbabwean:Zimbabwe
"""


def _pairs(table: str) -> dict[str, str]:
    """"Kazakh:Kazakhstan North_Korean:North_Korea" -> {"Kazakh": "Kazakhstan", ...}."""
    pairs = (item.split(":") for item in table.split())
    return {left.replace("_", " "): right.replace("_", " ") for left, right in pairs}


#: Demonym -> the country it stands for when it is used for the state ("Kazakh authorities").
DEMONYMS: dict[str, str] = _pairs(_DEMONYM_PAIRS)


def _plural(demonym: str) -> str | None:
    """"Kazakhs", "Russians"; "French", "Swiss", "Chinese" have no plural in -s."""
    if demonym.endswith(("sh", "ch", "ss", "ese", "Czech")) or demonym == "Dutch":
        return None
    return demonym + "s"


#: Every surface form of a demonym (singular and plural) -> its singular.
DEMONYM_FORMS: dict[str, str] = {}
for _demonym in DEMONYMS:
    DEMONYM_FORMS[_demonym] = _demonym
    if (_plural_form := _plural(_demonym)) is not None:
        DEMONYM_FORMS[_plural_form] = _demonym
COUNTRIES = frozenset(DEMONYMS.values())

#: Nouns after a demonym that make it stand for the state: "Kazakh authorities",
#: "Russian troops", "the Kazakh side", "Kazakh President ..." ("Kazakh protesters" and
#: "Russian speakers" do not: those are people, and stay NORP).
STATE_NOUNS = frozenset("""
authorities government officials official president presidency prime premier leader
leadership side troops forces army military navy police ministry embassy ambassador envoy
diplomats diplomat delegation parliament state counterpart regime administration cabinet
minister spokesman spokeswoman spokesperson peacekeepers soldiers servicemen guards
intelligence special security law-enforcement warplanes jets vice foreign defense defence
interior deputy senate lawmakers legislature court prosecutors prosecutor
""".split())

# -- roles ------------------------------------------------------------------------------------
#: Words a role is made of ("Secretary General", "Foreign Minister", "Kremlin spokesman").
ROLE_WORDS = frozenset("""
president vice prime minister premier chancellor secretary general spokesman spokeswoman
spokesperson press foreign defense defence interior finance justice economy deputy first
chairman chairwoman chair director chief executive head commander ambassador envoy governor
mayor senator leader king queen emir prince pope ceo acting interim former state
councillor councilor councilman councilwoman alderman
minister-president secretary-general commander-in-chief
""".split())
#: Common nouns written capitalised before a title ("Health Secretary", "Cabinet
#: spokesman"), which a role's label shows in lower case unless they are part of a longer
#: name ("Health Ministry spokesman"); the model often tags them ORG on their own.
PORTFOLIOS = frozenset("""
health agriculture energy education transport transportation trade environment labour labor
culture housing treasury commerce industry tourism communications information immigration
security sport sports science technology welfare employment work pensions fisheries
development planning cabinet department ministry office government council agency coroner
""".split())
#: Role words that cannot be a role on their own ("first", "acting", "former", "state").
ROLE_MODIFIERS = frozenset("vice prime foreign defense defence interior finance justice economy "
                           "deputy first acting interim former press state executive".split())
#: Spellings that mean one title.
TITLE_SYNONYMS = {
    "secretary-general": "secretary general",
    "spokeswoman": "spokesperson",
    "spokesman": "spokesperson",
    "press secretary": "spokesperson",
    "premier": "prime minister",
    "defence minister": "defense minister",
    "chairwoman": "chairman",
    "chair": "chairman",
    "ceo": "chief executive",
    "head of government": "prime minister",
}
#: "chief", "head", "leader", "boss": the top role, tried in this order. For a country the
#: president comes before the prime minister (Russia, Kazakhstan, France; a country with no
#: president recorded falls through to its prime minister).
TOP_TITLES = ("president", "secretary general", "prime minister", "chancellor", "king",
              "queen", "emir", "chairman", "director general", "director", "chief executive",
              "head", "chief", "leader")
GENERIC_HEADS = frozenset({"chief", "head", "leader", "boss"})
#: "the head of state": whoever holds one of these for a country.
HEAD_OF_STATE_TITLES = ("president", "king", "queen", "emir")

#: Titles written before a name ("Mr.", "Gen."): a name after one is a person.
PERSON_TITLES = frozenset("""
mr mrs ms dr gen maj lt col capt sgt adm cmdr gov sen rep rev prof amb brig
mr. mrs. ms. dr. gen. maj. lt. col. capt. sgt. adm. cmdr. gov. sen. rep. rev. prof. amb. brig.
general colonel major captain lieutenant sergeant admiral marshal judge justice
""".split()) | ROLE_WORDS - ROLE_MODIFIERS

#: Words that make a name an organisation, so rules never turn it into a person.
ORG_WORDS = frozenset("""
organization organisation co ministry council committee party bank union agency group company
corp corporation inc ltd llc association university institute commission court parliament
assembly army forces service services department office federation league fund news times
post press network tv radio international foundation alliance treaty front movement club
team airlines airways railways police guard bureau authority board center centre school
college hospital church embassy government administration security industries holdings
act law bill cup championship games olympics festival awards prize survey programme
""".split())

#: Buildings that stand for a government in news writing: an organisation, not a place.
SEATS_OF_POWER = frozenset({"kremlin", "white house", "pentagon", "elysee", "élysée",
                            "downing street", "akorda", "ak orda", "quai d'orsay"})

#: Prepositions before a place, rarely before a person ("in Porto Alegre", "around
#: Grindavik"; "of", "from", "at" and "to" take people as often as places).
LOCATIVES = frozenset("in near outside around across along beneath throughout toward towards "
                      "into inside".split())

#: "the town of Grindavik", "residents of Almaty": nouns whose "of" takes a place.
PLACE_NOUNS = frozenset("town city village region province capital residents streets outskirts "
                        "suburbs port district municipality state republic island "
                        "peninsula".split())

#: Words a name never starts with; the model sometimes includes them ("the United Nations").
LEADING_DEBRIS = frozenset({"the", "a", "an"})
#: Words a name never ends with ("Anthony Salerno and").
TRAILING_DEBRIS = frozenset("and or of the a an in on at for to with by from &".split())
#: HTML entity names left bare by machine translation ("&mdash"): never a name.
ENTITY_DEBRIS = frozenset("mdash ndash quot nbsp amp apos laquo raquo hellip lsquo rsquo "
                          "ldquo rdquo".split())

# -- places -----------------------------------------------------------------------------------
#: Other names of a place, as news writes them -> the name we keep.
PLACE_ALIASES = {
    "US": "United States", "U.S.": "United States", "USA": "United States",
    "U.S.A.": "United States", "America": "United States",
    "United States of America": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "Kazakstan": "Kazakhstan", "Kyrgyz Republic": "Kyrgyzstan", "Russian Federation": "Russia",
    "Republic of Kazakhstan": "Kazakhstan", "Republic of Belarus": "Belarus",
}
