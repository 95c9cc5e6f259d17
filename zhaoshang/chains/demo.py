"""The demo's projects linked to chain segments, and where their leads came from (示例数据)."""

from __future__ import annotations

from zhaoshang.chains.defaults import chains_load, supplies_load
from zhaoshang.chains.models import Chain, Segment
from zhaoshang.projects.models import Project

# project name → (chain key, segment key, source)
DEMO_LINKS = {
    "年产50万套新能源汽车电驱系统项目": ("vehicles", "e-drive", "event"),
    "动力锂电池电芯及模组项目": ("vehicles", "cells-packs", "referral"),
    "智能网联汽车零部件产业园": ("vehicles", "autonomous-driving", "event"),
    "新能源商用车整车项目": ("vehicles", "vehicles", "news"),
    "功率半导体模块项目": ("vehicles", "auto-chips", "referral"),
    "车规级芯片设计中心": ("vehicles", "auto-chips", "event"),
    "氢燃料电池系统项目": ("vehicles", "fuel-cells", "news"),
    "汽车轻量化零部件项目": ("vehicles", "lightweight", "referral"),
    "张江合作智能传感器项目": ("vehicles", "sensors", "event"),
    "纵目科技自动驾驶研发制造基地": ("vehicles", "autonomous-driving", "event"),
    "氢能重卡整车项目": ("vehicles", "vehicles", "referral"),
    "锂电回收利用项目": ("vehicles", "battery-recycling", "news"),
    "智能座舱交互软件": ("vehicles", "cockpit", "referral"),
    "车联网数据平台": ("vehicles", "v2x", "referral"),
    "自动驾驶仿真测试": ("vehicles", "testing", "referral"),
    "新能源车电池管理软件": ("vehicles", "bms", "referral"),
    "高精地图众包平台": ("vehicles", "v2x", "referral"),
    "12英寸特色工艺晶圆项目": ("digital", "ic-manufacturing", "referral"),
    "半导体专用设备制造基地": ("digital", "electronic-equipment", "news"),
    "新型显示材料项目": ("digital", "electronic-materials", "event"),
    "工业互联网平台及数据中心项目": ("digital", "data-centres", "news"),
    "智能制造系统集成项目": ("digital", "system-integration", "event"),
    "工业机器人应用项目": ("digital", "industrial-internet", "event"),
    "数字孪生软件研发中心": ("digital", "application-software", "import"),
    "新型电子元器件项目": ("digital", "components-sensors", "import"),
    "半导体封装材料项目": ("digital", "electronic-materials", "event"),
    "基础软件适配中心": ("digital", "basic-software", "import"),
    "网络安全产业基地": ("digital", "cybersecurity", "news"),
    "第三代半导体衬底项目": ("digital", "discrete-devices", "referral"),
    "数据标注及算力服务中心": ("digital", "data-services", "news"),
    "工业视觉检测算法": ("digital", "application-software", "referral"),
    "智慧园区物联网平台": ("digital", "system-integration", "referral"),
    "跨境电商SaaS平台": ("digital", "internet-platforms", "referral"),
    "高端生物药研发及产业化基地": ("health", "biologics", "event"),
    "高端医疗影像设备项目": ("health", "diagnostic-equipment", "news"),
    "生物医用材料产业化项目": ("health", "consumables", "event"),
    "精密医疗器械外资项目": ("health", "specialty-devices", "referral"),
    "医学诊断试剂项目": ("health", "ivd", "import"),
    "创新药CDMO平台": ("health", "cdmo", "news"),
}


def chains_demo_load(*, zone) -> int:
    """Link the demo zone's projects to their segments (only those not linked yet); returns how many.

    A database without any chain (one a live-server test emptied) gets the shipped ones first."""
    if not Chain.objects.exists():
        chains_load(Chain, Segment)
        supplies_load(Chain, Segment)
    segments = {(s.chain.key, s.key): s for s in Segment.objects.select_related("chain")}
    linked = 0
    for project in Project.objects.filter(zone=zone, name__in=DEMO_LINKS, segment__isnull=True):
        chain, key, source = DEMO_LINKS[project.name]
        segment = segments.get((chain, key))
        if segment is None:  # an analyst removed or renamed it: leave the project unlinked
            continue
        project.segment, project.source = segment, project.source or source
        project.save(update_fields=["segment", "source"])
        linked += 1
    return linked
