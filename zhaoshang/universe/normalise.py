"""Turning a batch of export cells (strings, one Arrow column per field) into stored rows, or problems.

Columns are handled whole: values with few distinct spellings (status, places, industries, capital,
dates) are parsed once per distinct value through a cache, credit codes are checked with NumPy, names are
normalised with Arrow kernels, and scopes are matched against the chain keywords with one Aho-Corasick
automaton. A million rows therefore cost seconds, not a million Python dictionaries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zhaoshang.universe.reference import industries, regions
from zhaoshang.universe.schema import ACTIVE_STATUSES, EMPTY_TOKENS, FIELDS, INDUSTRY_LEVELS, STATUS_WORDS, STORED

STRING = pa.string()
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.int64)
_LOOKUP = np.full(256, -1, dtype=np.int64)
for _i, _c in enumerate(USCC_ALPHABET):
    _LOOKUP[ord(_c)] = _i
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x{202a}-\x{202e}\x{2066}-\x{2069}]"  # what core.text_input refuses
_TAG_SPLIT = re.compile(r"[;；,，、|\s]+")
_BRACKET = re.compile(r"[（(].*$")


def uscc_check_digit(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * int(w) for c, w in zip(first17, USCC_WEIGHTS, strict=False))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_valid(codes: np.ndarray) -> np.ndarray:
    """Whether each 18-character code (a NumPy array of str) has the GB 32100-2015 check digit."""
    if len(codes) == 0:
        return np.zeros(0, dtype=bool)
    raw = np.char.encode(codes.astype("U18"), "ascii", "replace").astype("S18")
    lengths = np.char.str_len(raw)
    grid = np.frombuffer(raw.tobytes(), dtype=np.uint8).reshape(len(raw), 18)
    values = _LOOKUP[grid]
    shape_ok = (lengths == 18) & (values >= 0).all(axis=1) & (values[:, 2:8] < 10).all(axis=1)
    check = (31 - (values[:, :17] * USCC_WEIGHTS).sum(axis=1) % 31) % 31
    return shape_ok & (check == values[:, 17])


@dataclass
class BatchResult:
    table: pa.Table  # valid rows in the stored schema (without seq)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column header, reason)
    rejected: list[int] = field(default_factory=list)  # positions in the batch


def _cached(cache: dict, fn: Callable):
    def call(value):
        if value not in cache:
            try:
                cache[value] = (fn(value), None)
            except ValueError as exc:
                cache[value] = (None, str(exc))
        return cache[value]
    return call


def parse_capital(text: str, rates: dict[str, Decimal]) -> tuple[Decimal, str, Decimal | None]:
    from zhaoshang.currencies.amounts import parse_amount

    amount, currency = parse_amount(text)
    rate = Decimal(1) if currency == "CNY" else rates.get(currency)
    cny = (amount * rate).quantize(Decimal("0.01")) if rate is not None else None
    return amount, currency, cny


def parse_status(text: str) -> str:
    word = _BRACKET.sub("", text).strip() or text
    return STATUS_WORDS.get(word, STATUS_WORDS.get(text, word))


def parse_founded(text: str) -> dt.date:
    from zhaoshang.core.imports import parse_date

    return parse_date(text[:10] if len(text) > 10 and text[4] in "-/" else text)


def parse_insured(text: str) -> int:
    cleaned = text.replace(",", "").replace("人", "").strip()
    if not cleaned.isdigit():
        raise ValueError(f"参保人数“{text}”应为整数")
    return int(cleaned)


class Normaliser:
    """Normalises batches of one import; its caches live as long as the import."""

    def __init__(self, *, keywords: Iterable[str] = (), rates: dict[str, Decimal] | None = None,
                 source: str = "") -> None:
        self.rates = rates or {}
        self.source = source
        self.automaton = _automaton(keywords)
        self._caches: dict[str, dict] = {}

    def cache(self, name: str) -> dict:
        return self._caches.setdefault(name, {})

    def batch(self, cells: pa.Table, rows: np.ndarray, headers: dict[str, str]) -> BatchResult:
        n = cells.num_rows
        col = {name: _clean(cells.column(name)) if name in cells.column_names else pa.nulls(n, pa.string())
               for name in FIELDS.by_name}
        bad = np.zeros(n, dtype=bool)
        problems: list[tuple[int, str, str]] = []

        def fail(mask: np.ndarray, field_name: str, reasons: list[str] | str) -> None:
            nonlocal bad
            label = headers.get(field_name, FIELDS.label(field_name))
            for i in np.flatnonzero(mask):
                reason = reasons if isinstance(reasons, str) else reasons(i) if callable(reasons) else reasons[i]
                problems.append((int(rows[i]), label, reason))
            bad |= mask

        for name in ("name", "scope", "address", "legal_rep"):
            hit = pc.fill_null(pc.match_substring_regex(col[name], CONTROL), False)
            fail(np.asarray(hit), name, "含有不可见的控制字符或改变文字方向的字符，请删除后重试")
        names = col["name"]
        fail(np.asarray(pc.is_null(names)), "name", "企业名称为空")
        codes, reg_codes = self._credit_codes(col["credit_code"], fail)
        status = self._mapped(col["status"], "status", parse_status, fail)
        industry = self._industry(col, fail)
        amount, currency, cny = self._capital(col["capital"], fail)
        founded = self._mapped(col["founded"], "founded", parse_founded, fail, pa.date32())
        insured = self._mapped(col["insured"], "insured", parse_insured, fail, pa.int32())
        place = self._places(col, codes, fail)
        vendor = self._mapped(col["vendor_score"], "vendor_score", _score, fail, pa.float32())
        scope = col["scope"]
        status_filled = pc.fill_null(status, "存续")
        table = pa.table({
            "credit_code": codes,
            "name": names,
            "name_norm": normalised_names(names),
            "status": status_filled,
            "active": pc.is_in(status_filled, pa.array(ACTIVE_STATUSES)),
            "legal_rep": col["legal_rep"],
            "capital_amount": amount,
            "capital_currency": currency,
            "capital_cny": cny,
            "founded": founded,
            "address": col["address"],
            **place,
            "kind": col["kind"],
            "insured": insured,
            "industry_code": industry,
            "size": col["size"],
            "scope": scope,
            "scope_kw": self._keywords(scope),
            "name_kw": self._keywords(names),
            "tags": self._tags(col["tags"]),
            "vendor_score": vendor,
            "source": pc.fill_null(col["source"], self.source) if self.source else col["source"],
        }, schema=pa.schema([f for f in STORED if f.name != "seq"]))
        del reg_codes
        rejected = np.flatnonzero(bad).tolist()
        return BatchResult(table.filter(pa.array(~bad)), problems, rejected)

    def _credit_codes(self, column: pa.ChunkedArray, fail) -> tuple[pa.Array, pa.Array]:
        upper = pc.utf8_upper(column)
        values = np.asarray(upper.to_numpy(zero_copy_only=False), dtype=object)
        present = ~np.asarray(pc.is_null(upper))
        as_str = np.where(present, values, "").astype(str)
        lengths = np.char.str_len(as_str)
        old_reg = present & (lengths == 15) & np.char.isdigit(as_str)  # a 15-digit 注册号 from before 2015
        candidates = present & ~old_reg
        ok = np.zeros(len(values), dtype=bool)
        if candidates.any():
            ok[candidates] = uscc_valid(as_str[candidates])
        wrong = candidates & ~ok
        reasons = [f"统一社会信用代码“{v}”不符合 GB 32100-2015（{'校验位不符' if len(v) == 18 else '应为 18 位'}）"
                   if w else "" for v, w in zip(as_str, wrong, strict=True)]
        fail(wrong, "credit_code", reasons)
        none = np.array(None, dtype=object)
        codes = pa.array(np.where(candidates & ok, as_str, none), type=pa.string())
        return codes, pa.array(np.where(old_reg, as_str, none), type=pa.string())

    def _mapped(self, column, name: str, fn, fail, out_type: pa.DataType = STRING) -> pa.Array:
        """Parse each distinct value once; a ValueError becomes a problem on every row holding it."""
        encoded = pc.dictionary_encode(column)
        parse = _cached(self.cache(name), fn)
        results = [parse(v) for v in encoded.dictionary.to_pylist()]
        indices = encoded.indices
        values = pa.array([r[0] for r in results], type=out_type)
        errors = np.array([r[1] is not None for r in results] + [False], dtype=bool)
        idx = np.asarray(indices.fill_null(len(results)))
        if errors.any():
            reasons = [r[1] for r in results] + [""]
            mask = errors[idx]
            fail(mask, name, [reasons[i] if m else "" for i, m in zip(idx, mask, strict=True)])
        return values.take(indices)

    def _capital(self, column, fail) -> tuple[pa.Array, pa.Array, pa.Array]:
        parsed = self._mapped(column, "capital", lambda t: "|".join(
            "" if p is None else str(p) for p in parse_capital(t, self.rates)), fail)
        parts = pc.split_pattern(parsed, "|")
        amount = pc.list_element(parts, 0)
        currency = pc.list_element(parts, 1)
        cny = pc.list_element(parts, 2)
        cny = pc.if_else(pc.equal(cny, ""), None, cny)
        decimal = pa.decimal128(20, 2)
        return amount.cast(decimal), currency, cny.cast(decimal)

    def _industry(self, col: dict, fail) -> pa.Array:
        table = industries()
        code = col["industry_code"]
        names = [*INDUSTRY_LEVELS, "industry", "code"]
        encoded, combos = _combos([col[n] for n in INDUSTRY_LEVELS] + [col["industry"], code])
        cache = self.cache("industry")
        results = []
        for key in combos:
            if key not in cache:
                cache[key] = _resolve_industry(table, dict(zip(names, key, strict=True)))
            results.append(cache[key])
        self._fail_by_combo([r[1] for r in results], np.asarray(encoded.indices), fail,
                            {"code": "industry_code"})
        return pa.array([r[0] for r in results], type=pa.string()).take(encoded.indices)

    def _places(self, col: dict, codes: pa.Array, fail) -> dict[str, pa.Array]:
        table = regions()
        hint = pc.if_else(pc.is_null(col["province"]), codes, pa.scalar(None, pa.string()))
        encoded, combos = _combos([col["province"], col["city"], col["county"], hint])
        cache = self.cache("place")
        results = []
        for key in combos:
            if key not in cache:
                try:
                    cache[key] = (table.place(*key), None)
                except ValueError as exc:
                    cache[key] = (None, ("city" if "城市" in str(exc) else "province", str(exc)))
            results.append(cache[key])
        self._fail_by_combo([r[1] for r in results], np.asarray(encoded.indices), fail, {})
        places = [r[0] for r in results]
        take = encoded.indices

        def column(attr: str, kind) -> pa.Array:
            return pa.array([getattr(p, attr) if p else None for p in places], type=kind).take(take)

        return {"prov": pc.fill_null(column("prov", pa.string()), "00"), "city_code": column("city_code", pa.string()),
                "county_code": column("county_code", pa.string()), "city": column("city", pa.string()),
                "lng": column("lng", pa.float32()), "lat": column("lat", pa.float32())}

    @staticmethod
    def _fail_by_combo(errors: list, idx: np.ndarray, fail, rename: dict) -> None:
        """Problems for rows whose distinct value failed: errors[i] is None or (field, reason)."""
        for field_name in {e[0] for e in errors if e is not None}:
            hit = np.array([e is not None and e[0] == field_name for e in errors], dtype=bool)
            mask = hit[idx]
            if mask.any():
                fail(mask, rename.get(field_name, field_name), lambda i: errors[idx[i]][1])

    def _keywords(self, column) -> pa.Array:
        """The keywords each text holds, as a sorted list per row. The texts are joined into one string
        and searched in one pass, so Python sees only the hits, not every row."""
        n = len(column)
        empty = pa.array(np.zeros(n + 1, dtype=np.int32), pa.int32())
        if self.automaton is None or n == 0:
            return pa.ListArray.from_arrays(empty, pa.array([], pa.string()))
        texts = pc.utf8_lower(pc.fill_null(column, ""))  # BMS and bms alike, as chains.matching compares
        lengths = np.asarray(pc.utf8_length(texts), dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
        joined = "\x00".join(texts.to_pylist())
        hits = {(int(np.searchsorted(starts, end, side="right")) - 1, word)
                for end, word in self.automaton.iter(joined)}
        if not hits:
            return pa.ListArray.from_arrays(empty, pa.array([], pa.string()))
        pairs = sorted(hits)
        rows = np.fromiter((r for r, _ in pairs), dtype=np.int64, count=len(pairs))
        offsets = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))]).astype(np.int32)
        return pa.ListArray.from_arrays(pa.array(offsets), pa.array([w for _, w in pairs], pa.string()))

    def _tags(self, column) -> pa.Array:
        encoded = pc.dictionary_encode(column)
        lists = [[t for t in _TAG_SPLIT.split(v) if t] for v in encoded.dictionary.to_pylist()]
        return pa.array(lists, type=pa.list_(pa.string())).take(encoded.indices)


_SEP = "\x1f"


def _combos(arrays: list) -> tuple[pa.DictionaryArray, list[tuple]]:
    """Distinct combinations of several columns (nulls included), and each row's index into them."""
    marked = [pc.fill_null(pc.binary_join_element_wise("\x1e", a, ""), "") for a in arrays]  # "" = null
    encoded = pc.dictionary_encode(pc.binary_join_element_wise(*marked, _SEP))
    combos = [tuple(part[1:] if part else None for part in key.split(_SEP))
              for key in encoded.dictionary.to_pylist()]
    return encoded, combos


def _score(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"评分“{text}”应为数字") from None


def _resolve_industry(table, combo: dict) -> tuple[str | None, tuple[str, str] | None]:
    levels = [combo[n] for n in INDUSTRY_LEVELS]
    try:
        if combo["code"]:
            code = combo["code"].strip().upper()
            if code not in table.names:
                return None, ("code", f"行业代码“{code}”不在 GB/T 4754-2017 中")
            return code, None
        if any(levels):
            return table.resolve(levels) or None, None
        if combo["industry"]:
            return table.resolve_any(combo["industry"]), None
    except ValueError as exc:
        text = str(exc)
        level = next((n for n, label in zip(INDUSTRY_LEVELS, ("门类", "大类", "中类", "小类"), strict=True)
                      if f"国标行业{label}" in text), "industry")
        return None, (level, text)
    return None, None


def _clean(column) -> pa.Array:
    """Trimmed text, with empty cells and the exports' "nothing" tokens as nulls."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    column = column.cast(pa.string()) if column.type != pa.string() else column
    trimmed = pc.utf8_trim_whitespace(column)
    empty = pc.or_(pc.equal(trimmed, ""), pc.is_in(trimmed, pa.array(EMPTY_TOKENS)))
    return pc.if_else(pc.fill_null(empty, True), pa.scalar(None, pa.string()), trimmed)


def normalised_names(names) -> pa.Array:
    """`organizations.matching.normalise_name` over a column: NFKC, no whitespace, lower case."""
    folded = pc.utf8_normalize(names, "NFKC")
    return pc.utf8_lower(pc.replace_substring_regex(folded, r"\s+", ""))


def _automaton(keywords: Iterable[str]):
    words = sorted({k.strip() for k in keywords if k and k.strip()})
    if not words:
        return None
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word.lower(), word)
    automaton.make_automaton()
    return automaton
