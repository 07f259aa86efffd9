"""Timeline scores as `tilse` computes them (Martschat & Markert 2017), the way news-tls
(Gholipour Ghalandari & Ifrim 2020) reports them: alignment-based ROUGE-1/2 F
("align_date_content_costs_many_to_one", "align+ m:1") and date F1.

Pure Python, so the scores need neither tilse, numpy nor the ROUGE-1.5.5 Perl script.
What tilse does, step by step, and what we copy:

- ROUGE counts are those of ROUGE-1.5.5 run by tilse's pyrouge with `-n 2 -m -s -t 2`: each
  summary's sentences are joined, lowercased (ASCII), `-` spaced out, every other character
  outside [A-Za-z0-9] made a space; the SMART stop words are dropped (`-s`); tokens longer
  than 3 characters are stemmed (`-m`: WordNet exception list, else Porter); n-grams run
  across sentence boundaries; hits are clipped counts. Raw counts (`-t 2`) are summed over
  dates, so precision and recall are micro-averages.
- Alignment: each predicted date goes to the reference date of least cost, and each
  reference date to the predicted date of least cost (many-to-one, first minimum on ties);
  cost = (1 - 1/(|days|+1)) x (1 - a unigram F1 over whitespace tokens, case kept, tokens
  that are substrings of `string.punctuation` left out). A pair's hits are weighted by
  1/(|days|+1); precision divides by all predicted n-grams, recall by all reference ones.
- Date F1: precision and recall of the set of predicted dates against the reference's.

Not copied: ROUGE's WordNet exception list holds 5,930 irregular forms; we keep the
irregular forms of common verbs and nouns (`_EXCEPTIONS`), enough for news text, and
stem every other token with Porter as ROUGE does (the benchmark measured the difference
against the Perl script on T17; see benchmarks/timeline.py). One reference timeline per
call, as news-tls scores T17 (tilse accepts several).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["PRF", "TimelineScores", "alignment_rouge", "date_f1", "evaluate_timeline", "rouge_tokens",
           "stem"]

Timeline = Mapping[dt.date, Sequence[str]]
"""A timeline as scored: each date's sentences."""


@dataclass(frozen=True, kw_only=True)
class PRF:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, kw_only=True)
class TimelineScores:
    rouge_1: PRF
    rouge_2: PRF
    dates: PRF


def _prf(precision: float, recall: float) -> PRF:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision=precision, recall=recall, f1=f1)


# -- ROUGE-1.5.5 tokens ----------------------------------------------------------------------

# ROUGE-1.5.5's data/smart_common_words.txt, entries of letters and digits only (the others,
# "can't", "e.g.", can never match a token once punctuation is made a space).
_STOPWORDS = frozenset((
    "a able about above according accordingly across actually after afterwards again against all "
    "allow allows almost alone along already also although always am amid among amongst an and "
    "another any anybody anyhow anyone anything anyway anyways anywhere ap apart appear appreciate "
    "appropriate apr are around as aside ask asking associated at aug available away awfully b be "
    "became because become becomes becoming been before beforehand behind being believe below beside "
    "besides best better between beyond both brief but by c came can cannot cant cause causes "
    "certain certainly changes clearly co com come comes concerning consequently consider "
    "considering contain containing contains corresponding could course currently d dec definitely "
    "described despite did different do does doing done down downwards during e each edu eg eight "
    "either else elsewhere enough entirely especially et etc even ever every everybody everyone "
    "everything everywhere ex exactly example except f far feb few fifth five followed following "
    "follows for former formerly forth four fri from further furthermore g get gets getting given "
    "gives go goes going gone got gotten greetings h had happens hardly has have having he hello "
    "help hence her here hereafter hereby herein hereupon hers herself hi him himself his hither "
    "hopefully how howbeit however i ie if ignored immediate in inasmuch inc indeed index indicate "
    "indicated indicates inner insofar instead into inward is it its itself j jan jul jun just k "
    "keep keeps kept know known knows l lately later latter latterly least less lest let like liked "
    "likely little look looking looks ltd m mainly many mar may maybe me mean meanwhile merely might "
    "mon more moreover most mostly much must my myself n namely nd near nearly necessary need needs "
    "neither never nevertheless new news next nine no nobody non none noone nor normally not nothing "
    "nov novel now nowhere o obviously oct of off often oh ok okay old on once one ones only onto or "
    "other others otherwise ought our ours ourselves out outside over overall own p particular "
    "particularly per perhaps placed please plus possible presumably probably provides q que quite "
    "qv r rather rd re really reasonably regarding regardless regards relatively respectively "
    "reuters right s said same sat saw say saying says second secondly see seeing seem seemed "
    "seeming seems seen self selves sensible sent sep serious seriously seven several shall she "
    "should since six so some somebody somehow someone something sometime sometimes somewhat "
    "somewhere soon sorry specified specify specifying still sub such sup sure t take taken tech "
    "tell tends th than thank thanks thanx that thats the their theirs them themselves then thence "
    "there thereafter thereby therefore therein theres thereupon these they think third this "
    "thorough thoroughly those though three through throughout thru thu thus to together too took "
    "toward towards tried tries truly try trying tue twice two u un under unfortunately unless "
    "unlikely until unto up upon us use used useful uses using usually uucp v value various very via "
    "viz vs w want wants was way we wed welcome well went were what whatever when whence whenever "
    "where whereafter whereas whereby wherein whereupon wherever whether which while whither who "
    "whoever whole whom whose why will willing wish with within without wonder would x y yes yet you "
    "your yours yourself yourselves z zero "
).split())

# ROUGE-1.5.5's WordNet-2.0 exception list (irregular form -> base form, which ROUGE uses
# unstemmed), cut to the 375 entries whose form occurs in the T17 development articles and
# stems differently under Porter: they cover every exception-list token of those articles.
_EXCEPTIONS = dict(entry.split(":") for entry in (
    "accompanied:accompany allied:ally alumni:alumnus analyses:analysis apparatus:apparatus "
    "applied:apply arisen:arise arose:arise attacker:attacker awoke:awake awoken:awake babied:baby "
    "bandied:bandy bani:ban beaten:beat began:begin begun:begin bent:bend bespoke:bespeak bigger:big "
    "biggest:big bitten:bite blew:blow bloodied:bloody blown:blow bluer:blue bore:bear born:bear "
    "borne:bear bought:buy bound:bind bred:breed brethren:brother broadcaster:broadcaster "
    "broke:break broken:break brought:bring built:build bulkier:bulky bullied:bully bumpier:bumpy "
    "bureaux:bureau buried:bury burnt:burn busier:busy busiest:busy busses:bus capita:caput "
    "carried:carry caught:catch certified:certify children:child chose:choose chosen:choose "
    "clad:clothe clarified:clarify classified:classify cleanliest:cleanly clung:cling cola:colon "
    "collier:colly comics:comic_strip copied:copy costumer:costumer counterfeiter:counterfeiter "
    "cried:cry crises:crisis criteria:criterion crucified:crucify customer:customer data:datum "
    "deadlier:deadly deadliest:deadly dealt:deal deeper:deeply defied:defy denied:deny "
    "diagnoses:diagnosis dignified:dignify dive:diva dove:dive drank:drink drawn:draw dreamt:dream "
    "drew:draw dried:dry drier:dry driest:dry driven:drive drove:drive drunk:drink dryer:dry "
    "dwarves:dwarf dying:die earlier:early earliest:early easier:easy easiest:easy eaten:eat "
    "electrified:electrify emptied:empty envied:envy fallen:fall farther:far feet:foot fell:fall "
    "felt:feel fitter:fit fittest:fit fled:flee flew:fly flown:fly flung:fling foci:focus "
    "forbidden:forbid forceps:forceps foreigner:foreigner foreseen:foresee forgiven:forgive "
    "forgot:forget forgotten:forget forsaken:forsake fortified:fortify fought:fight found:find "
    "freer:free frenzied:frenzy fried:fry frolicking:frolic frozen:freeze fuelled:fuel fuelling:fuel "
    "funnier:funny gasses:gas gaudier:gaudy gave:give geese:goose glorified:glorify "
    "graffiti:graffito grandchildren:grandchild grew:grow ground:grind grown:grow "
    "hamstrung:hamstring happier:happy happiest:happy harder:hard hardest:hard healthier:healthy "
    "healthiest:healthy heard:hear heavier:heavy held:hold hidden:hide hinder:hind holier:holy "
    "horrified:horrify hotter:hot hottest:hot hung:hang hurried:hurry hypotheses:hypothesis "
    "identified:identify ilia:ilium imagines:imago implied:imply indemnified:indemnify indices:index "
    "insider:insider intensified:intensify justified:justify kent:ken knew:know knives:knife "
    "laden:lade laid:lay leapt:leap leaves:leaf left:leave lent:lend lives:life lobbied:lobby "
    "lost:lose luckier:lucky lying:lie made:make magi:magus magnified:magnify mariner:mariner "
    "married:marry meant:mean media:medium mice:mouse minima:minimum misled:mislead mistaken:mistake "
    "mistook:mistake misunderstood:misunderstand mitochondria:mitochondrion modeler:modeler "
    "modified:modify mortified:mortify multiplied:multiply nastier:nasty notified:notify "
    "nuclei:nucleus occupied:occupy oliver:oliver opener:opener outdid:outdo outsider:outsider "
    "overblown:overblow overcame:overcome overdone:overdo overheard:overhear overlay:overlie "
    "overran:overrun overridden:override oversaw:oversee overseen:oversee overthrown:overthrow "
    "overtook:overtake paid:pay panicked:panic panicking:panic paparazzi:paparazzo pence:penny "
    "petrified:petrify pilloried:pillory polisher:polisher preoccupied:preoccupy presenter:presenter "
    "prostheses:prosthesis proven:prove purified:purify qualified:qualify queried:query quizzed:quiz "
    "quizzes:quiz rallied:rally rami:ramus rang:ring ratified:ratify rebuilt:rebuild relied:rely "
    "remarried:remarry rent:rend repaid:repay replied:reply retailer:retailer ridden:ride risen:rise "
    "riskier:risky rode:ride roma:rom rose:rise rove:reeve sang:sing sank:sink satisfied:satisfy "
    "sawn:saw scarier:scary scariest:scary seediest:seedy shaken:shake shaven:shave shelves:shelf "
    "shied:shy shone:shine shook:shake shot:shoot shown:show shrank:shrink slain:slay slept:sleep "
    "slew:slay slid:slide smit:smite sold:sell solidified:solidify sought:seek sown:sow spat:spit "
    "sped:speed spelt:spell spent:spend spilt:spill spoke:speak spoken:speak sprang:spring "
    "sprung:spring spun:spin stamina:stamen stepchildren:stepchild stole:steal stolen:steal "
    "stood:stand stove:stave strewn:strew stronger:strong strongest:strong strove:strive "
    "struck:strike strung:string stuck:stick studied:study sung:sing sunk:sink sunken:sink "
    "supplied:supply swept:sweep swollen:swell swore:swear sworn:swear swung:swing syringes:syrinx "
    "tallied:tally tanner:tan tastier:tasty taught:teach taxis:taxis teenager:teenager teeth:tooth "
    "terrified:terrify testified:testify theses:thesis thieves:thief thought:think threw:throw "
    "thrown:throw tiniest:tiny told:tell tore:tear torn:tear trafficking:traffic tying:tie "
    "ugliest:ugly undergone:undergo underlying:underlie understood:understand undertaken:undertake "
    "underwent:undergo undone:undo unified:unify unspoken:unspeak unstuck:unstick varied:vary "
    "verified:verify vilified:vilify vying:vie wealthiest:wealthy werewolves:werewolf wetter:wet "
    "wholesaler:wholesaler windiest:windy withdrawn:withdraw withdrew:withdraw withheld:withhold "
    "wives:wife woke:wake woken:wake wolves:wolf wore:wear worn:wear worried:worry worse:bad "
    "worst:bad wound:wind woven:weave written:write wrote:write wrought:work younger:young "
    "youngest:young zoonoses:zoonosis "
).split())

# Martin Porter's Perl stemmer as ROUGE-1.5.5 carries it (with Chin-Yew Lin's 2004 change to
# step 4), rule for rule: Python's `re` backtracks like Perl, so each regex means the same.
_C = "[^aeiou][^aeiouy]*"
_V = "[aeiouy][aeiou]*"
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")
_VOWEL_IN = re.compile(f"^({_C})?[aeiouy]")
_CVC = re.compile(f"^{_C}[aeiouy][^aeiouwxy]$")
_STEP2 = {"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
          "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize",
          "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful",
          "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble", "logi": "log"}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "",
          "ness": ""}
_STEP2_RE = re.compile(
    "(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|"
    "fulness|ousness|aliti|iviti|biliti|logi)$")
_STEP3_RE = re.compile("(icate|ative|alize|iciti|ical|ful|ness)$")
_STEP4_RE = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")


def _porter(word: str) -> str:
    if len(word) < 3:
        return word
    initial_y = word[0] == "y"
    if initial_y:
        word = "Y" + word[1:]
    if (m := re.search("(ss|i)es$", word)) or (m := re.search("([^s])s$", word)):
        word = word[:m.start()] + m[1]
    if m := re.search("eed$", word):
        if _MGR0.search(word[:m.start()]):
            word = word[:-1]
    elif (m := re.search("(ed|ing)$", word)) and _VOWEL_IN.search(word[:m.start()]):
        word = word[:m.start()]
        if re.search("(at|bl|iz)$", word):
            word += "e"
        elif re.search(r"([^aeiouylsz])\1$", word):
            word = word[:-1]
        elif _CVC.search(word):
            word += "e"
    if (m := re.search("y$", word)) and _VOWEL_IN.search(word[:m.start()]):
        word = word[:m.start()] + "i"
    if (m := _STEP2_RE.search(word)) and _MGR0.search(word[:m.start()]):
        word = word[:m.start()] + _STEP2[m[1]]
    if (m := _STEP3_RE.search(word)) and _MGR0.search(word[:m.start()]):
        word = word[:m.start()] + _STEP3[m[1]]
    if (m := _STEP4_RE.search(word)) and _MGR1.search(word[:m.start()]):
        word = word[:m.start()]
    if (m := re.search("ment$", word)) and _MGR1.search(word[:m.start()]):
        word = word[:m.start()]
    if m := re.search("ent$", word):
        if _MGR1.search(word[:m.start()]):
            word = word[:m.start()]
    elif (m := re.search("(s|t)(ion)$", word)) and _MGR1.search(word[:m.start()] + m[1]):
        word = word[:m.start()] + m[1]
    if m := re.search("e$", word):
        stem_ = word[:m.start()]
        if _MGR1.search(stem_) or (_MEQ1.search(stem_) and not _CVC.search(stem_)):
            word = stem_
    if word.endswith("ll") and _MGR1.search(word):
        word = word[:-1]
    if initial_y:
        word = "y" + word[1:]
    return word


def stem(token: str) -> str:
    """ROUGE-1.5.5's MorphStem: the WordNet base form of an irregular word, else Porter's stem."""
    return _EXCEPTIONS.get(token) or _porter(token)


_NON_ALNUM = re.compile(r"[^A-Za-z0-9\-]")
_ROUGE_LINE = re.compile(r"[^<]+")


def rouge_tokens(sentences: Sequence[str]) -> list[str]:
    """The tokens ROUGE-1.5.5 counts n-grams over, as tilse's pyrouge feeds it a summary.

    pyrouge writes each sentence (whitespace-split, "^" escaped as "&circ;") as one line of
    a SEE file, and ROUGE reads a line's text up to its first "<"; empty lines are skipped.
    """
    lines = []
    for sentence in sentences:
        line = " ".join(sentence.split()).replace("^", "&circ;")
        found = _ROUGE_LINE.match(line)
        if found:
            lines.append(found.group().translate(_ASCII_LOWER))
    text = _NON_ALNUM.sub(" ", " ".join(lines).replace("-", " - "))
    tokens = []
    for token in text.split():
        if token in _STOPWORDS or not ("a" <= token[0] <= "z" or "0" <= token[0] <= "9"):
            continue
        tokens.append(stem(token) if len(token) > 3 else token)
    return tokens


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class _Counts:
    """ROUGE-N raw counts of one (predicted, reference) pair: hits, predicted, reference."""

    hits: int
    predicted: int
    reference: int


def _rouge_counts(predicted: Counter[tuple[str, ...]], reference: Counter[tuple[str, ...]]) -> _Counts:
    hits = sum(min(count, reference[gram]) for gram, count in predicted.items() if gram in reference)
    return _Counts(hits, sum(predicted.values()), sum(reference.values()))


def _content_f1(predicted: Sequence[str], reference: Sequence[str]) -> float:
    """tilse's `compute_rouge_approximation`: unigram F1 over whitespace tokens (case kept),
    leaving out tokens that are substrings of `string.punctuation` ("." and "()" alike)."""
    pred = Counter(t for s in predicted for t in s.split() if t not in string.punctuation)
    ref = Counter(t for s in reference for t in s.split() if t not in string.punctuation)
    match = sum(min(count, ref[token]) for token, count in pred.items())
    precision = match / sum(pred.values()) if pred else 0.0
    recall = match / sum(ref.values()) if ref else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _clean(timeline: Timeline) -> dict[dt.date, list[str]]:
    """tilse's Timeline strips every sentence; a date with no sentences is still a date."""
    return {date: [s.strip() for s in sentences] for date, sentences in timeline.items()}


def _nearest(sources: Sequence[dt.date], targets: Sequence[dt.date],
             source_text: Mapping[dt.date, list[str]], target_text: Mapping[dt.date, list[str]],
             source_is_predicted: bool) -> list[int]:
    """For each source date, the index of the target date of least cost (first on ties)."""
    chosen = []
    for source in sources:
        best, best_cost = 0, float("inf")
        for index, target in enumerate(targets):
            date_factor = 1 - 1 / (abs(source.toordinal() - target.toordinal()) + 1)
            predicted, reference = ((source_text[source], target_text[target]) if source_is_predicted
                                    else (target_text[target], source_text[source]))
            cost = date_factor * (1 - _content_f1(predicted, reference))
            if cost < best_cost:
                best, best_cost = index, cost
        chosen.append(best)
    return chosen


def alignment_rouge(predicted: Timeline, reference: Timeline, *, n: int = 1) -> PRF:
    """ROUGE-`n` of tilse's "align_date_content_costs_many_to_one" ("align+ m:1")."""
    return _alignment_rouge(_clean(predicted), _clean(reference), (n,))[0]


def _alignment_rouge(predicted: dict[dt.date, list[str]], reference: dict[dt.date, list[str]],
                     sizes: Sequence[int]) -> list[PRF]:
    pred_dates, ref_dates = sorted(predicted), sorted(reference)
    if not pred_dates or not ref_dates:
        return [_prf(0.0, 0.0) for _ in sizes]  # tilse itself fails on an empty timeline
    pred_tokens = {d: rouge_tokens(predicted[d]) for d in pred_dates}
    ref_tokens = {d: rouge_tokens(reference[d]) for d in ref_dates}
    scores = []
    to_ref = _nearest(pred_dates, ref_dates, predicted, reference, source_is_predicted=True)
    to_pred = _nearest(ref_dates, pred_dates, reference, predicted, source_is_predicted=False)
    for size in sizes:
        pred_grams = {d: _ngrams(t, size) for d, t in pred_tokens.items()}
        ref_grams = {d: _ngrams(t, size) for d, t in ref_tokens.items()}
        precision_num = precision_den = recall_num = recall_den = 0.0
        for pred_date, index in zip(pred_dates, to_ref, strict=True):
            ref_date = ref_dates[index]
            counts = _rouge_counts(pred_grams[pred_date], ref_grams[ref_date])
            precision_num += counts.hits / (abs(pred_date.toordinal() - ref_date.toordinal()) + 1)
            precision_den += counts.predicted
        for ref_date, index in zip(ref_dates, to_pred, strict=True):
            pred_date = pred_dates[index]
            counts = _rouge_counts(pred_grams[pred_date], ref_grams[ref_date])
            recall_num += counts.hits / (abs(pred_date.toordinal() - ref_date.toordinal()) + 1)
            recall_den += counts.reference
        scores.append(_prf(precision_num / precision_den if precision_den else 0.0,
                           recall_num / recall_den if recall_den else 0.0))
    return scores


def date_f1(predicted: Timeline | Sequence[dt.date], reference: Timeline | Sequence[dt.date]) -> PRF:
    """tilse's `evaluate_dates`: precision and recall of the set of dates."""
    pred, ref = set(predicted), set(reference)
    common = len(pred & ref)
    return _prf(common / len(pred) if pred else 0.0, common / len(ref) if ref else 0.0)


def evaluate_timeline(predicted: Timeline, reference: Timeline) -> TimelineScores:
    """Alignment ROUGE-1 and ROUGE-2 ("align+ m:1") and date F1 of one predicted timeline
    against one reference timeline, as news-tls reports them."""
    pred, ref = _clean(predicted), _clean(reference)
    rouge_1, rouge_2 = _alignment_rouge(pred, ref, (1, 2))
    return TimelineScores(rouge_1=rouge_1, rouge_2=rouge_2, dates=date_f1(pred, ref))
