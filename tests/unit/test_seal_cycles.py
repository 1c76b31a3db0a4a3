"""A seal never closes an import cycle at load time: the facade's re-exports and, for a named
facade, the callers that would import it as they load (coupling/seal/cycles.py)."""

from __future__ import annotations

from pathlib import Path

from coupling.records import RefusalKind
from coupling.seal.cycles import CycleCheck, ImportGraph
from coupling.seal.names import Layout
from tests.seal_support import dedent, plan_for, run_python, seal

MODULES = frozenset(
    {"billing", "billing.api", "billing.models", "billing.services", "users", "users.profile"}
    | {"users.views", "audit", "audit.log"}
)


def _check(graph: ImportGraph, facade: str = "billing") -> CycleCheck:
    packages = frozenset({"billing", "users", "audit"})
    return CycleCheck(graph, Layout("billing", facade, MODULES, packages, frozenset({"billing"})))


def test_a_module_leading_back_to_a_module_that_loads_the_unit_is_a_cycle() -> None:
    graph = {"billing.models": {"users.profile"}, "users.profile": {"billing.services"}}
    assert _check(graph).reexport_cycle("billing.models") == ["billing.models", "users.profile"]


def test_a_module_reaching_a_unit_that_does_not_load_the_facade_is_no_cycle() -> None:
    graph = {"billing.models": {"users.profile"}, "users.views": {"billing.models"}}
    assert _check(graph).reexport_cycle("billing.models") is None


def test_nothing_new_runs_when_the_facade_already_imports_the_module() -> None:
    graph = {"billing": {"billing.models"}, "billing.models": {"users.profile"}}
    graph["users.profile"] = {"billing.services"}
    assert _check(graph).reexport_cycle("billing.models") is None


def test_parent_packages_run_when_a_submodule_is_imported() -> None:
    graph = {"billing.models": {"audit.log"}, "audit": {"users.views"}, "users.views": {"billing"}}
    assert _check(graph).reexport_cycle("billing.models") == [
        "billing.models",
        "audit",
        "users.views",
    ]


def test_paths_through_the_running_facade_are_not_new() -> None:
    graph = {"billing.models": {"billing"}, "billing": {"users.views"}, "users.views": {"billing"}}
    assert _check(graph).reexport_cycle("billing.models") is None


def test_a_named_facade_leading_back_to_an_eager_caller_is_a_cycle() -> None:
    graph = {"billing.api": {"billing.services"}, "billing.services": {"users.views"}}
    check = _check(graph, facade="billing.api")
    assert check.caller_cycle("users.views") == ["billing.api", "billing.services", "users.views"]
    assert check.caller_cycle("users.profile") is None
    assert _check(graph).caller_cycle("users.views") is None  # the __init__ ran already


# alpha.extra imports beta.core, which imports alpha when it loads: re-exporting helper from
# alpha.extra would make `import alpha` load beta.core half-way, a cycle that neither the
# caller gamma.use nor its unit is on (a check of the callers alone would miss it).
THIRD_UNIT = {
    "alpha/__init__.py": '"""Alpha."""\n',
    "alpha/core.py": "def thing() -> int:\n    return 1\n",
    "alpha/extra.py": "from beta.core import value\n\n\ndef helper() -> int:\n    return value()\n",
    "beta/__init__.py": "",
    "beta/core.py": "from alpha.core import thing\n\n\ndef value() -> int:\n    return thing()\n",
    "gamma/__init__.py": "",
    "gamma/use.py": "from alpha.extra import helper\n",
}


def test_a_cycle_through_a_third_unit_is_refused_and_every_module_still_imports(
    tmp_path: Path,
) -> None:
    sealed = seal(tmp_path, THIRD_UNIT, "alpha")
    assert sealed.after["beta/core.py"] == THIRD_UNIT["beta/core.py"].replace("alpha.core", "alpha")
    assert sealed.after["gamma/use.py"] == THIRD_UNIT["gamma/use.py"]
    assert sealed.messages() == [
        "gamma/use.py:1: re-exporting helper makes the facade alpha import alpha.extra, which "
        "leads back at module level to beta.core, a module that imports alpha when it loads "
        "(alpha.extra → beta.core): a new import cycle"
    ]
    for module in ("beta.core", "gamma.use", "alpha.extra", "alpha"):
        done = run_python(tmp_path, f"import {module}")
        assert done.returncode == 0, (module, done.stderr)
    assert plan_for(tmp_path, "alpha").changes == ()


# users.service imports notifications.sender lazily because sender imports users.models: the
# example monolith's case. No module of users loads notifications, so nothing closes a cycle.
LAZY = {
    "notifications/__init__.py": '"""Notifications."""\n',
    "notifications/sender.py": "from users.models import User\n\n\ndef send(to: str) -> str:\n    return User(to).name\n",
    "users/__init__.py": "",
    "users/models.py": "class User:\n    def __init__(self, name: str) -> None:\n        self.name = name\n",
    "users/service.py": dedent(
        """\
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from notifications.sender import send as send_type


        def welcome(name: str) -> str:
            # Lazy: notifications.sender imports users.models.
            from notifications.sender import send

            return send(name)
        """
    ),
}


def test_lazy_and_type_checking_callers_move_when_no_cycle_closes(tmp_path: Path) -> None:
    sealed = seal(tmp_path, LAZY, "notifications")
    assert sealed.plan.refusals == ()
    assert sealed.after["users/service.py"] == LAZY["users/service.py"].replace(
        "from notifications.sender import", "from notifications import"
    )
    done = run_python(tmp_path, "import users.service; print(users.service.welcome('ada'))")
    assert (done.returncode, done.stdout) == (0, "ada\n"), done.stderr


def test_an_eager_caller_on_the_module_s_own_cycle_is_refused(tmp_path: Path) -> None:
    files = {
        "billing/models.py": "from users.profile import Profile\n\n\nclass Invoice:\n    pass\n",
        "users/profile.py": "class Profile:\n    pass\n",
        "users/views.py": "from users.profile import Profile\nfrom billing.models import Invoice\n",
        "users/__init__.py": "from users import views\n",
    }
    sealed = seal(tmp_path, files)
    assert sealed.after == sealed.before
    assert sealed.kinds() == [RefusalKind.CYCLE]
    # Importing users.profile runs the package users first, which imports users.views.
    assert "(billing.models → users → users.views)" in sealed.messages()[0]


def test_a_named_facade_is_refused_to_an_eager_caller_it_leads_back_to(tmp_path: Path) -> None:
    files = {
        "billing/api.py": "from billing.services import charge\n",
        "billing/services.py": "from users.views import LIMIT\n\n\ndef charge() -> int:\n    return LIMIT\n",
        "users/views.py": "LIMIT = 3\nfrom billing.models import Invoice\n",
        "users/lazy.py": "def f() -> object:\n    from billing.models import Invoice\n\n    return Invoice\n",
    }
    sealed = seal(tmp_path, files, facade="billing.api")
    assert sealed.after["users/views.py"] == files["users/views.py"]
    assert sealed.after["users/lazy.py"] == files["users/lazy.py"].replace("models", "api")
    assert sealed.messages() == [
        "users/views.py:2: importing the facade billing.api at module level here would close "
        "a new import cycle: the facade leads back to this module when it loads "
        "(billing.api → billing.services → users.views)"
    ]
    done = run_python(tmp_path, "import users.views, users.lazy; print(users.lazy.f().__name__)")
    assert (done.returncode, done.stdout) == (0, "Invoice\n"), done.stderr
