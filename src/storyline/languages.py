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
_CODE = frozenset("abcdefghijklmnopqrstuvwxyz")


def language_code(value: str) -> str:
    """The ISO 639-1 code a filter means: a code ("de", "de-AT", any case) or a language's
    name ("German", "Deutsch"). Raises `UsageError` for anything else: a filter that can
    match nothing should say so, not list nothing."""
    typed = " ".join(value.split()).casefold()
    code = typed.replace("_", "-").split("-")[0]
    if len(code) == 2 and set(code) <= _CODE:
        return code
    if typed in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[typed]
    raise UsageError(f"language {value[:40]!r}: give a two-letter code (en, de, fr, ...) "
                     "or a language's name (English, German, ...)")
