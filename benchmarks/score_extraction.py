"""Score ``zhaoshang.text.process`` against the annotated corpus.

For every article in ``corpus/articles`` and each of its four forms (plain, traditional, pinyin,
wrapped; see ``corpus/forms.py``), plus the seed as received, run the extractor and compare with the
hand-written gold annotation. Matching rules (also in ``corpus/README.md``):

- metrics: a prediction is a true positive when its (value, unit) equals that of a gold metric not yet
  matched; the qualifier is scored separately as accuracy over matched pairs;
- organisations: deduplicated sets; exact match first, then containment (one name contains the other and
  the shorter has at least 4 characters); a prediction that only repeats an entity already matched
  (南太湖新区 next to 湖州南太湖新区) counts neither for nor against;
- places: deduplicated sets, exact match;
- investments: events of kind ``project`` (the corpus annotates no financing rounds); investor matches (as
  organisations) and amount matches (same value and unit, or both null); the stage is scored separately as
  accuracy over matched pairs;
- money: the metrics whose unit is a currency, matched as metrics, reported on a line of its own (the issue
  compares money recall with JioNLP's);
- body: character error rate, Levenshtein distance between the predicted text and the expected body
  divided by the length of the expected body;
- title: in the wrapped form the headline is on the page and must come back as ``title``; the other
  forms have no headline and expect null. Reported, not asserted.

Strings are compared after NFKC normalisation with surrounding whitespace removed.

    python benchmarks/score_extraction.py [--forms plain,pinyin] [--verbose] [--articles DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "seed" / "000_4b3a84f5f5d92920"
FORMS = ("plain", "traditional", "pinyin", "wrapped")
FIELDS = ("metrics", "organizations", "places", "investments")
CURRENCIES = frozenset({"CNY", "USD", "EUR", "HKD", "JPY"})
MIN_CONTAINED = 4


def _load_forms():
    spec = importlib.util.spec_from_file_location("corpus_forms", CORPUS / "forms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- edit distance -----------------------------------------------------------------------------


def levenshtein(a: str, b: str) -> int:
    """Edit distance by Myers' bit-parallel algorithm (Hyyrö's formulation), one big int per column.

    O(len(a) * len(b) / word size); about a millisecond for two 1,000-character texts.
    """
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[str, int] = {}
    for i, ch in enumerate(b):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    pv, mv, dist = full, 0, m
    for ch in a:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | ~(xh | pv)
        mh = pv & xh
        if ph & top:
            dist += 1
        elif mh & top:
            dist -= 1
        ph = (ph << 1) | 1
        mh = (mh << 1) & full
        pv = (mh | ~(xv | ph)) & full
        mv = ph & xv & full
    return dist


def cer(predicted: str, expected: str) -> float:
    expected = expected.strip()
    predicted = (predicted or "").strip()
    if not expected:
        return 0.0 if not predicted else 1.0
    return levenshtein(predicted, expected) / len(expected)


# --- matching ----------------------------------------------------------------------------------


def _norm(text) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip()


def _number(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _same_number(a, b) -> bool:
    x, y = _number(a), _number(b)
    if x is None or y is None:
        return False
    return abs(x - y) <= Decimal("1e-9") * max(Decimal(1), abs(y))


def _same_amount(a, b) -> bool:
    if not a or not b:
        return not a and not b
    return _norm(a.get("unit")) == _norm(b.get("unit")) and _same_number(a.get("value"), b.get("value"))


def names_match(predicted: str, gold: str) -> bool:
    """Exact, or one contains the other and the shorter has at least MIN_CONTAINED characters."""
    p, g = _norm(predicted), _norm(gold)
    if p == g:
        return bool(p)
    shorter, longer = sorted((p, g), key=len)
    return len(shorter) >= MIN_CONTAINED and shorter in longer


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    agree: int = 0  # qualifier or stage agreement over matched pairs
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.agree += other.agree

    def prf(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": p, "r": r, "f1": f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}

    def accuracy(self) -> float | None:
        return self.agree / self.tp if self.tp else None


def match_metrics(predicted: list, gold: list) -> Counts:
    counts = Counts()
    free = list(range(len(gold)))
    for pred in predicted:
        unit = _norm(pred.get("unit"))
        candidates = [
            i for i in free if _norm(gold[i]["unit"]) == unit and _same_number(pred.get("value"), gold[i]["value"])
        ]
        if not candidates:
            counts.fp += 1
            counts.false_alarms.append(_metric_label(pred))
            continue
        same_qualifier = [i for i in candidates if gold[i]["qualifier"] == pred.get("qualifier")]
        chosen = (same_qualifier or candidates)[0]
        free.remove(chosen)
        counts.tp += 1
        counts.agree += bool(same_qualifier)
    counts.fn = len(free)
    counts.misses = [_metric_label(gold[i]) for i in free]
    return counts


def _money(metrics: list) -> list:
    """The metrics whose unit is a currency: the money-only score compares with JioNLP's money parser."""
    return [m for m in metrics if _norm(m.get("unit")) in CURRENCIES]


def _metric_label(metric: dict) -> str:
    return f"{metric.get('value')} {metric.get('unit')} {metric.get('qualifier')} «{metric.get('span')}»"


def match_names(predicted: list, gold: list, *, containment: bool) -> Counts:
    preds = list(dict.fromkeys(_norm(p) for p in predicted if _norm(p)))
    golds = list(dict.fromkeys(_norm(g) for g in gold if _norm(g)))
    matched: dict[str, str] = {}  # gold -> prediction
    unmatched = []
    for p in preds:  # exact matches first, so containment cannot steal them
        if p in golds:
            matched[p] = p
        else:
            unmatched.append(p)
    counts = Counts()
    for p in unmatched:
        if containment:
            free = [g for g in golds if g not in matched and names_match(p, g)]
            if free:
                matched[free[0]] = p
                continue
            if any(names_match(p, g) for g in matched):
                continue  # another name for an entity already found
        counts.fp += 1
        counts.false_alarms.append(p)
    counts.tp = len(matched)
    counts.fn = len(golds) - len(matched)
    counts.misses = [g for g in golds if g not in matched]
    return counts


def _projects(investments: list) -> list:
    """The corpus annotates project investments; financing rounds (kind financing) have their own tests."""
    return [i for i in investments if i.get("kind", "project") == "project"]


def match_investments(predicted: list, gold: list) -> Counts:
    counts = Counts()
    free = list(range(len(gold)))
    for pred in predicted:
        candidates = [
            i
            for i in free
            if names_match(pred.get("investor") or "", gold[i]["investor"])
            and _same_amount(pred.get("amount"), gold[i]["amount"])
        ]
        if not candidates:
            counts.fp += 1
            counts.false_alarms.append(_investment_label(pred))
            continue
        exact = [i for i in candidates if _norm(pred.get("investor")) == _norm(gold[i]["investor"])]
        chosen = (exact or candidates)[0]
        free.remove(chosen)
        counts.tp += 1
        counts.agree += pred.get("stage") == gold[chosen]["stage"]
    counts.fn = len(free)
    counts.misses = [_investment_label(gold[i]) for i in free]
    return counts


def _investment_label(inv: dict) -> str:
    amount = inv.get("amount")
    money = f"{amount.get('value')} {amount.get('unit')}" if amount else "no amount"
    return f"{inv.get('investor')} / {inv.get('project')} / {money} / {inv.get('stage')}"


# --- the corpus --------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    form: str
    raw: str
    body: str
    title: str | None
    gold: dict


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _expected_body(path: Path, text: str) -> str:
    """NNN.body.txt when the clean body differs from the article as written (full-width digits), else NNN.txt."""
    body = path.with_suffix(".body.txt")
    return _read(body) if body.exists() else text


def load_cases(forms=FORMS, *, seed: bool = True, articles: Path | None = None) -> list[Case]:
    forms_module = _load_forms()
    paths = sorted(p for p in Path(articles or CORPUS / "articles").glob("*.txt") if not p.name.endswith(".body.txt"))
    golds = {p.stem: json.loads(_read(p.with_suffix(".json"))) for p in paths}
    titles = [g.get("title") for g in golds.values() if g.get("title")]
    cases = []
    for form in forms:
        for path in paths:
            text, gold = _read(path), golds[path.stem]
            raw = forms_module.render(text, form, path.stem, gold.get("title"), titles)
            title = gold.get("title") if form == "wrapped" else None
            cases.append(Case(path.stem, form, raw, _expected_body(path, text), title, gold))
    if seed:
        gold = json.loads(_read(SEED.with_suffix(".json")))
        cases.append(
            Case(
                SEED.name,
                "seed",
                _read(SEED.with_suffix(".txt")),
                _read(SEED.with_suffix(".body.txt")),
                gold.get("title"),
                gold,
            )
        )
    return cases


@dataclass
class Result:
    case: Case
    fields: dict
    cer: float
    title_ok: bool
    error: str | None = None


def evaluate(case: Case, process) -> Result:
    error = None
    try:
        out = process(case.raw, f"corpus/{case.name}.{case.form}.txt") or {}
    except Exception as exc:  # one broken article must not hide the others' scores
        out, error = {}, f"{type(exc).__name__}: {exc}"
    gold = case.gold
    fields = {
        "metrics": match_metrics(out.get("metrics") or [], gold["metrics"]),
        "organizations": match_names(out.get("organizations") or [], gold["organizations"], containment=True),
        "places": match_names(out.get("places") or [], gold["places"], containment=False),
        "investments": match_investments(_projects(out.get("investments") or []), gold["investments"]),
        "money": match_metrics(_money(out.get("metrics") or []), _money(gold["metrics"])),
    }
    title_ok = _norm(out.get("title")) == _norm(case.title)
    return Result(case, fields, cer(out.get("text") or "", case.body), title_ok, error)


def _summarise(results: list[Result]) -> dict:
    summary: dict = {}
    for name in (*FIELDS, "money"):
        total = Counts()
        for r in results:
            total.add(r.fields[name])
        summary[name] = total.prf()
        if name == "metrics":
            summary["qualifier_accuracy"] = total.accuracy()
        if name == "investments":
            summary["stage_accuracy"] = total.accuracy()
    summary["cer"] = sum(len(r.case.body.strip()) * r.cer for r in results) / max(
        1, sum(len(r.case.body.strip()) for r in results)
    )
    summary["cer_max"] = max((r.cer for r in results), default=0.0)
    summary["title_accuracy"] = sum(r.title_ok for r in results) / len(results) if results else None
    summary["articles"] = len(results)
    summary["errors"] = sum(r.error is not None for r in results)
    return summary


def _default_process():
    sys.path.insert(0, str(ROOT))
    from zhaoshang.text import process

    return process


def run(forms=FORMS, *, seed: bool = True, process=None, articles: Path | None = None) -> tuple[dict, list[Result]]:
    process = process or _default_process()
    cases = load_cases(forms, seed=seed, articles=articles)
    started = time.perf_counter()
    results = [evaluate(case, process) for case in cases]
    elapsed = time.perf_counter() - started
    report = {
        "overall": _summarise(results),
        "forms": {
            form: _summarise([r for r in results if r.case.form == form])
            for form in dict.fromkeys(r.case.form for r in results)
        },
        "seconds": elapsed,
        "errors": [f"{r.case.name}/{r.case.form}: {r.error}" for r in results if r.error],
    }
    return report, results


def score(forms=FORMS, *, seed: bool = True, process=None, articles: Path | None = None) -> dict:
    """Scores as a dict: ``overall`` and per form (``seed`` for the seed), each with ``metrics``,
    ``organizations``, ``places``, ``investments`` ({p, r, f1, tp, fp, fn}), ``qualifier_accuracy``,
    ``stage_accuracy``, ``cer`` (weighted by body length), ``cer_max``, ``title_accuracy``."""
    return run(forms, seed=seed, process=process, articles=articles)[0]


# --- printing ----------------------------------------------------------------------------------


def _pct(x) -> str:
    return "   - " if x is None else f"{100 * x:5.1f}"


def _row(label: str, s: dict) -> str:
    cells = [f"{label:<12}", f"{s['articles']:>4}"]
    for name in FIELDS:
        prf = s[name]
        cells.append(f"{_pct(prf['p'])} {_pct(prf['r'])} {_pct(prf['f1'])}")
    cells += [
        _pct(s["qualifier_accuracy"]),
        _pct(s["stage_accuracy"]),
        f"{100 * s['cer']:6.2f}",
        f"{100 * s['cer_max']:6.2f}",
        _pct(s["title_accuracy"]),
    ]
    return " | ".join(cells)


def print_report(report: dict, results: list[Result], *, verbose: bool) -> None:
    head = " | ".join(
        [f"{'form':<12}", "   n"] + [f"{n[:17]:^17}" for n in FIELDS] + ["qual.", "stage", "  CER%", "  max%", "title"]
    )
    sub = " | ".join(
        [" " * 12, "    "] + ["   P     R    F1" for _ in FIELDS] + ["  acc", "  acc", "      ", "      ", "  acc"]
    )
    print(head)
    print(sub)
    print("-" * len(head))
    for form, s in report["forms"].items():
        print(_row(form, s))
    print("-" * len(head))
    print(_row("overall", report["overall"]))
    money = report["overall"]["money"]
    print(
        f"\nmoney only (metrics in CNY, USD, EUR, HKD, JPY), all forms: P {_pct(money['p'])}  R {_pct(money['r'])}  "
        f"F1 {_pct(money['f1'])}  (tp {money['tp']}, fp {money['fp']}, fn {money['fn']})"
    )
    n = report["overall"]["articles"]
    print(
        f"\n{n} documents in {report['seconds']:.2f} s ({n / max(report['seconds'], 1e-9):.0f} per second, "
        "including scoring)"
    )
    if report["errors"]:
        print(f"\n{len(report['errors'])} documents raised an exception:")
        for line in report["errors"][:10]:
            print("  " + line)
    if verbose:
        _print_worst(results)


def _print_worst(results: list[Result], count: int = 10) -> None:
    print(f"\nworst {count} by metric F1:")
    ranked = sorted(results, key=lambda r: (r.fields["metrics"].prf()["f1"], r.case.name))
    for r in ranked[:count]:
        prf = r.fields["metrics"].prf()
        print(
            f"\n{r.case.name} [{r.case.form}] metric F1 {prf['f1']:.2f} (tp {prf['tp']}, fp {prf['fp']}, "
            f"fn {prf['fn']}), CER {100 * r.cer:.2f}%"
        )
        for name in FIELDS:  # money is a subset of metrics, already listed
            counts = r.fields[name]
            for miss in counts.misses:
                print(f"    {name} missed: {miss}")
            for alarm in counts.false_alarms:
                print(f"    {name} false:  {alarm}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score the extractor against corpus/ (P/R/F1, CER).")
    parser.add_argument("--forms", default=",".join(FORMS), help="comma-separated forms to score")
    parser.add_argument("--no-seed", action="store_true", help="leave the seed out")
    parser.add_argument("--verbose", action="store_true", help="list the 10 worst articles and their misses")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--articles", type=Path, help="another folder of NNN.txt + NNN.json (default corpus/articles)")
    args = parser.parse_args(argv)
    forms = tuple(f for f in args.forms.split(",") if f)
    report, results = run(forms, seed=not args.no_seed, articles=args.articles)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_report(report, results, verbose=args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
