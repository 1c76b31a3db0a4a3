"""Strings that name modules behind the facade: reported, never rewritten, and the lookups a
mock.patch target reaches left where the patch finds them (coupling/seal/triage.py,
verdicts.py)."""

from __future__ import annotations

from pathlib import Path

from coupling.records import RefusalKind
from tests.seal_support import dedent, seal, seal_existing, write_files

PATCHED = dedent(
    """\
    from unittest import mock


    @mock.patch("billing.services.charge")
    def test_it(charge: object) -> None:
        pass
    """
)


def test_strings_naming_deep_modules_are_reported_not_rewritten(tmp_path: Path) -> None:
    files = {
        "users/settings.py": 'HANDLER = "billing.services.charge"\nENTRY = "billing.models:Invoice"\nOK = "billing.Invoice"\n',
        "users/tests/__init__.py": "",
        "users/tests/test_views.py": PATCHED,
    }
    sealed = seal(tmp_path, files)
    assert sealed.after == sealed.before
    assert [(r.file, r.line, r.kind) for r in sealed.plan.refusals] == [
        ("users/settings.py", 1, RefusalKind.STRING),
        ("users/settings.py", 2, RefusalKind.STRING),
        ("users/tests/test_views.py", 4, RefusalKind.STRING),
    ]
    assert sealed.messages()[0] == (
        'users/settings.py:1: the string "billing.services.charge" names billing.services, behind '
        "the facade; strings are not rewritten (check mock.patch targets, settings and lazy imports by hand)"
    )


def test_a_lookup_a_patch_target_reaches_stays_where_the_patch_finds_it(tmp_path: Path) -> None:
    caller = dedent(
        """\
        from billing import services as billing_services
        from billing.services import charge


        def bill(amount: int) -> object:
            from billing.services import charge as lazy_charge

            return lazy_charge(amount), billing_services.charge(amount), charge(amount)
        """
    )
    files = {"users/views.py": caller, "tests/test_views.py": PATCHED}
    sealed = seal(tmp_path, files)
    # Bound when the module loads, `charge` never saw a patch made later: it moves. The two
    # lookups made when bill() runs see one today, and would not through the facade.
    assert sealed.after["users/views.py"] == caller.replace(
        "from billing.services import charge\n", "from billing import charge\n"
    )
    why = (
        "tests/test_views.py:4 names billing.services.charge in a string (a mock.patch "
        "target?); this lookup runs when called and would no longer see a patch there "
        "through the facade, so it stays"
    )
    assert sealed.messages() == [
        f"tests/test_views.py:4: {sealed.plan.refusals[0].message}",
        f"users/views.py:6: {why}",
        f"users/views.py:8: {why}",
    ]
    assert sealed.kinds() == [RefusalKind.STRING] * 3


def test_once_the_patch_names_the_facade_the_lookups_move(tmp_path: Path) -> None:
    caller = "def bill(amount: int) -> object:\n    from billing.services import charge\n\n    return charge(amount)\n"
    write_files(tmp_path, {"users/views.py": caller, "tests/test_views.py": PATCHED})
    first = seal(tmp_path, {})
    assert first.after["users/views.py"] == caller
    (tmp_path / "tests/test_views.py").write_text(PATCHED.replace("billing.services", "billing"))
    second = seal_existing(tmp_path)
    assert second.after["users/views.py"] == caller.replace("billing.services", "billing")
    assert second.plan.refusals == ()
