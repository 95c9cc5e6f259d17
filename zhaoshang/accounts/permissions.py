"""Who may do what: the one place every page, API operation, import, review and admin asks.

Who may *see* a record is each app's selectors' business (`projects.selectors.project_visible_to`, …);
this module answers what a user may *do*. Each rule is a function of the user (and, for a record, the
few values the rule reads), so an import that holds rows as dictionaries asks the same question as a
page holding a model instance. Plain Python over the user's attributes; no query is made.
"""

from __future__ import annotations

from zhaoshang.accounts.models import Role

# Denials, worded once: pages, API and import show the same sentence.
PROJECT_EDIT_DENIED = "只有项目负责人、其团队成员和管理员可以修改此项目。"
PROJECT_CREATE_DENIED = "只有招商专员和管理员可以新建项目。"
PROJECT_IMPORT_DENIED = "只有招商专员和管理员可以导入项目。"
REVIEW_DENIED = "只有招商专员和管理员可以审核抽取结果。"
ORGANIZATION_WRITE_DENIED = "只有管理员、招商专员和产业研究人员可以新建或修改企业与机构。"
TARGETS_DENIED = "只有管理员和领导可以录入或导入年度目标。"
NETWORK_READ_DENIED = "只有园区内部人员可以查看物流网络与规划路线。"
NETWORK_EDIT_DENIED = "只有管理员和产业研究人员可以修改物流网络。"
READING_IMPORT_DENIED = "只有管理员、招商专员和产业研究人员可以导入水质监测数据。"
CASES_READ_DENIED = "只有园区内部人员可以查看办件。"
CASES_EDIT_DENIED = "只有管理员可以导入或修改办件。"

# Roles whose members may own (and so create and edit) projects.
PROJECT_OWNER_ROLES = frozenset({Role.OFFICER})
ORGANIZATION_WRITER_ROLES = frozenset({Role.OFFICER, Role.ANALYST})
READING_IMPORT_ROLES = frozenset({Role.OFFICER, Role.ANALYST})


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_project_worker(user) -> bool:
    """Administrators and officers: the people who create, import, review and edit projects."""
    return _active(user) and (user.is_administrator or user.role in PROJECT_OWNER_ROLES)


def can_create_project(user) -> bool:
    return is_project_worker(user)


def can_import_projects(user) -> bool:
    return is_project_worker(user)


def can_review_extractions(user) -> bool:
    """Accepting or rejecting what was extracted from documents turns it into records."""
    return is_project_worker(user)


def can_edit_project_owned_by(user, owner_id: int | None, owner_team_id: int | None) -> bool:
    """Administrators edit every project; officers their own and their team's."""
    if not _active(user):
        return False
    if user.is_administrator:
        return True
    if user.role not in PROJECT_OWNER_ROLES:
        return False
    if owner_id is not None and owner_id == user.id:
        return True
    return user.team_id is not None and owner_team_id == user.team_id


def can_edit_project(user, project) -> bool:
    owner = project.owner if project.owner_id is not None else None
    return can_edit_project_owned_by(user, project.owner_id, owner.team_id if owner else None)


def can_write_organizations(user) -> bool:
    return _active(user) and (user.is_administrator or user.role in ORGANIZATION_WRITER_ROLES)


def can_use_admin(user) -> bool:
    """The Django admin is closed to partners, whatever their staff flag says."""
    return _active(user) and not user.is_partner


def can_read_intel(user) -> bool:
    """Documents and their extractions are internal: partners do not read them."""
    return _active(user) and not user.is_partner


def can_set_targets(user) -> bool:
    """Yearly targets (年度目标) are the leadership's: administrators and leaders enter and import them."""
    return _active(user) and (user.is_administrator or user.role == Role.LEADER)


def can_read_targets(user) -> bool:
    """Targets are the zone's internal plan: partners do not read them."""
    return _active(user) and not user.is_partner


def sees_personal_data(user) -> bool:
    """Only administrators see phone and ID-card numbers in full."""
    return bool(getattr(user, "is_administrator", False))


CHAINS_EDIT_DENIED = "只有管理员和产业研究人员可以修改产业链。"
CHAINS_READ_DENIED = "产业链图谱供园区招商人员使用，合作园区/飞地人员无权查看。"
CHAIN_EDITOR_ROLES = frozenset({Role.ANALYST})


TARGETS_READ_DENIED = "企业库与招商图谱供园区招商人员使用，合作园区/飞地人员无权查看。"


def can_read_universe(user) -> bool:
    """The enterprise universe and the ranked targets are the zone's own: partners see neither."""
    return _active(user) and not user.is_partner


def can_read_chains(user) -> bool:
    """The chain map is the zone staff's; a partner's coverage would count only their carrier's projects."""
    return _active(user) and not user.is_partner


def can_edit_chains(user) -> bool:
    """Analysts draw the chain map; administrators may too. Leaders and officers read it."""
    return _active(user) and (user.is_administrator or user.role in CHAIN_EDITOR_ROLES)


def can_read_network(user) -> bool:
    """The logistics network and planned routes: every signed-in member of the zone's staff; partners
    (enclave or park accounts) do not."""
    return _active(user) and not user.is_partner


def can_edit_network(user) -> bool:
    return _active(user) and (user.is_administrator or user.role == Role.ANALYST)


def can_import_readings(user) -> bool:
    """Water-quality readings: administrators, officers and analysts."""
    return _active(user) and (user.is_administrator or user.role in READING_IMPORT_ROLES)


def can_read_water_tasks(user) -> bool:
    """The special plan's tasks name owners and internal deadlines: the zone's staff, not partners."""
    return _active(user) and not user.is_partner


def can_read_cases(user) -> bool:
    """Service cases and 全代办 checklists: the zone's own staff; partners see no case and no applicant."""
    return _active(user) and not user.is_partner


def can_edit_cases(user) -> bool:
    """Cases come from the service platforms: only administrators import or correct them."""
    return _active(user) and user.is_administrator


AUDIT_READ_DENIED = "只有管理员可以查阅审计日志。"


def can_read_audit(user) -> bool:
    """The audit trail names who signed in, from which address, and what each person exported, changed or was
    refused: administrators only. The project has no security or auditor role, and leaders, who read every
    record, are the people an audit would look at; a future auditor role is one line here."""
    return _active(user) and user.is_administrator
