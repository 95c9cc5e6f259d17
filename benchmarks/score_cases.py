"""Score the extractor on the small hand-written case sets under corpus/ (money forms, financing news).

    python benchmarks/score_cases.py [money|financing] [--verbose]

money (corpus/money/cases.tsv, and second.tsv written after tuning on the first): one sentence a line
with the amounts a reader notes in it. A prediction is a true positive when its value and currency equal
those of an expected amount not yet matched; the qualifier is scored as accuracy over the matched pairs.
Precision counts every currency figure found.

financing (corpus/financing/cases.tsv, and second.tsv written after tuning on the first): one news item a
line with the financing event it reports: the company, the lead investor, the investors, the round, the
amount. Names are compared as the normalised text writes them (simplified). An event is found when an
event of kind `financing` names the company (equal, or one name containing the other); each of its fields
is then scored as accuracy over the found events. Recall is found / expected events; items that report no
financing ("-") count a reported event as a false positive.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MONEY_CASES = ROOT / "corpus" / "money" / "cases.tsv"
# Written after the extractor was tuned on cases.tsv: the figure for forms it was not tuned on.
MONEY_SECOND = ROOT / "corpus" / "money" / "second.tsv"
FINANCING_CASES = ROOT / "corpus" / "financing" / "cases.tsv"
FINANCING_SECOND = ROOT / "corpus" / "financing" / "second.tsv"
NOT_MONEY = frozenset({"count", "ratio", "m2", "mu", "km", "ton", "TEU", "kwh"})


def _lines(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def score_money(fast: bool = True, verbose: bool = False, path: Path = MONEY_CASES) -> dict:
    from zhaoshang.text import process

    tp = fp = fn = same_qualifier = 0
    for text, expected in _lines(path):
        gold = [] if expected.strip() == "-" else [part.split() for part in expected.split("; ")]
        wanted = [(Decimal(v), u, q) for v, u, q in gold]
        found = [(Decimal(str(m["value"])), m["unit"], m["qualifier"])
                 for m in process(text, "case.txt", fast=fast)["metrics"] if m["unit"] not in NOT_MONEY]
        left = list(wanted)
        extra = []
        for value, unit, qualifier in found:
            hit = next((w for w in left if w[0] == value and w[1] == unit), None)
            if hit is None:
                extra.append((value, unit, qualifier))
                continue
            left.remove(hit)
            tp += 1
            same_qualifier += hit[2] == qualifier
            if verbose and hit[2] != qualifier:
                print(f"qualifier {qualifier} for {hit}: {text}")
        fp += len(extra)
        fn += len(left)
        if verbose and (extra or left):
            print(f"missed {left} extra {extra}: {text}")
    out = _prf(tp, fp, fn)
    out["qualifier_accuracy"] = same_qualifier / tp if tp else 1.0
    return out


def _same_name(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return a == b
    return a == b or a in b or b in a


def score_financing(fast: bool = False, verbose: bool = False, path: Path = FINANCING_CASES) -> dict:
    from zhaoshang.text import process
    from zhaoshang.text.normalize import to_simplified

    found = expected = fp = 0
    fields = {"lead": 0, "investors": 0, "round": 0, "amount": 0}
    for row in _lines(path):
        text, company = row[0], to_simplified(row[1])  # names as the normalised text writes them (昇 → 升)
        events = [e for e in process(text, "case.txt", fast=fast)["investments"] if e["kind"] == "financing"]
        if company == "-":
            fp += len(events)
            if verbose and events:
                print(f"extra {[e['company'] for e in events]}: {text}")
            continue
        lead, investors, rnd, amount = (None if x == "-" else to_simplified(x) for x in row[2:6])
        expected += 1
        event = next((e for e in events if _same_name(e["company"], company)), None)
        fp += len(events) - (event is not None)
        if event is None:
            if verbose:
                print(f"missed {company}, got {[e['company'] for e in events]}: {text}")
            continue
        found += 1
        got = {
            "lead": _same_name(event["lead_investor"], lead),
            "investors": _same_names(event["investors"], investors.split("、") if investors else []),
            "round": event["round"] == rnd,
            "amount": (event["amount"] or {}).get("value") == (None if amount is None else
                                                              _number(amount)),
        }
        for key, ok in got.items():
            fields[key] += ok
        if verbose and not all(got.values()):
            print(f"fields {[k for k, ok in got.items() if not ok]}: got lead {event['lead_investor']} investors "
                  f"{event['investors']} round {event['round']} amount {(event['amount'] or {}).get('value')}: {text}")
    out = _prf(found, fp, expected - found)
    out.update({f"{key}_accuracy": n / found if found else 1.0 for key, n in fields.items()})
    return out


def _number(text: str) -> int | float:
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def _same_names(got: list[str], wanted: list[str]) -> bool:
    return len(got) == len(wanted) and all(any(_same_name(g, w) for g in got) for w in wanted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", nargs="?", choices=("money", "financing", "both"), default="both")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.set in ("money", "both"):
        for path in (MONEY_CASES, MONEY_SECOND):
            r = score_money(verbose=args.verbose, path=path)
            print(f"money forms ({path.relative_to(ROOT)}): P {r['p']:.3f} R {r['r']:.3f} F1 {r['f1']:.3f} "
                  f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']}); qualifier accuracy {r['qualifier_accuracy']:.3f}")
    if args.set in ("financing", "both"):
        for path, fast in ((p, f) for p in (FINANCING_CASES, FINANCING_SECOND) for f in (False, True)):
            r = score_financing(fast=fast, verbose=args.verbose, path=path)
            print(f"financing events ({path.relative_to(ROOT)}, {'fast' if fast else 'default'}): "
                  f"P {r['p']:.3f} R {r['r']:.3f} F1 {r['f1']:.3f} (tp {r['tp']}, fp {r['fp']}, fn {r['fn']}); "
                  + ", ".join(f"{k} {r[k + '_accuracy']:.2f}" for k in ("lead", "investors", "round", "amount")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
