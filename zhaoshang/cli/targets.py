"""`zhaoshang targets`: ranked, explained target companies for a chain's gaps (or one segment)."""

from __future__ import annotations

import json
import sys

HELP = "ranked, explained target companies for a chain's gap segments, from the enterprise universe"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("--chain", required=True, help="chain key (see zhaoshang chains)")
    parser.add_argument("--segment", help="segment key (default: every gap segment of the chain)")
    parser.add_argument("--cities", help="source cities, e.g. 上海,杭州,苏州 (default: all of China)")
    parser.add_argument("--top", type=int, default=20, help="how many candidates (default 20)")
    parser.add_argument("--format", choices=["json", "table"], default="table")
    parser.add_argument("--add-lead", action="store_true", help="turn the candidates into leads owned by --user")
    parser.add_argument("--user", help="username: whose weights rank and who owns the leads "
                                       "(default: the first administrator; --add-lead needs an officer)")


def _lookup(args):
    from zhaoshang.accounts.models import User
    from zhaoshang.chains.models import Chain
    from zhaoshang.core.errors import UserError

    chain = Chain.objects.filter(key=args.chain).first()
    if chain is None:
        raise UserError(f"没有代码为“{args.chain}”的产业链（zhaoshang chains 列出全部）")
    segment = None
    if args.segment:
        segment = chain.segments.filter(key=args.segment).first()
        if segment is None:
            raise UserError(f"产业链“{chain.name}”没有代码为“{args.segment}”的环节")
    user = None
    if args.user:
        user = User.objects.filter(username=args.user, is_active=True).first()
        if user is None:
            raise UserError(f"没有用户名为“{args.user}”的用户")
    if args.add_lead and user is None:
        raise UserError("--add-lead 需要 --user 指定线索负责人（招商专员）")
    if user is not None and user.is_partner:
        raise UserError("合作园区/飞地人员无权查看招商图谱")
    if user is None:  # the zone's gaps as an administrator sees them, with the default weights
        from zhaoshang.cli.import_ import _user

        try:
            user = _user(None)
        except LookupError as exc:
            raise UserError(str(exc)) from None
    return chain, segment, user


def run(args) -> int:
    from zhaoshang.core.errors import UserError
    from zhaoshang.targets.services import parse_cities, target_lead_create, targets_rank

    if args.top <= 0:
        raise UserError("--top 应为正整数")
    chain, segment, user = _lookup(args)
    ranking = targets_rank(chain=chain, segment=segment, cities=parse_cities(args.cities), user=user, top=args.top)
    leads = {}
    if args.add_lead:
        from django.core.exceptions import PermissionDenied

        segments = {s.id: s for s in ranking.segments}
        for c in ranking.candidates:
            if not c.credit_code:
                continue
            try:
                result = target_lead_create(user=user, segment=segments[c.segment_id], credit_code=c.credit_code,
                                            summary=c.summary())
            except PermissionDenied as exc:
                raise UserError(str(exc)) from None
            leads[c.credit_code] = {"project": result.project.pk, "created": result.created}
    if args.format == "json":
        rows = [c.as_json() | ({"lead": leads[c.credit_code]} if c.credit_code in leads else {})
                for c in ranking.candidates]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    sys.stdout.write(_table(ranking, leads))
    return 0


def _table(ranking, leads) -> str:
    from zhaoshang.core.figures import table_lines
    from zhaoshang.targets.scoring import PARTS

    head = (f"{ranking.chain.name} · {'、'.join(s.name for s in ranking.segments[:6])}"
            f"{' 等' if len(ranking.segments) > 6 else ''} · {'、'.join(ranking.cities) or '全国'}"
            f" · {len(ranking.candidates)} 家候选")
    rows = [["credit_code", "name", "city", "segment", "score", "parts"]]
    for c in ranking.candidates:
        parts = " ".join(f"{PARTS[k]}{v:g}" for k, v in c.parts.items() if v)
        lead = leads.get(c.credit_code)
        mark = ""
        if lead is not None:
            mark = f" → 线索 #{lead['project']}" if lead["created"] else f" (已在项目 #{lead['project']})"
        rows.append([c.credit_code or "", c.name, c.city or "", c.segment_key, f"{c.score:g}", parts + mark])
    return "\n".join([head, *table_lines(rows, "<<<<><")]) + "\n"
