"""The extractor meets its quality floors on the annotated corpus (corpus/, scored by
benchmarks/score_extraction.py), on every form of every article and on the seed. No database."""

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FORMS = ("plain", "traditional", "pinyin", "wrapped", "seed")
F1_FLOORS = {"metrics": 0.9, "organizations": 0.8, "places": 0.8, "investments": 0.7}
CER_CEILING = 0.01


def _load_scorer():
    path = REPO / "benchmarks" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores():
    return _load_scorer().score()


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("field", list(F1_FLOORS))
def test_extraction_f1_meets_its_floor_on_every_form(scores, form, field):
    result = scores["forms"][form][field]
    assert result["f1"] >= F1_FLOORS[field], (
        f"{field} F1 on the {form} form is {result['f1']:.3f} "
        f"(tp {result['tp']}, fp {result['fp']}, fn {result['fn']}); floor {F1_FLOORS[field]}. "
        "Run `python benchmarks/score_extraction.py --verbose` for the misses."
    )


@pytest.mark.parametrize("form", FORMS)
def test_body_text_character_error_rate_stays_under_one_percent(scores, form):
    cer = scores["forms"][form]["cer"]
    assert cer <= CER_CEILING, f"body CER on the {form} form is {100 * cer:.2f}%; ceiling 1%"


def test_every_document_is_processed_without_an_exception(scores):
    assert scores["errors"] == []
