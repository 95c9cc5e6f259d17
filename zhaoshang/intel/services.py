"""Storing documents, extracting them into a review queue, and turning accepted items into records.

Every write names the user it is attributed to. Accepting an item twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import (
    PROJECT_EDIT_DENIED,
    REVIEW_DENIED,
    can_edit_project,
    can_review_extractions,
)
from zhaoshang.core.vocabulary import read_rows
from zhaoshang.indicators.models import Indicator, Observation
from zhaoshang.intel.models import Document, ExtractedItem, content_hash
from zhaoshang.organizations.matching import organization_match
from zhaoshang.organizations.models import Organization, validate_credit_code
from zhaoshang.organizations.selectors import organizations_visible_to
from zhaoshang.organizations.services import organization_create, organization_update
from zhaoshang.projects.models import PIPELINE, Project
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.projects.services import project_advance, project_create, project_update
from zhaoshang.regions.selectors import region_find
from zhaoshang.zones.models import Carrier

if TYPE_CHECKING:
    from zhaoshang.text import Analysis, Extraction
    from zhaoshang.text.events import Investment
    from zhaoshang.text.metrics import Metric

Kind = ExtractedItem.Kind
Status = ExtractedItem.Status
SPAN_MAX = 500
# Where a sentence ends: an investment event is shown as the sentence (or clause) of its investor's mention.
_SENTENCE_END = "。！？；\n"
YEAR_TO_DATE_WORDS = tuple(row[0] for row in read_rows(Path(__file__).with_name("data") / "year_to_date_words.txt"))
NO_DATE = "文档没有发布日期，请填写事件发生或统计截止的日期。"


class IngestRejected(ValueError):
    """The input is not a text document (binary, undecodable or empty)."""


def _analyse(raw: str) -> Analysis:
    from zhaoshang.text import analyse

    return analyse(raw)


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
    assert text is not None  # decoded above, or given: exactly one of raw_bytes and text is
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


def _published_on(date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(date[:10]) if date else None
    except ValueError:
        return None


@transaction.atomic
def document_extract(*, document: Document) -> list[ExtractedItem]:
    """Normalise and extract the document; replace its pending items, keep the reviewed ones.

    Returns the items now pending. An item equal to one already reviewed is not queued again.
    """
    analysis = _analyse(document.raw)
    normalized = analysis.normalized
    document.text = normalized.text
    document.title = (normalized.title or document.title or "")[:300]
    document.byline = (normalized.byline or document.byline or "")[:300]
    document.published_on = _published_on(normalized.date) or document.published_on
    document.extracted_at = timezone.now()
    document.extraction_error = ""
    document.save()
    document.items.filter(status=Status.PENDING).delete()
    reviewed = {(i.kind, i.start, i.end, i.span) for i in document.items.all()}
    fresh = [item for item in _items(document, analysis.extraction, normalized.text)
             if (item.kind, item.start, item.end, item.span) not in reviewed]
    return ExtractedItem.objects.bulk_create(fresh)


def document_extract_failed(*, document: Document, error: str) -> None:
    """Record why extraction failed so the document list can say so."""
    Document.objects.filter(pk=document.pk).update(extraction_error=error[:2000])


def _around(text: str, at: int, until: int, stops: str = _SENTENCE_END) -> tuple[int, int]:
    """The sentence (or with stops including "，", the clause) holding text[at:until]."""
    start = max(text.rfind(c, 0, at) for c in stops) + 1
    ends = [e for e in (text.find(c, max(until - 1, at)) for c in stops) if e != -1]
    end = min(ends) + 1 if ends else len(text)
    end -= text[end - 1] == "，"
    start += len(text[start:end]) - len(text[start:end].lstrip())
    return start, min(end, start + SPAN_MAX)


def year_to_date(text: str, start: int | None) -> bool:
    """Whether the sentence before a figure says it counts from the start of the year (今年以来…849件)."""
    if start is None:
        return False
    sentence_start = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    return any(word in text[sentence_start:start] for word in YEAR_TO_DATE_WORDS)


def _metric_bounds(text: str, metric: Metric) -> tuple[int, int]:
    """The offsets of a metric's span: the extractor's are the figure's, the span adds its label before or
    after it, so the span either starts at the figure or ends with it."""
    if text.startswith(metric.span, metric.start):
        return metric.start, metric.start + len(metric.span)
    return metric.end - len(metric.span), metric.end


def _item(document: Document, kind: str, payload: dict, where: tuple[int, int], text: str) -> ExtractedItem:
    start, end = where
    return ExtractedItem(document=document, kind=kind, payload=payload, start=start, end=end,
                         span=text[start:end][:SPAN_MAX])


def _investment_items(document: Document, events: list[Investment], text: str) -> list[ExtractedItem]:
    """Each event at the sentence of its investor's mention, or the clause when the sentence holds several."""
    sentences = [_around(text, e.start, e.end) for e in events]
    items = []
    for event, sentence in zip(events, sentences, strict=True):
        shared = sentences.count(sentence) > 1
        where = _around(text, event.start, event.end, stops="，" + _SENTENCE_END) if shared else sentence
        items.append(_item(document, Kind.INVESTMENT, event.as_dict(), where, text))
    return items


def _first_mentions(matches: Iterable) -> list:
    """One match per distinct name, at its first mention."""
    first: dict[str, object] = {}
    for match in sorted(matches, key=lambda m: m.start):
        first.setdefault(match.name, match)
    return list(first.values())


def _items(document: Document, found: Extraction, text: str) -> list[ExtractedItem]:
    items = _investment_items(document, found.investments, text)
    items.extend(_item(document, Kind.METRIC, {**m.as_dict(), "year_to_date": year_to_date(text, m.start)},
                       _metric_bounds(text, m), text) for m in found.metrics)
    for kind, matches in ((Kind.ORGANIZATION, found.organizations), (Kind.PLACE, found.places)):
        items.extend(_item(document, kind, {"name": m.name}, (m.start, m.end), text)
                     for m in _first_mentions(matches))
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

    investment: investor, credit_code, project, amount (Decimal, whole currency units), currency, stage,
        on (the stage's date), link_project (an existing Project to update instead of a new one),
        link_organization (an existing Organization as the investor instead of matching the name)
    metric: indicator (an Indicator) or indicator_name, value, on (date), year_to_date (bool)
    Without an `on`, the article's date is used; an article without one needs the reviewer's date.
    organization: name, kind, credit_code
    place: no overrides; the region is looked up by name
    """
    _require_review(user)
    item = ExtractedItem.objects.select_for_update().get(pk=item.pk)
    if item.status == Status.ACCEPTED:
        return item
    accepters: dict[str, Callable[[User, ExtractedItem, dict], dict]] = {
        Kind.INVESTMENT: _accept_investment, Kind.METRIC: _accept_metric,
        Kind.ORGANIZATION: _accept_organization, Kind.PLACE: _accept_place}
    accept = accepters[item.kind]
    reviewed = accept(user, item, overrides)
    item.payload = {**item.payload, "reviewed": reviewed}
    item.status, item.reviewed_by, item.reviewed_at = Status.ACCEPTED, user, timezone.now()
    item.save()
    return item


def _zone(item: ExtractedItem):
    if item.document.zone_id is None:
        raise ValidationError("文档未关联园区，无法生成记录。")
    return item.document.zone


def _event_date(document: Document, overrides: dict) -> dt.date:
    """The reviewer's date, else the article's; never today by default (a figure of 2020 is not of 2026)."""
    on = overrides.get("on") or document.published_on
    if on is None:
        raise ValidationError(NO_DATE)
    return on


def _clean_text(value) -> str:
    return str(value or "").strip()


def _organization(user: User, name: str, credit_code: str = "", kind: str = "") -> Organization:
    """The organisation this credit code or (normalised) name denotes, else a new one.

    A name whose organisation has another credit code is refused with the matcher's reason.
    """
    credit_code = credit_code.strip().upper()
    if credit_code:
        validate_credit_code(credit_code)
    match = organization_match(name, credit_code)
    if match.conflict:
        raise ValidationError(match.conflict)
    found = match.organization
    if found is None:
        return organization_create(user=user, name=name, credit_code=credit_code or None,
                                   kind=kind or Organization.Kind.COMPANY)
    if credit_code and not found.credit_code:
        found = organization_update(user=user, organization=found, credit_code=credit_code)
    return found


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


def _accept_financing(user: User, item: ExtractedItem, overrides: dict) -> dict:
    """A company raising money (融资) is a signal about the company, not a project in the zone: accepting it
    records the company (matched, or created) and keeps the round on the item; no project is made."""
    payload = item.payload
    name = _clean_text(overrides.get("investor", payload.get("company") or payload.get("investor")))
    if not name:
        raise ValidationError("请填写融资企业名称。")
    item.organization = _organization(user, name, _clean_text(overrides.get("credit_code")))
    amount, currency = _amount(overrides, payload)
    return {"kind": "financing", "company": item.organization.name, "round": payload.get("round") or "",
            "investors": list(payload.get("investors") or []), "lead_investor": payload.get("lead_investor") or "",
            "amount": None if amount is None else str(amount), "currency": currency}


def _accept_investment(user: User, item: ExtractedItem, overrides: dict) -> dict:
    zone, payload = _zone(item), item.payload
    if payload.get("kind") == "financing":
        return _accept_financing(user, item, overrides)
    investor_name = _clean_text(overrides.get("investor", payload.get("investor")))
    name = _clean_text(overrides.get("project", default_project_name(payload)))
    if not name:
        raise ValidationError("请填写项目名称。")
    stage = overrides.get("stage", payload.get("stage")) or ""
    linked = overrides.get("link_project")
    project = _linked_project(user, zone, linked) if linked else _project_to_update(user, zone, name)
    moves = stage in PIPELINE and (project is None or stage in project.next_stages())
    on = _event_date(item.document, overrides) if moves else None
    investor = _investor(user, overrides, investor_name)  # after the project checks: nothing written before
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
        project = _update_project(user, project, investor, amount, currency, reason)
    if project.source_document_id is None:
        project = project_update(user=user, project=project, reason=reason, source_document=item.document,
                                 source_span=item.span)
    if on is not None:
        _advance(user, project, stage, on, item)
    item.project, item.organization = project, investor
    return {"project": project.name, "investor": investor.name if investor else investor_name,
            "amount": None if amount is None else str(amount), "currency": currency, "stage": stage,
            "linked": bool(linked)}


def _investor(user: User, overrides: dict, name: str) -> Organization | None:
    """The organisation the reviewer linked, else the one the name and credit code denote (or a new one)."""
    linked = overrides.get("link_organization")
    if linked is None:
        return _organization(user, name, _clean_text(overrides.get("credit_code"))) if name else None
    if not organizations_visible_to(user).filter(pk=linked.pk).exists():
        raise ValidationError("所选机构不存在。")
    code = _clean_text(overrides.get("credit_code")).upper()
    if code and not linked.credit_code:
        validate_credit_code(code)
        linked = organization_update(user=user, organization=linked, credit_code=code)
    return linked


def _update_project(user: User, project: Project, investor: Organization | None, amount: Decimal | None,
                    currency: str, reason: str) -> Project:
    """Add the investor and the amount the article reports to a project already on file."""
    investors = list(project.investors.all())
    changes: dict = {"investors": [*investors, investor]} if investor and investor not in investors else {}
    if amount is not None:
        changes.update(amount=amount, currency=currency)
    return project_update(user=user, project=project, reason=reason, **changes) if changes else project


def _linked_project(user: User, zone, project: Project) -> Project:
    """The project the reviewer chose; one they may not see is answered as if it did not exist."""
    if project.zone_id != zone.id or not project_visible_to(user).filter(pk=project.pk).exists():
        raise ValidationError("所选项目不存在。")
    if not can_edit_project(user, project):
        raise ValidationError(PROJECT_EDIT_DENIED)
    return project


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
    if stage not in PIPELINE or stage not in project.next_stages():
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
    on = _event_date(item.document, overrides)
    ytd = overrides.get("year_to_date", payload.get("year_to_date", year_to_date(item.document.text, item.start)))
    observation = Observation.objects.filter(indicator=indicator, on=on, year_to_date=ytd).first()
    if observation is None:
        observation = Observation.objects.create(
            indicator=indicator, on=on, value=value, document=item.document, span=item.span, year_to_date=ytd,
            source=f"{item.document}（{user}审核采纳）"[:300])
    elif observation.document_id != item.document_id or observation.span != item.span:
        kind = "年初至今累计值" if ytd else "观测值"
        raise ValidationError(f"指标“{indicator}”在 {on} 已有{kind} {observation.value}"
                              f"（来源：{observation.source or observation.document or '未注明'}）。")
    item.observation = observation
    return {"indicator": indicator.name, "value": str(value), "on": on.isoformat(), "year_to_date": bool(ytd)}


def _accept_organization(user: User, item: ExtractedItem, overrides: dict) -> dict:
    name = _clean_text(overrides.get("name", item.payload.get("name")))
    if not name:
        raise ValidationError("请填写机构名称。")
    item.organization = _organization(user, name, _clean_text(overrides.get("credit_code")),
                                      overrides.get("kind") or "")
    return {"name": item.organization.name}


def _accept_place(user: User, item: ExtractedItem, overrides: dict) -> dict:
    """The place's region by the extractor's code (a township's 9 digits name its county), else by name: a
    full name (上海市宝山区) or a town (南浔镇) matches no region's name."""
    code = str(item.payload.get("code") or "")
    item.region = (region_find(code) if code.isdigit() else None) or region_find(item.payload.get("name", ""))
    return {"region": item.region.code if item.region else None}
