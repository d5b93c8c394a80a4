"""One policy vocabulary: roles are `User.Role`, and only the access policy looks at them.

Pages, selectors, services and forms ask `coalition.access` (a `may_*` check or a scope); templates get the
answers from their view. These tests read the source, so a new role test written anywhere else fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from coalition.models import User

ROOT = Path(__file__).resolve().parents[2]
ROLES = frozenset(User.Role.values)
# Where roles are defined (and their database constraints written): the one place that may spell them out.
ROLE_DEFINITIONS = {ROOT / "coalition" / "models.py"}


def _app_dirs() -> list[Path]:
    return sorted(path.parent for path in ROOT.glob("*/apps.py"))


def _python_files() -> list[Path]:
    return [path for app in _app_dirs() for path in sorted(app.rglob("*.py"))
            if "migrations" not in path.parts and path not in ROLE_DEFINITIONS]


def _template_files() -> list[Path]:
    folders = [ROOT / "templates", *(app / "templates" for app in _app_dirs())]
    return [path for folder in folders if folder.is_dir() for path in sorted(folder.rglob("*.html"))]


def _role_literals(node: ast.AST) -> list[str]:
    """The role names a literal spells: "staff", or ("admin", "staff")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ROLES:
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [name for element in node.elts for name in _role_literals(element)]
    return []


def _names_a_role(node: ast.AST) -> bool:
    """`user.role`, `role`, `_role(actor)`: an expression that holds someone's role."""
    if isinstance(node, ast.Call):
        node = node.func
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return name.lstrip("_") == "role"


def role_tests_in_python(source: str) -> list[str]:
    """Every place the source compares a role with a string, passes one as `role=`, or reads Django's admin flags."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_names_a_role(side) for side in sides) and any(_role_literals(side) for side in sides):
                found.append(f"line {node.lineno}: compares a role with a string")
        elif isinstance(node, ast.keyword) and node.arg in ("role", "role__in") and _role_literals(node.value):
            found.append(f"line {node.value.lineno}: {node.arg}= a string")
        elif (isinstance(node, ast.Attribute) and node.attr in ("is_staff", "is_superuser")
              and isinstance(node.ctx, ast.Load)):
            found.append(f"line {node.lineno}: reads {node.attr} (the back office's flag, not a role)")
    return found


_ROLE_NAMES = "|".join(sorted(ROLES))
TEMPLATE_ROLE_TEST = re.compile(
    r"\.role\s*(==|!=|\bin\b)"  # user.role == ..., user.role in ...
    r"|(==|!=|\bin)\s*[\w.]*\.role\b"  # ... == user.role
    r"|\buser\.is_\w+"  # user.is_staff, user.is_superuser, any role flag on the account
    rf"|{{%\s*(el)?if\b[^%]*[\"']({_ROLE_NAMES})[\"'][^%]*%}}"  # {% if something == "staff" %}
)


def role_tests_in_template(text: str) -> list[str]:
    """Every line of a template that decides by role instead of by an answer its view passed."""
    return [f"line {n}: {line.strip()}" for n, line in enumerate(text.splitlines(), start=1)
            if TEMPLATE_ROLE_TEST.search(line.replace("user.is_authenticated", ""))]


@pytest.mark.parametrize("source", [
    'if user.role == "admin":\n    pass',
    'ok = _role(actor) in ("admin", "staff")',
    'ok = "organizer" != request.user.role',
    'User.objects.filter(role__in=["admin", "partner"])',
    'User(role="member")',
    'ok = user.is_superuser',
])
def test_the_python_check_finds_a_role_test(source: str) -> None:
    assert role_tests_in_python(source)


@pytest.mark.parametrize("source", [
    "ok = user.role == User.Role.ADMIN",
    'seat.role == "chair"',
    'kind = "organizer" if x else "partner"',
    "user.is_staff = True",
])
def test_the_python_check_passes_what_is_not_one(source: str) -> None:
    assert role_tests_in_python(source) == []


@pytest.mark.parametrize(("text", "found"), [
    ('{% if user.role == "admin" %}', True),
    ("{% if user.is_coalition_staff or r.uploaded_by_id == user.pk %}", True),
    ('{% elif kind == "partner" %}', True),
    ("{% if may_manage %}", False),
    ('{% if rsvp.status != "cancelled" %}', False),
    ("{% if user.is_authenticated %}", False),
    ('{% include "card.html" with role_label=_("Mentor") %}', False),
])
def test_the_template_check_finds_a_role_test(text: str, found: bool) -> None:
    assert bool(role_tests_in_template(text)) is found


def test_the_checks_read_every_app_and_template() -> None:
    apps = {path.name for path in _app_dirs()}
    assert {"coalition", "members", "leadership", "events", "campaigns", "messaging"} <= apps
    assert ROOT / "coalition" / "access" / "__init__.py" in _python_files()
    assert ROOT / "coalition" / "access" / "development.py" in _python_files()
    assert ROOT / "leadership" / "selectors.py" in _python_files()
    assert ROOT / "templates" / "coalition" / "home.html" in _template_files()
    assert ROOT / "templates" / "leadership" / "pipeline.html" in _template_files()


def test_no_code_outside_the_role_definitions_tests_a_role_by_its_name() -> None:
    found = [f"{path.relative_to(ROOT)} {where}" for path in _python_files()
             for where in role_tests_in_python(path.read_text(encoding="utf-8"))]
    assert not found, "Ask coalition.access (a may_* check or a scope) instead:\n" + "\n".join(found)


def test_the_policy_names_roles_only_as_user_role() -> None:
    policy = sorted((ROOT / "coalition" / "access").glob("*.py"))
    assert len(policy) >= 4
    spelled = [f"{path.name}:{node.lineno}" for path in policy
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if _role_literals(node)]
    assert not spelled, f"coalition/access/ spells roles as strings at {spelled}: use User.Role"


def test_no_template_decides_by_role() -> None:
    found = [f"{path.relative_to(ROOT)} {where}" for path in _template_files()
             for where in role_tests_in_template(path.read_text(encoding="utf-8"))]
    assert not found, "Pass the policy's answer from the view instead:\n" + "\n".join(found)
