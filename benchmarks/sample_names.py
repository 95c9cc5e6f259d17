"""Organisations drawn at random from `zhaoshang extract --format jsonl` output, each with the words around
its first mention, for judging precision by hand (a development set that annotates only some names, such
as DuEE-fin's event arguments, cannot score it). Not part of the test suite.

    zhaoshang extract ../shared/data/news-dev/duee_fin/cases/*.txt --format jsonl > d.jsonl
    python benchmarks/sample_names.py d.jsonl [--n 100] [--seed 2026]
"""

from __future__ import annotations

import argparse
import json
import random


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predictions")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    mentions = []
    with open(args.predictions, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            text = row["text"]
            for name in row["organizations"]:
                at = text.find(name)
                around = (text[max(0, at - 12): at + len(name) + 12] if at >= 0 else "（简称，原文中为其全称）")
                mentions.append((name, around.replace("\n", " ")))
    print(f"{len(mentions)} organisations reported; {min(args.n, len(mentions))} drawn with seed {args.seed}:")
    for number, (name, around) in enumerate(random.Random(args.seed).sample(mentions, min(args.n, len(mentions))), 1):
        print(f"{number:3d}  {name}  |  {around}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
