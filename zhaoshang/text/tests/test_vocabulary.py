"""The word lists the pipeline is built from: data files, each read, each word listed once."""

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

import zhaoshang.currencies.amounts  # noqa: F401  (reads the currency vocabulary it shares with the pipeline)
import zhaoshang.text  # noqa: F401  (compiles every pattern, which reads every vocabulary file)
from zhaoshang.core import vocabulary as core_vocabulary
from zhaoshang.core.numerals import QUALIFIERS
from zhaoshang.text import extract, vocabulary
from zhaoshang.text.events import STAGES

ROOT = Path(__file__).resolve().parents[3]
ALL_FILES = [*vocabulary.files(), *sorted(core_vocabulary.DATA.iterdir())]


def _entries(path: Path) -> set[str]:
    return {row[0] for row in core_vocabulary.read_rows(path)}


def _file(name: str) -> Path:
    return next(p for p in ALL_FILES if p.name == name)


def test_every_vocabulary_file_is_read_by_the_pipeline_or_the_money_parser():
    core_vocabulary.unit_words()  # the figure formatter (core.figures) reads its unit words on first use
    unread = [p.name for p in ALL_FILES if p.resolve() not in core_vocabulary.files_read()]
    assert not unread, f"orphan vocabulary files (no module reads them): {unread}"


def test_vocabulary_files_are_text_or_tab_separated_tables_only():
    assert {p.suffix for p in ALL_FILES} <= {".txt", ".tsv"}
    assert [p.name for p in ALL_FILES if p.suffix == ".txt" and any("\t" in line for line in
            p.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))] == []


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_each_file_lists_each_entry_once(path):
    lines = [line.split("\t")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    repeated = sorted({w for w in lines if lines.count(w) > 1})
    assert not repeated, f"{path.name} repeats {repeated}"
    assert all(lines), f"{path.name} has an entry with an empty first column"


def test_a_repeated_entry_is_refused_when_read(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# a comment\n公司\n集团\n公司\n", encoding="utf-8")
    with pytest.raises(ValueError, match="公司"):
        core_vocabulary.read_rows(path)


# Files whose words are alternatives in one place, so a word in two of them would be two rules for it.
SAME_KIND = {
    "words after a number": ["measures.tsv", "counters.tsv", "ratios.tsv"],
    "words before a figure": ["figure_prefixes.tsv", "qualifiers_before.tsv"],
    "openings of boilerplate lines": ["boilerplate_headings.tsv", "boilerplate_tools.tsv", "boilerplate_labels.txt",
                                      "boilerplate_breadcrumbs.txt", "boilerplate_counters.txt"],
    "words that make a stage not yet done": ["plan_words.txt", "future_words.txt"],
    "what a name may start with besides a division": ["regions.tsv", "countries.txt"],
    "description words before 科技/汽车": ["brand_not.txt", "brand_generic.txt"],
    "regional headquarters": ["hq_regions.txt", "hq_units.txt"],
    "place names that are not mentions": ["city_short_stops.txt", "generic_counties.txt"],
    "clauses about the project before": ["anaphor_leads.txt", "anaphor_nouns.tsv"],
    "unnamed subsidiaries": ["subsidiary_words.txt", "unnamed_words.txt"],
}


@pytest.mark.parametrize("kind", SAME_KIND)
def test_files_of_one_kind_share_no_entry(kind):
    sets = {name: _entries(_file(name)) for name in SAME_KIND[kind]}
    for a, b in itertools.combinations(sets, 2):
        assert not sets[a] & sets[b], f"{kind}: {a} and {b} both list {sorted(sets[a] & sets[b])}"


def test_news_currency_words_are_no_other_unit():
    news = set(core_vocabulary.currency_words("news"))
    for name in SAME_KIND["words after a number"]:
        assert not news & _entries(_file(name)), name


# Columns that hold a fixed set of values: a misspelt one would silently drop a word from its pattern.
KINDS = {"company", "academic", "park", "zone", "gov", "exchange", "association"}
VALUES = {
    ("org_suffixes.tsv", 1): KINDS,
    ("org_suffixes.tsv", 3): {"province-generic", "in-gov-name", "bank"},
    ("stages.tsv", 1): {name for name, _ in STAGES},
    ("figure_prefixes.tsv", 1): set(QUALIFIERS),
    ("ratio_key_prefixes.tsv", 1): set(QUALIFIERS),
    ("qualifiers_before.tsv", 1): set(QUALIFIERS),
    ("qualifiers_after.tsv", 1): set(QUALIFIERS),
    ("measures.tsv", 1): {"m2", "mu", "km", "ton", "TEU", "kwh"},
    ("currencies.tsv", 3): set(core_vocabulary.READERS),
    ("byline_roles.tsv", 1): {"line"},
    ("boilerplate_headings.tsv", 1): {"tail"},
    ("boilerplate_marks.tsv", 1): {"anycase"},
    ("boilerplate_tools.tsv", 1): {"anycase"},
    ("label_verbs.tsv", 1): {"subject"},
    ("regions.tsv", 1): {"label", "name"},
    ("money_words.tsv", 1): {"label", "verb", "parties", "capital", "owner"},
    ("company_verbs.tsv", 1): {"start"},
    ("zone_generic.tsv", 1): {"start", "end"},
    ("anaphor_nouns.tsv", 1): {"by"},
    ("threshold_bounds.tsv", 1): {"above"},
}


@pytest.mark.parametrize(("name", "index"), VALUES, ids=lambda v: str(v))
def test_tag_and_value_columns_hold_known_values(name, index):
    used = {value for row in core_vocabulary.read_rows(_file(name))
            for value in core_vocabulary.column(row, index).split()}
    assert used <= VALUES[name, index], f"{name} column {index}: unknown {sorted(used - VALUES[name, index])}"


def test_every_stage_has_verbs():
    assert all(pattern for _, pattern in STAGES)


def test_words_ending_in_ju_are_two_characters():
    assert all(len(w) == 2 and w.endswith("局") for w in vocabulary.words("ju_words.txt"))


def test_alternation_tries_longer_words_first_and_escapes_them():
    pattern = re.compile(core_vocabulary.alternation(["公里", "平方公里", "US$"]))
    assert pattern.match("平方公里").group() == "平方公里"
    assert pattern.match("US$").group() == "US$"
    assert pattern.match("USD") is None


def test_alternation_guards_words_by_what_follows_and_precedes():
    pattern = re.compile(core_vocabulary.alternation(["位", "由"], ahead={"位": "于 置"}, behind={"由": "自 理"}))
    assert [m.group() for m in pattern.finditer("3位位于理由来由")] == ["位", "由"]


def _flat(words, ahead=None, behind=None):
    """The plain form of an alternation: every word escaped, longest first, with its lookarounds."""
    ahead, behind = ahead or {}, behind or {}
    parts = []
    for word in sorted(dict.fromkeys(words), key=len, reverse=True):
        part = re.escape(word)
        if behind.get(word):
            part = f"(?<!{'|'.join(map(re.escape, behind[word].split()))})" + part
        if ahead.get(word):
            part += f"(?!{'|'.join(map(re.escape, ahead[word].split()))})"
        parts.append(part)
    return "|".join(parts)


@pytest.mark.parametrize("context", ["{}", "(?:{})$", "(?:{})(?=万|$)", "^(?:{})+$"])
def test_alternation_as_a_tree_matches_where_the_flat_list_does(context):
    # Words sharing their beginnings, a word that is a beginning of another, guarded words, and texts
    # where the longest word fails its guard or the rest of the pattern and a shorter one must match.
    words = ["公", "公里", "公顷", "平方公里", "平方米", "米", "万", "万元", "万美元", "美元", "元", "位", "位于"]
    ahead = {"公里": "数", "万元": "以", "位": "置"}
    behind = {"米": "厘 毫", "元": "美"}
    texts = ["平方公里", "公里数", "公顷", "厘米平方米", "毫米", "3万元以上", "万美元", "美元", "元万元", "位置位于",
             "公里万", "平方米万", "公公里", "万元万", "五百万美元万", "公里公顷公"]
    tree = re.compile(context.format(core_vocabulary.alternation(words, ahead=ahead, behind=behind)))
    flat = re.compile(context.format(_flat(words, ahead=ahead, behind=behind)))
    for text in texts:
        for pos in range(len(text)):
            assert [m.span() for m in tree.finditer(text, pos)] == [m.span() for m in flat.finditer(text, pos)], \
                (text, pos)
            found, expected = tree.match(text, pos), flat.match(text, pos)
            assert (found and found.span()) == (expected and expected.span()), (text, pos)


def test_alternation_of_vocabulary_files_matches_where_the_flat_list_does():
    # The real lists, on text that holds their words and their beginnings.
    for name in ("org_suffixes.tsv", "counters.tsv", "measures.tsv", "name_stops.tsv", "stages.tsv"):
        items = vocabulary.words(name)
        text = "，".join(items) + "".join(w[:-1] for w in items if len(w) > 1) + "".join(items)
        for ahead in (None, 1, 2):
            for behind in (None, 2):
                guards = {"ahead": vocabulary.mapping(name, ahead) if ahead else None,
                          "behind": vocabulary.mapping(name, behind) if behind else None}
                try:
                    flat = re.compile(_flat(items, **guards))
                except re.error:
                    continue  # that column is no list of lookbehind characters
                tree = re.compile(core_vocabulary.alternation(items, **guards))
                assert [m.span() for m in tree.finditer(text)] == [m.span() for m in flat.finditer(text)], name


def test_a_measure_added_to_the_vocabulary_is_read_by_the_extractor():
    # The file is the rule: every measure word it lists is found after a number.
    for word, unit, _ in vocabulary.rows("measures.tsv"):
        if word in ("度", "米"):
            continue  # read only in context (万度电, 长500米)
        found = extract(f"项目占地面积约12{word}，").metrics
        assert [(m.unit, m.span.endswith(word)) for m in found] == [(unit, True)], word


def test_every_news_currency_word_is_read_as_its_currency():
    for word, (code, factor) in core_vocabulary.currency_words("news").items():
        found = extract(f"该项目总投资12{word}，").metrics
        assert [(m.unit, m.value) for m in found] == [(code, 12 * factor)], word


def test_importing_the_text_library_does_not_import_django():
    code = ("import sys, zhaoshang.text as t; t.analyse('湖州南太湖新区总投资441.38亿元。'); "
            "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "[]"
