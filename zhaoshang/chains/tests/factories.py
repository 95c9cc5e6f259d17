"""A small chain for tests, and projects landed in it."""

import datetime as dt

from zhaoshang.chains.models import Chain, Segment
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Stage, StageChange
from zhaoshang.testing import make_project


def make_chain(key: str = "battery") -> Chain:
    """Separator → cells → vehicles; BMS beside the cells; charging and recycling with no links."""
    chain = Chain.objects.create(key=key, name="测试电池链")

    def seg(k, name, position, codes, keywords=(), supplies=(), order=0, parent=None):
        return Segment.objects.create(chain=chain, key=k, name=name, position=position, industry_codes=codes,
                                      keywords=list(keywords), supplies=list(supplies), order=order, parent=parent)

    seg("separator", "隔膜", "upstream", [{"code": "3985", "partial": True}], ["隔膜"], ["cells"], 10)
    seg("cells", "电芯", "midstream", [{"code": "3841", "partial": False}], ["电芯"], ["vehicles"], 20)
    seg("bms", "电池管理系统", "midstream", [{"code": "3670", "partial": True}], ["电池管理", "BMS"], [], 30)
    seg("vehicles", "整车", "downstream", [{"code": "3612", "partial": False}], ["整车"], [], 40)
    seg("charging", "充电设施", "downstream", [{"code": "5267", "partial": False}], ["充电桩"], [], 50)
    seg("recycling", "电池回收", "downstream", [{"code": "4210", "partial": True}], ["电池回收"], [], 60)
    return chain


def landed(zone, name: str, *, investor: str, industry: str | None, amount: str = "2", segment=None,
           owner=None, confidential: bool = False, stage: str = Stage.REGISTERED):
    """A project signed on 2020-03-01 and registered on 2020-04-01, with one investor of the given code."""
    project = make_project(zone, name, owner=owner, amount=amount, signed_on=dt.date(2020, 3, 1),
                           confidential=confidential, industry=industry)
    if stage != Stage.SIGNED:
        StageChange.objects.create(project=project, stage=Stage.REGISTERED, on=dt.date(2020, 4, 1))
    project.stage, project.segment = stage, segment
    project.save()
    project.investors.add(Organization.objects.create(name=investor, industry_id=industry))
    return project
