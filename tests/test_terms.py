from dataclasses import replace

import pytest

from mtqa.errors import InputError
from mtqa.model import Segment
from mtqa.read import read_story
from mtqa.scorers.base import Pair, Story
from mtqa.scorers.terms import TermsScorer
from mtqa.segment import split_sentences
from mtqa.termbase import TermEntry, Termbase, read_termbase
from mtqa.termmatch import find_term, inflect

from .conftest import SOURCES, TARGET, TARIFF

NON_TARIFF = ("“We were able to have concrete discussions on topics such as expanding our bilateral trade, "
              "non-tariff measures, and cooperation on economic security,” Akazawa said to reporters on Thursday "
              "in Washington after the gathering.")


# --- matching through inflection -----------------------------------------------------------------------------


@pytest.mark.parametrize("term, text, lang, found", [
    ("medida não tarifária", "as medidas não tarifárias", "pt", "medidas não tarifárias"),
    ("barreira não tarifária", "barreiras não-tarifárias.", "pt", "barreiras não-tarifárias"),
    ("medidas não tarifárias", "uma medida não tarifária", "pt", "medida não tarifária"),
    ("secretário do Tesouro", "a secretária do Tesouro", "pt", "secretária do Tesouro"),
    ("acordo comercial", "dois acordos comerciais", "pt", "acordos comerciais"),
    ("segurança econômica", "segurança económica", "pt", "segurança económica"),
    ("primeiro-ministro", "o primeiro -ministro japonês", "pt", "primeiro -ministro"),
    ("non-tariff measure", "the non-tariff measures", "en", "non-tariff measures"),
    ("non-tariff measures", "nontariff measures", "en", "nontariff measures"),
    ("non-tariff measures", "non tariff measures", "en", "non tariff measures"),
    ("Non-Tariff Barriers", "on nontariff barriers,", "en", "nontariff barriers"),
    ("levy", "higher levies", "en", "levies"),
    ("US Trade Representative", "U.S. Trade Representative Jamieson Greer", "en", "U.S. Trade Representative"),
])
def test_a_term_is_found_in_its_inflections(term, text, lang, found):
    assert [text[start:end] for start, end in find_term(term, text, lang)] == [found]


@pytest.mark.parametrize("term, text, lang", [
    ("tariff", "non-tariff measures", "en"),  # not inside a compound
    ("Treasuries", "US Treasury Secretary Scott Bessent", "en"),  # "-ies" plurals are nouns of their own
    ("US Trade Representative", "the trade representative told us", "en"),  # "US" only in capitals
    ("medidas não tarifárias", "medidas não guardianas", "pt"),
    ("país", "os pais", "pt"),  # a short word keeps its accents
])
def test_other_words_are_not_the_term(term, text, lang):
    assert find_term(term, text, lang) == []


def test_a_term_is_inflected_for_number():
    assert inflect("medida não tarifária", True, "pt") == "medidas não tarifárias"
    assert inflect("medidas não tarifárias", False, "pt") == "medida não tarifária"
    assert inflect("secretário do Tesouro", True, "pt") == "secretários do Tesouro"
    assert inflect("acordo comercial", True, "pt") == "acordos comerciais"
    assert inflect("non-tariff measure", True, "en") == "non-tariff measures"


# --- reading termbases -------------------------------------------------------------------------------------


def test_the_tsv_and_tbx_termbases_are_the_same():
    tsv = read_termbase(str(TARIFF / "termbase.tsv"))
    tbx = read_termbase(str(TARIFF / "termbase.tbx"))
    assert tsv == tbx and not tsv.warnings and not tbx.warnings
    assert (tsv.source_lang, tsv.target_lang) == ("en", "pt")
    assert 15 <= len(tsv.entries) <= 30
    entry = next(e for e in tsv.entries if e.source == "non-tariff measures")
    assert entry.approved == ("medidas não tarifárias",) and entry.forbidden == ("medidas não pautais",)
    levy = next(e for e in tsv.entries if e.source == "levy")
    assert levy.approved == ("tarifa", "taxa", "imposto")


def test_tbx_v3_with_namespaces_and_normative_authorization(tmp_path):
    tbx = tmp_path / "v3.tbx"
    tbx.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
  <text><body>
    <conceptEntry id="1">
      <langSec xml:lang="en-US"><termSec><term>bargaining chip</term></termSec></langSec>
      <langSec xml:lang="pt-BR">
        <termSec><term>moeda de troca</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>chip de barganha</term><termNote type="normativeAuthorization">deprecated</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="2">
      <langSec xml:lang="en"><termSec><term>tariff</term></termSec></langSec>
      <langSec xml:lang="es"><termSec><term>arancel</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>""", encoding="utf-8")
    termbase = read_termbase(str(tbx), "en", "pt-BR")
    assert termbase.entries == (TermEntry("bargaining chip", ("moeda de troca",), ("chip de barganha",)),)
    assert len(termbase.warnings) == 1 and "entry 2 has no pt term" in termbase.warnings[0]


_BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE martif [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&lol3;</term></tig></langSet>
<langSet xml:lang="pt"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>"""

_EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&secret;</term></tig></langSet>
<langSet xml:lang="pt"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>"""


@pytest.mark.parametrize("content", [_BILLION_LAUGHS, _EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_hostile_tbx_is_refused(tmp_path, content):
    path = tmp_path / "hostile.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="refused") as caught:
        read_termbase(str(path))
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert "root:" not in str(caught.value)


@pytest.mark.parametrize("name, content, problem", [
    ("short.tsv", "en\tpt\nnon-tariff measures\n", "1 cells where the header has 2"),
    ("no-target.tsv", "en\tpt\tnote\ntariff\t\tx\n", "'tariff' has no pt term"),
    ("one-language.csv", "en,note\ntariff,x\n", "two languages"),
    ("bad-header.csv", "en,pt,comments please\ntariff,tarifa,x\n", "neither a language code"),
    ("empty.tsv", "\n\n", "empty"),
    ("broken.tbx", "<martif><text><body><termEntry></martif>", "not well-formed XML"),
])
def test_malformed_termbases_are_refused_in_one_line(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=problem) as caught:
        read_termbase(str(path))
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)


def test_a_termbase_not_in_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.tsv"
    path.write_bytes("en\tpt\ntariff\ttarifa não\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"not valid UTF-8 \(byte 0xe3 at offset 21\); convert it first, e\.g\. iconv"):
        read_termbase(str(path))


def test_a_termbase_in_utf16_with_its_mark_is_read_as_a_table_is(tmp_path):
    """Saved by a Windows tool (iconv -t utf-16 writes the mark): a table of rows was read, a termbase refused."""
    written = (TARIFF / "termbase.tsv").read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        data = written.encode(encoding)
        if encoding != "utf-16":
            data = ("\ufeff" + written).encode(encoding)
        path = tmp_path / f"termbase-{encoding}.tsv"
        path.write_bytes(data)
        assert read_termbase(str(path)).entries == read_termbase(str(TARIFF / "termbase.tsv")).entries
    binary = tmp_path / "binary.tsv"
    binary.write_bytes(b"en\tpt\n\x00\x01\x02\x03")
    with pytest.raises(InputError, match="this looks like a binary file, not a UTF-8 text termbase$"):
        read_termbase(str(binary))


def test_csv_languages_are_chosen_by_tag(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("pt-BR,en-US,forbidden\n\"tarifa|tarifário\",tariff,pauta\n", encoding="utf-8")
    termbase = read_termbase(str(path), source_lang="en", target_lang="pt")
    assert termbase.entries == (TermEntry("tariff", ("tarifa", "tarifário"), ("pauta",)),)
    with pytest.raises(InputError, match="no 'es' terms"):
        read_termbase(str(path), source_lang="en", target_lang="es")


# --- the scorer ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document():
    return read_story(str(TARGET))


@pytest.fixture(scope="module")
def segments(document):
    return split_sentences(document.text, "pt", document.body_start)


@pytest.fixture(scope="module")
def pool():
    stories = [read_story(str(path)) for path in SOURCES]
    return tuple(s.text for story in stories for s in split_sentences(story.text, "en", story.body_start))


def _story(engine, pool=(NON_TARIFF,), termbase=None):
    def translate(texts, from_lang, to_lang):
        return engine.cache.translate(engine.translator, list(texts), from_lang, to_lang)

    return Story(source_lang="en", target_lang="pt", pool=tuple(pool), translate=translate, termbase=termbase)


def _pair(story, segment, sources, kind="parallel"):
    return Pair(segment, story.translate([segment.text], "pt", "en")[0], kind, tuple(sources),
                tuple(story.translate(list(sources), "en", "pt")))


def _check_offsets(issues, text):
    for issue in issues:
        assert text[issue.start:issue.end] == issue.text


def test_a_wrong_term_is_located_and_the_approved_one_suggested(engine, document, segments):
    story = _story(engine, termbase=read_termbase(str(TARIFF / "termbase.tsv")))
    issues = TermsScorer().score(_pair(story, segments[0], [NON_TARIFF]), story)
    _check_offsets(issues, document.text)
    by_term = {i.evidence["source_term"]: i for i in issues}
    assert sorted(by_term) == ["economic security", "non-tariff measures"]
    # "cooperação econômica e de segurança" splits the approved "segurança econômica": its words are the place.
    assert by_term["economic security"].text == "econômica e de segurança"
    assert by_term["economic security"].suggestion == "segurança econômica"
    issue = by_term["non-tariff measures"]
    assert issue.text in ("medidas não guardianas", "não guardianas")
    assert (issue.category, issue.severity, issue.scorer) == ("terminology", "major", "terms")
    assert issue.suggestion == "medidas não tarifárias"
    assert "non-tariff measures" in issue.message and "medidas não tarifárias" in issue.message
    assert issue.evidence == {"source_term": "non-tariff measures", "approved": "medidas não tarifárias",
                              "termbase": str(TARIFF / "termbase.tsv")}


def test_a_term_the_sentence_leaves_out_counts_against_its_original_only(engine):
    """The sentence drops 'non-tariff measures' from Akazawa's quote: against the story it translates, a major; against
    another outlet's wording of the quote, which may say more than the target's original, nothing to report."""
    story = _story(engine, termbase=read_termbase(str(TARIFF / "termbase.tsv")))
    text = ('"Conseguimos progredir em discussões específicas sobre o comércio bilateral e a segurança econômica", '
            "disse Akazawa a repórteres.")
    pair = _pair(story, Segment(0, 0, len(text), text, "pt"), [NON_TARIFF])
    (issue,) = TermsScorer().score(pair, story)
    assert (issue.severity, issue.start, issue.end) == ("major", 0, len(text)) and "lacks" in issue.message
    assert TermsScorer().score(replace(pair, from_original=False), story) == []


@pytest.mark.parametrize("corrected", ["medidas não tarifárias", "medida não-tarifária",
                                       "barreiras e medidas não tarifárias"])
def test_the_approved_term_in_any_inflection_is_clean(engine, segments, corrected, pool):
    story = _story(engine, pool, termbase=read_termbase(str(TARIFF / "termbase.tbx")))
    text = segments[0].text.replace("medidas não guardianas", corrected).replace(
        "cooperação econômica e de segurança", "cooperação em segurança econômica")
    segment = Segment(0, 0, len(text), text, "pt")
    assert TermsScorer().score(_pair(story, segment, [NON_TARIFF]), story) == []


def test_a_forbidden_term_is_reported_where_it_stands(engine, document, segments):
    # a client's termbase that bans the calque; the shipped one only gives the approved term
    termbase = Termbase("en", "pt", (TermEntry("bargaining chip", ("moeda de troca",), ("chip de barganha",)),))
    story = _story(engine, termbase=termbase)
    issues = TermsScorer().score(_pair(story, segments[6], [], kind="none"), story)
    _check_offsets(issues, document.text)
    assert [(i.text, i.severity, i.suggestion) for i in issues] == [("chip de barganha", "major", "moeda de troca")]
    assert issues[0].evidence["forbidden"] == "chip de barganha"


def test_a_termbase_for_other_languages_is_not_applied(engine, segments):
    termbase = Termbase("pt", "en", (TermEntry("medidas não guardianas", ("non-tariff measures",)),))
    story = _story(engine, termbase=termbase)
    assert TermsScorer().score(_pair(story, segments[0], [NON_TARIFF], kind="partial"), story) == []


def test_a_recurring_source_phrase_translated_inconsistently_is_proposed(engine, document, segments, pool):
    story = _story(engine, pool)
    issues = TermsScorer().score(_pair(story, segments[0], [NON_TARIFF]), story)
    _check_offsets(issues, document.text)
    assert [(i.text, i.category, i.severity) for i in issues] == [("medidas não guardianas", "terminology", "minor")]
    assert issues[0].evidence["source_term"] == "non-tariff measures"
    assert "terms.recurring" in story.memo


def test_sentences_that_translate_their_terms_are_clean(engine, segments, pool):
    story = _story(engine, pool)
    for segment, source in [(segments[1], "In Thursday's 130-minute session, held at the Treasury Department, Akazawa "
                             "met with US Treasury Secretary Scott Bessent, US Trade Representative Jamieson Greer and "
                             "US Commerce Secretary Howard Lutnick."),
                            (segments[0], NON_TARIFF.replace("non-tariff measures", "nontariff barriers"))]:
        assert TermsScorer().score(_pair(story, segment, [source], kind="partial"), story) == []


def test_a_termbase_is_read_in_the_direction_of_the_comparison(tmp_path):
    """Columns in either order give the same issues; a termbase without the comparison's languages is refused."""
    import mtqa
    from mtqa.errors import InputError

    tsv = TARIFF / "termbase.tsv"
    lines = tsv.read_text(encoding="utf-8").splitlines()
    swapped = tmp_path / "pt-first.tsv"
    swapped.write_text("".join("\t".join([c[1], c[0], *c[2:]]) + "\n"
                               for c in (line.split("\t") for line in lines if not line.startswith("#"))), encoding="utf-8")

    def found(termbase):
        report = mtqa.compare(TARGET, SOURCES, termbase=termbase, scorers="terms")
        return [(i.text, i.suggestion) for i in report.comparison.issues]

    assert found(swapped) == found(tsv) and len(found(tsv)) >= 3
    other = tmp_path / "fr-de.csv"
    other.write_text("fr,de\ntarif,Zoll\n", encoding="utf-8")
    with pytest.raises(InputError, match="has no 'en' terms"):
        found(other)
