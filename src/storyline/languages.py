"""Languages as readers name them: a filter's "German", "Deutsch" or "de-AT" is "de", the
ISO 639-1 code articles are stored with (`clean.langid`)."""

from __future__ import annotations

from storyline.errors import UsageError

#: Language names a reader may type for a filter (English and native names, lower case),
#: with their ISO 639-1 codes: the languages news collections carry most.
LANGUAGE_NAMES = {
    "english": "en", "german": "de", "deutsch": "de", "french": "fr", "français": "fr",
    "francais": "fr", "spanish": "es", "español": "es", "espanol": "es", "italian": "it",
    "italiano": "it", "portuguese": "pt", "português": "pt", "portugues": "pt",
    "dutch": "nl", "nederlands": "nl", "russian": "ru", "русский": "ru", "ukrainian": "uk",
    "українська": "uk", "polish": "pl", "polski": "pl", "czech": "cs", "čeština": "cs",
    "swedish": "sv", "svenska": "sv", "norwegian": "no", "norsk": "no", "danish": "da",
    "dansk": "da", "finnish": "fi", "suomi": "fi", "icelandic": "is", "íslenska": "is",
    "greek": "el", "ελληνικά": "el", "turkish": "tr", "türkçe": "tr", "arabic": "ar",
    "العربية": "ar", "hebrew": "he", "עברית": "he", "persian": "fa", "farsi": "fa",
    "فارسی": "fa", "hindi": "hi", "हिन्दी": "hi", "chinese": "zh", "中文": "zh",
    "japanese": "ja", "日本語": "ja", "korean": "ko", "한국어": "ko", "kazakh": "kk",
    "қазақша": "kk", "romanian": "ro", "română": "ro", "hungarian": "hu", "magyar": "hu",
    "indonesian": "id", "bahasa indonesia": "id", "vietnamese": "vi", "tiếng việt": "vi",
}
#: The ISO 639-1 codes (all 184), what articles are stored with.
ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
yo za zh zu""".split())


def language_code(value: str) -> str:
    """The code a filter means: an ISO 639-1 code ("de", "de-AT", any case), another code
    the language detector gives ("yue"), or a language's name ("German", "Deutsch").
    Raises `UsageError` for anything else: a filter that can match nothing should say so,
    not list nothing."""
    typed = " ".join(value.split()).casefold()
    code = typed.replace("_", "-").split("-")[0]
    if code in ISO_639_1:
        return code
    if typed in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[typed]
    if code.isalpha() and code.isascii() and code in _detected_codes():
        return code
    raise UsageError(f"language {value[:40]!r}: give a two-letter ISO 639-1 code (en, de, "
                     "fr, ...) or a language's name (English, German, ...)")


def _detected_codes() -> frozenset[str]:
    """The codes the language detector may store besides ISO 639-1 ones (its model's
    labels: "yue", "arz", ...); loads the model, so only asked for an unusual code."""
    from storyline.clean.langid import detector_labels

    return detector_labels()
