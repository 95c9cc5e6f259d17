"""Storing documents, extracting them into a review queue, and turning accepted items into records.

Every write names the user it is attributed to. Accepting an item twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import REVIEW_DENIED, can_edit_project, can_review_extractions
from zhaoshang.indicators.models import Indicator, Observation
from zhaoshang.intel.models import Document, ExtractedItem, content_hash
from zhaoshang.organizations.models import Organization, validate_credit_code
from zhaoshang.projects.models import PIPELINE, Project, Stage, stage_rank
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.projects.services import project_advance, project_create, project_update
from zhaoshang.regions.selectors import region_find
from zhaoshang.zones.models import Carrier

Kind = ExtractedItem.Kind
Status = ExtractedItem.Status
SPAN_MAX = 500
# Where a sentence ends, for the span of an investment event the extractor gave no offsets for.
_SENTENCE_END = "。！？；\n"


class IngestRejected(ValueError):
    """The input is not a text document (binary, undecodable or empty)."""


def _run_extractor(raw: str, source: str) -> dict:
    from zhaoshang.text import normalize, process

    result = process(raw, source)
    if "byline" not in result or "date" not in result:
        # The extraction format has no byline or date; the normaliser keeps them as metadata.
        meta = normalize(raw)
        result.setdefault("byline", meta.byline)
        result.setdefault("date", meta.date)
    return result


def _decode(data: bytes) -> str:
    from zhaoshang.text import decode

    return decode(data)


def _require_review(user: User) -> None:
    if not can_review_extractions(user):
        raise PermissionDenied(REVIEW_DENIED)


# --- storing and extracting -------------------------------------------------------------------------------

def document_ingest(*, source: str, zone=None, user: User | None = None, raw_bytes: bytes | None = None,
                    text: str | None = None, title: str = "") -> tuple[Document, bool]:
    """Store a document once per content; returns it and whether it is new.

    The digest is taken over the decoded text, so the same article saved as UTF-8 and as GBK is one document.
    """
    if (raw_bytes is None) == (text is None):
        raise TypeError("document_ingest needs exactly one of raw_bytes or text")
    if raw_bytes is not None:
        try:
            text = _decode(raw_bytes)
        except ValueError as exc:
            raise IngestRejected(str(exc) or "不是文本文件") from None
    if not text.strip():
        raise IngestRejected("文件为空")
    digest = content_hash(text)
    existing = Document.objects.filter(digest=digest).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            document = Document.objects.create(zone=zone, raw=text, digest=digest, source=source[:500],
                                               title=title[:300], added_by=user)
    except IntegrityError:  # stored a moment ago by a concurrent ingest of the same content
        return Document.objects.get(digest=digest), False
    return document, True


def _published_on(result: dict) -> dt.date | None:
    value = result.get("published_on") or result.get("date")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@transaction.atomic
def document_extract(*, document: Document) -> list[ExtractedItem]:
    """Normalise and extract the document; replace its pending items, keep the reviewed ones.

    Returns the items now pending. An item equal to one already reviewed is not queued again.
    """
    result = _run_extractor(document.raw, document.source)
    text = result.get("text") or ""
    document.text = text
    document.title = (result.get("title") or document.title or "")[:300]
    document.byline = (result.get("byline") or document.byline or "")[:300]
    document.published_on = _published_on(result) or document.published_on
    document.extracted_at = timezone.now()
    document.extraction_error = ""
    document.save()
    document.items.filter(status=Status.PENDING).delete()
    reviewed = {(i.kind, i.start, i.end, i.span) for i in document.items.all()}
    fresh = [item for item in _items(document, result, text)
             if (item.kind, item.start, item.end, item.span) not in reviewed]
    return ExtractedItem.objects.bulk_create(fresh)


def document_extract_failed(*, document: Document, error: str) -> None:
    """Record why extraction failed so the document list can say so."""
    Document.objects.filter(pk=document.pk).update(extraction_error=error[:2000])


class _Locator:
    """Finds spans in the text, each name at its first occurrence not already taken by the same kind."""

    def __init__(self, text: str):
        self.text = text
        self.taken: dict[str, list[tuple[int, int]]] = {}

    def _free(self, kind: str, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken.get(kind, []))

    def take(self, kind: str, start: int, end: int) -> tuple[int, int]:
        self.taken.setdefault(kind, []).append((start, end))
        return start, end

    def given(self, kind: str, item: dict, needle: str) -> tuple[int, int] | None:
        """The extractor's own offsets, widened to the span it names when they point at the figure only."""
        start, end = item.get("start"), item.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(self.text)):
            return None
        found = self.text[start:end]
        if not needle or needle in found:
            return self.take(kind, start, end)
        if found not in needle:
            return None
        at = self.text.rfind(needle, max(0, end - len(needle)), start + len(needle))
        if at != -1 and at <= start and at + len(needle) >= end:
            return self.take(kind, at, at + len(needle))
        return self.take(kind, start, end)

    def find(self, kind: str, needle: str) -> tuple[int, int] | None:
        if not needle:
            return None
        at = self.text.find(needle)
        while at != -1:
            if self._free(kind, at, at + len(needle)):
                return self.take(kind, at, at + len(needle))
            at = self.text.find(needle, at + 1)
        return None

    def anchor(self, item: dict, *needles: str) -> tuple[int, int] | None:
        """The extractor's offsets for an item without a span, else the first of the needles in the text."""
        start, end = item.get("start"), item.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(self.text):
            return start, end
        for needle in filter(None, needles):
            at = self.text.find(needle)
            if at != -1:
                return at, at + len(needle)
        return None

    def around(self, at: int, until: int, stops: str = _SENTENCE_END) -> tuple[int, int]:
        """The sentence (or with stops including "，", the clause) holding text[at:until]."""
        start = max(self.text.rfind(c, 0, at) for c in stops) + 1
        ends = [e for e in (self.text.find(c, max(until - 1, at)) for c in stops) if e != -1]
        end = min(ends) + 1 if ends else len(self.text)
        end -= self.text[end - 1] == "，"
        start += len(self.text[start:end]) - len(self.text[start:end].lstrip())
        return start, min(end, start + SPAN_MAX)


def _jsonable(value):
    """The extractor may hand back Decimals; JSON stores integers and floats."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _item(document: Document, kind: str, payload: dict, where: tuple[int, int] | None,
          text: str, span: str = "") -> ExtractedItem:
    start, end = where if where else (None, None)
    if where:
        span = text[start:end]
    return ExtractedItem(document=document, kind=kind, payload=_jsonable(payload), start=start, end=end,
                         span=span[:SPAN_MAX])


def _investment_items(document: Document, events: list[dict], locate: _Locator) -> list[ExtractedItem]:
    """Each event at its span; without one, at its sentence, or its clause when the sentence holds several."""
    anchors = [None if e.get("span") else locate.anchor(e, e.get("project"), e.get("investor")) for e in events]
    sentences = [locate.around(*a) if a else None for a in anchors]
    items = []
    for event, anchor, sentence in zip(events, anchors, sentences, strict=True):
        span = event.get("span") or ""
        if span:
            where = locate.given(Kind.INVESTMENT, event, span) or locate.find(Kind.INVESTMENT, span)
        elif anchor:
            shared = sentences.count(sentence) > 1
            where = locate.take(Kind.INVESTMENT, *(locate.around(*anchor, stops="，" + _SENTENCE_END)
                                                  if shared else sentence))
        else:
            where = None
        items.append(_item(document, Kind.INVESTMENT, dict(event), where, locate.text, span))
    return items


def _items(document: Document, result: dict, text: str) -> list[ExtractedItem]:
    locate = _Locator(text)
    items = []
    items.extend(_investment_items(document, result.get("investments") or [], locate))
    for metric in result.get("metrics") or []:
        span = metric.get("span") or ""
        where = locate.given(Kind.METRIC, metric, span) or locate.find(Kind.METRIC, span)
        items.append(_item(document, Kind.METRIC, dict(metric), where, text, span))
    for kind, key in ((Kind.ORGANIZATION, "organizations"), (Kind.PLACE, "places")):
        for name in dict.fromkeys(result.get(key) or []):
            where = locate.find(kind, name)
            items.append(_item(document, kind, {"name": name}, where, text, name))
    return items


# --- reviewing --------------------------------------------------------------------------------------------

def item_reject(*, user: User, item: ExtractedItem) -> ExtractedItem:
    """Mark an item as wrong; an accepted item keeps its records and cannot be rejected afterwards."""
    _require_review(user)
    if item.status == Status.ACCEPTED:
        raise ValidationError("该条目已采纳并生成了记录，请直接修改记录。")
    item.status, item.reviewed_by, item.reviewed_at = Status.REJECTED, user, timezone.now()
    item.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return item


@transaction.atomic
def item_accept(*, user: User, item: ExtractedItem, **overrides) -> ExtractedItem:
    """Turn an item into records, with the reviewer's corrections; a second accept returns the item as is.

    investment: investor, credit_code, project, amount (Decimal, whole currency units), currency, stage
    metric: indicator (an Indicator) or indicator_name, value, on (date)
    organization: name, kind, credit_code
    place: no overrides; the region is looked up by name
    """
    _require_review(user)
    item = ExtractedItem.objects.select_for_update().get(pk=item.pk)
    if item.status == Status.ACCEPTED:
        return item
    accept = {Kind.INVESTMENT: _accept_investment, Kind.METRIC: _accept_metric,
              Kind.ORGANIZATION: _accept_organization, Kind.PLACE: _accept_place}[item.kind]
    reviewed = accept(user, item, overrides)
    item.payload = {**item.payload, "reviewed": reviewed}
    item.status, item.reviewed_by, item.reviewed_at = Status.ACCEPTED, user, timezone.now()
    item.save()
    return item


def _zone(item: ExtractedItem):
    if item.document.zone_id is None:
        raise ValidationError("文档未关联园区，无法生成记录。")
    return item.document.zone


def _event_date(document: Document) -> dt.date:
    return document.published_on or timezone.localdate()


def _clean_text(value) -> str:
    return str(value or "").strip()


def _organization(user: User, name: str, credit_code: str = "", kind: str = "") -> Organization:
    """The organisation with this credit code, else with this name, else a new one."""
    credit_code = credit_code.strip().upper()
    if credit_code:
        validate_credit_code(credit_code)
        found = Organization.objects.filter(credit_code=credit_code).first()
        if found is not None:
            return found
    found = Organization.objects.filter(name=name).first()
    if found is not None:
        if credit_code and not found.credit_code:
            found.credit_code, found._history_user = credit_code, user
            found.full_clean()
            found.save()
        return found
    org = Organization(name=name, credit_code=credit_code or None, kind=kind or Organization.Kind.COMPANY)
    org._history_user = user
    org.full_clean()
    org.save()
    return org


def _amount(overrides: dict, payload: dict) -> tuple[Decimal | None, str]:
    if "amount" in overrides:
        value, currency = overrides["amount"], overrides.get("currency") or "CNY"
    else:
        amount = payload.get("amount") or {}
        value, currency = amount.get("value"), amount.get("unit") or "CNY"
    if value in (None, ""):
        return None, currency
    try:
        return Decimal(str(value)), currency
    except InvalidOperation:
        raise ValidationError(f"金额“{value}”不是数字。") from None


def _accept_investment(user: User, item: ExtractedItem, overrides: dict) -> dict:
    zone, payload = _zone(item), item.payload
    investor_name = _clean_text(overrides.get("investor", payload.get("investor")))
    name = _clean_text(overrides.get("project", default_project_name(payload)))
    if not name:
        raise ValidationError("请填写项目名称。")
    project = _project_to_update(user, zone, name)  # before anything is written
    investor = (_organization(user, investor_name, _clean_text(overrides.get("credit_code")))
                if investor_name else None)
    amount, currency = _amount(overrides, payload)
    reason = f"采纳文档抽取：{item.document}"
    if project is None:
        carrier = Carrier.objects.filter(zone=zone, name=_clean_text(payload.get("location"))).first()
        try:
            project = project_create(user=user, zone=zone, name=name, investors=[investor] if investor else [],
                                     amount=amount, currency=currency, carrier=carrier, reason=reason)
        except ValidationError:
            # Taken a moment ago by a concurrent write: the same answer as a name taken before.
            if Project.objects.filter(zone=zone, name=name).exists():
                raise ValidationError(NAME_TAKEN) from None
            raise
    else:
        changes = {"investors": [*project.investors.all(), investor]} if investor else {}
        if amount is not None:
            changes.update(amount=amount, currency=currency)
        if changes:
            project = project_update(user=user, project=project, reason=reason, **changes)
    if project.source_document_id is None:
        project = project_update(user=user, project=project, reason=reason, source_document=item.document,
                                 source_span=item.span)
    stage = overrides.get("stage", payload.get("stage")) or ""
    _advance(user, project, stage, _event_date(item.document), item)
    item.project, item.organization = project, investor
    return {"project": name, "investor": investor_name, "amount": None if amount is None else str(amount),
            "currency": currency, "stage": stage}


# One answer for a name held by a project the user may not see and by one they see but may not edit, so
# that accepting an item does not tell whether a hidden project exists; neither is linked or changed.
NAME_TAKEN = "项目名称已被本园区的其他项目使用，且你无权修改该项目；请改用其他名称。"


def _project_to_update(user: User, zone, name: str) -> Project | None:
    """The zone's project of this name if the user may see and edit it; None when no project has the name."""
    project = project_visible_to(user).filter(zone=zone, name=name).first()
    if project is None:
        # Names are unique in a zone: a hidden project of this name leaves no way to create another.
        if Project.objects.filter(zone=zone, name=name).exists():
            raise ValidationError(NAME_TAKEN)
        return None
    if not can_edit_project(user, project):
        raise ValidationError(NAME_TAKEN)
    return project


def default_project_name(payload: dict) -> str:
    """The event's project, or "<investor>项目" when the article names only the investor."""
    if payload.get("project"):
        return payload["project"]
    return f"{payload['investor']}项目" if payload.get("investor") else ""


def _advance(user: User, project: Project, stage: str, on: dt.date, item: ExtractedItem) -> None:
    """Move the project forward to the stage the article reports; an earlier stage changes nothing."""
    if stage not in PIPELINE or project.stage == Stage.DROPPED:
        return
    if stage_rank(stage) <= stage_rank(project.stage):
        return
    project_advance(user=user, project=project, stage=stage, on=on, note=f"据文档：{item.span[:200]}")


def _indicator_key(label: str) -> str:
    # Indicator keys are ASCII slugs; a label read from Chinese text gets a stable hashed one.
    ascii_part = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
    return (ascii_part or "extracted")[:40] + "_" + hashlib.sha256(label.encode()).hexdigest()[:8]


def _indicator(zone, overrides: dict, payload: dict) -> Indicator:
    chosen = overrides.get("indicator")
    if chosen is not None:
        if chosen.zone_id != zone.id:
            raise ValidationError("所选指标不属于该文档的园区。")
        return chosen
    label = _clean_text(overrides.get("indicator_name") or payload.get("indicator"))
    if not label:
        raise ValidationError("请选择指标或填写新指标名称。")
    found = Indicator.objects.filter(zone=zone, name=label).first()
    if found is not None:
        return found
    return Indicator.objects.create(zone=zone, key=_indicator_key(label), name=label[:100],
                                    unit=str(payload.get("unit") or "")[:20],
                                    description="由文档抽取结果创建")


def _accept_metric(user: User, item: ExtractedItem, overrides: dict) -> dict:
    zone, payload = _zone(item), item.payload
    indicator = _indicator(zone, overrides, payload)
    try:
        value = Decimal(str(overrides.get("value", payload.get("value"))))
    except InvalidOperation:
        raise ValidationError("数值不是数字。") from None
    on = overrides.get("on") or _event_date(item.document)
    observation = Observation.objects.filter(indicator=indicator, on=on).first()
    if observation is None:
        observation = Observation.objects.create(
            indicator=indicator, on=on, value=value, document=item.document, span=item.span,
            source=f"{item.document}（{user}审核采纳）"[:300])
    elif observation.document_id != item.document_id or observation.span != item.span:
        raise ValidationError(f"指标“{indicator}”在 {on} 已有观测值 {observation.value}"
                              f"（来源：{observation.source or observation.document or '未注明'}）。")
    item.observation = observation
    return {"indicator": indicator.name, "value": str(value), "on": on.isoformat()}


def _accept_organization(user: User, item: ExtractedItem, overrides: dict) -> dict:
    name = _clean_text(overrides.get("name", item.payload.get("name")))
    if not name:
        raise ValidationError("请填写机构名称。")
    item.organization = _organization(user, name, _clean_text(overrides.get("credit_code")),
                                      overrides.get("kind") or "")
    return {"name": item.organization.name}


def _accept_place(user: User, item: ExtractedItem, overrides: dict) -> dict:
    item.region = region_find(item.payload.get("name", ""))
    return {"region": item.region.code if item.region else None}
