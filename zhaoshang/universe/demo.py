"""The demo's universe: 200,000 synthetic firms (示例数据), generated and imported once per data folder."""

from __future__ import annotations

DEMO_ROWS = 200_000
DEMO_SEED = 2020


def universe_demo_load(*, rows: int = DEMO_ROWS) -> int | None:
    """Generate and import the demo universe unless one exists; the number of firms loaded, or None."""
    from zhaoshang.universe import storage
    from zhaoshang.universe.generate import LABEL, universe_generate
    from zhaoshang.universe.services import chain_segments, universe_current, universe_import_files

    if universe_current() is not None:
        return None
    folder = storage.root() / "sources"
    files = universe_generate(rows=rows, seed=DEMO_SEED, out=folder, segments=chain_segments() or None)
    files.append(_known_organizations(folder))
    result = universe_import_files(paths=files, source=LABEL, replace=True)
    for path in files:
        path.unlink(missing_ok=True)  # the imported universe is the copy that counts; generate again at will
    return result.firms if result.ok else None


def _known_organizations(folder):
    """The demo's companies as a registry export would list them, so the 链主 view and the exclusions meet
    records the platform knows (their investments in the zone, their tags)."""
    import csv

    from zhaoshang.core.figures import format_amount
    from zhaoshang.organizations.models import Organization

    path = folder / "示例数据-平台已有企业.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["企业名称", "统一社会信用代码", "登记状态", "注册资本", "所属省份", "所属城市", "行业代码",
                         "企业标签", "经营范围", "数据来源"])
        companies = (Organization.objects.filter(kind=Organization.Kind.COMPANY, credit_code__isnull=False)
                     .select_related("region__parent__parent", "industry").prefetch_related("tags"))
        for org in companies:
            region = org.region
            city = region.city if region is not None else None
            province = (city.parent if city is not None and city.parent is not None else city)
            capital = (format_amount(org.registered_capital, org.capital_currency)
                       if org.registered_capital is not None else "-")
            writer.writerow([org.name, org.credit_code, "存续", capital, province.name if province else "",
                             city.name if city is not None and city != province else "",
                             org.industry_id or "", ";".join(t.name for t in org.tags.all()) or "-",
                             org.industry.name if org.industry else "", "示例数据"])
    return path
