"""What the seal writes in the files outside the unit: each import form and each use of a
module's name, source in → source out, and no other byte changed (coupling/seal/rewrite.py,
scan.py, callers.py)."""

from __future__ import annotations

import difflib
from pathlib import Path

from coupling.records import ImportPlace, RefusalKind
from tests.seal_support import dedent, plan_for, seal, seal_existing, write_files

FACADE_WITH_INVOICE = dedent(
    '''\
    """Billing."""

    # --- coupling seal: re-exports (generated) ---
    from .models import Invoice
    __all__ = [
        "Invoice",
    ]
    # --- end ---
    '''
)


def test_a_from_import_moves_to_the_facade_which_gains_a_marked_reexport(tmp_path: Path) -> None:
    sealed = seal(tmp_path, {"users/views.py": "from billing.models import Invoice\n"})
    assert sealed.after["users/views.py"] == "from billing import Invoice\n"
    assert sealed.after["billing/__init__.py"] == FACADE_WITH_INVOICE
    assert [(r.name, r.module, r.line) for r in sealed.plan.reexports] == [
        ("Invoice", "billing.models", "from .models import Invoice")
    ]
    assert sealed.plan.refusals == ()


def test_an_alias_and_a_trailing_comment_are_kept(tmp_path: Path) -> None:
    source = "from billing.models import Invoice as Inv   # the one we bill\n"
    sealed = seal(tmp_path, {"users/views.py": source})
    assert (
        sealed.after["users/views.py"] == "from billing import Invoice as Inv   # the one we bill\n"
    )
    assert sealed.after["billing/__init__.py"] == FACADE_WITH_INVOICE


def test_a_parenthesized_import_keeps_its_layout_and_comments(tmp_path: Path) -> None:
    source = dedent(
        """\
        from billing.models import (  # models
            Invoice,  # bills
            Status,
        )
        """
    )
    sealed = seal(tmp_path, {"users/views.py": source})
    assert sealed.after["users/views.py"] == source.replace("billing.models", "billing")
    assert "from .models import Status\n" in sealed.after["billing/__init__.py"]


def test_imports_inside_functions_and_under_type_checking_are_rewritten(tmp_path: Path) -> None:
    source = dedent(
        """\
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from billing.models import Invoice


        def bill() -> "Invoice":
            from billing.services import charge

            return charge(1)
        """
    )
    sealed = seal(tmp_path, {"users/views.py": source})
    expected = source.replace("billing.models", "billing").replace("billing.services", "billing")
    assert sealed.after["users/views.py"] == expected
    assert [r.place for r in sealed.plan.rewrites] == [
        ImportPlace.TYPE_CHECKING,
        ImportPlace.FUNCTION,
    ]


def test_a_statement_with_a_refused_name_splits_into_two_lines(tmp_path: Path) -> None:
    source = "x = 1\nfrom billing.models import Invoice, _secret  # both\ny = 2\n"
    sealed = seal(tmp_path, {"users/views.py": source})
    assert sealed.after["users/views.py"] == (
        "x = 1\nfrom billing import Invoice  # both\nfrom billing.models import _secret\ny = 2\n"
    )
    assert sealed.messages() == [
        "users/views.py:2: _secret is private to billing.models (leading underscore); "
        "the facade will not publish it"
    ]


def test_a_star_import_is_refused_and_left_alone(tmp_path: Path) -> None:
    sealed = seal(tmp_path, {"users/views.py": "from billing.models import *\n"})
    assert sealed.after == sealed.before
    assert sealed.messages() == [
        "users/views.py:1: `from billing.models import *` takes names that cannot be listed; "
        "import them by name to seal it"
    ]


def test_relative_imports_from_a_sibling_unit_keep_their_dots(tmp_path: Path) -> None:
    files = {
        "shop/__init__.py": "",
        "shop/billing/__init__.py": "",
        "shop/billing/models.py": "class Invoice:\n    pass\n",
        "shop/users/__init__.py": "",
        "shop/users/views.py": "from ..billing.models import Invoice\n",
    }
    # Units two levels down (shop.billing), or PATH the package shop (its children: billing).
    deep = seal(tmp_path / "deep", files, "shop.billing", depth=2)
    write_files(tmp_path / "package", files)
    package = seal_existing(tmp_path / "package" / "shop", "billing")
    assert deep.after["shop/users/views.py"] == "from ..billing import Invoice\n"
    assert package.after["users/views.py"] == "from ..billing import Invoice\n"
    assert "from .models import Invoice\n" in package.after["billing/__init__.py"]
    assert deep.plan.facade == package.plan.facade == "shop.billing"
    assert plan_for(tmp_path / "deep", "shop.billing", depth=2).changes == ()


def test_imports_inside_the_unit_are_left_alone(tmp_path: Path) -> None:
    sealed = seal(tmp_path, {"users/views.py": "from billing.models import Invoice\n"})
    assert sealed.after["billing/services.py"] == sealed.before["billing/services.py"]


def test_test_files_are_left_alone_unless_included(tmp_path: Path) -> None:
    files = {
        "users/tests/__init__.py": "",
        "users/tests/test_views.py": "from billing.models import Invoice\n",
    }
    left = seal(tmp_path / "a", files)
    assert left.after["users/tests/test_views.py"] == "from billing.models import Invoice\n"
    assert left.plan.changes == ()
    included = seal(tmp_path / "b", files, tests=True)
    assert included.after["users/tests/test_views.py"] == "from billing import Invoice\n"


def test_a_module_taken_with_from_becomes_an_alias_of_the_facade(tmp_path: Path) -> None:
    source = "from billing import models\n\nx = models.Invoice(3)\n"
    sealed = seal(tmp_path, {"users/views.py": source})
    assert sealed.after["users/views.py"] == "import billing as models\n\nx = models.Invoice(3)\n"
    assert sealed.after["billing/__init__.py"] == FACADE_WITH_INVOICE


def test_a_named_facade_module_serves_the_unit(tmp_path: Path) -> None:
    files = {
        "billing/api.py": '"""The billing API."""\n',
        "users/views.py": "from billing.models import Invoice\nfrom billing import api\n",
    }
    sealed = seal(tmp_path, files, facade="billing.api")
    assert (
        sealed.after["users/views.py"]
        == "from billing.api import Invoice\nfrom billing import api\n"
    )
    assert sealed.after["billing/api.py"] == FACADE_WITH_INVOICE.replace(
        "Billing.", "The billing API."
    )
    assert sealed.after["billing/__init__.py"] == sealed.before["billing/__init__.py"]


def test_names_taken_from_a_package_on_the_way_to_a_named_facade_are_reported(
    tmp_path: Path,
) -> None:
    files = {
        "billing/sub/__init__.py": "TAX = 0.2\n",
        "billing/sub/api.py": "",
        "users/views.py": "from billing.sub import TAX\nfrom billing import Invoice\n",
    }
    sealed = seal(tmp_path, files, facade="billing.sub.api")
    assert sealed.after == sealed.before  # billing itself, the unit's __init__, is public
    assert sealed.messages() == [
        "users/views.py:1: takes TAX from the package billing.sub, not from the facade "
        "billing.sub.api; move it to the facade by hand"
    ]


def test_modules_the_reports_count_as_facades_are_not_past_it(tmp_path: Path) -> None:
    files = {
        "billing/api.py": "from billing.models import Invoice\n",
        "users/views.py": "from billing.api import Invoice\nfrom billing import api\n",
    }
    sealed = seal(tmp_path, files)
    assert sealed.plan.changes == ()
    assert sealed.plan.refusals == ()


def test_a_second_run_is_a_no_op(tmp_path: Path) -> None:
    sealed = seal(tmp_path, {"users/views.py": "from billing.models import Invoice, Status\n"})
    again = plan_for(sealed.root)
    assert again.changes == ()
    assert again.refusals == ()


def test_an_import_of_a_deep_module_and_its_uses_move_to_the_facade(tmp_path: Path) -> None:
    source = dedent(
        """\
        import billing.models


        def bill(amount: int) -> billing.models.Invoice:
            return billing.models.Invoice(amount)
        """
    )
    sealed = seal(tmp_path, {"users/views.py": source})
    assert sealed.after["users/views.py"] == source.replace("billing.models", "billing")
    assert [r.is_use for r in sealed.plan.rewrites] == [False, True, True]
    assert not plan_for(sealed.root).changes


def test_two_deep_modules_in_one_statement_become_one_import(tmp_path: Path) -> None:
    source = "import os, billing.models, billing.services\n\nx = billing.services.charge(billing.models.Status.OPEN)\n"
    sealed = seal(tmp_path, {"users/views.py": source})
    assert (
        sealed.after["users/views.py"]
        == "import os, billing\n\nx = billing.charge(billing.Status.OPEN)\n"
    )


def test_using_the_module_itself_refuses_the_import(tmp_path: Path) -> None:
    source = "import billing.models\n\nMODULE = billing.models\nx = billing.models.Invoice()\n"
    sealed = seal(tmp_path, {"users/views.py": source})
    assert sealed.after == sealed.before
    assert sealed.messages() == [
        "users/views.py:3: uses the module billing.models itself, not a name from it; "
        "its imports stay as they are"
    ]


def test_assigning_to_a_module_attribute_refuses_the_import(tmp_path: Path) -> None:
    source = "import billing.models\n\nbilling.models.Invoice = None\n"
    sealed = seal(tmp_path, {"users/views.py": source})
    assert sealed.after == sealed.before
    assert sealed.kinds() == [RefusalKind.MODULE_OBJECT]
    assert "assigns or deletes billing.models.Invoice" in sealed.messages()[0]


def test_an_import_with_no_use_is_kept_for_its_side_effects(tmp_path: Path) -> None:
    sealed = seal(tmp_path, {"users/views.py": "import billing.models  # registers models\n"})
    assert sealed.after == sealed.before
    assert sealed.messages() == [
        "users/views.py:1: `import billing.models` is not followed by any use of a name from "
        "billing.models here: it may be imported for its side effects, so it stays"
    ]


def test_an_alias_of_a_deep_module_becomes_an_alias_of_the_facade(tmp_path: Path) -> None:
    source = "import billing.models as bm\n\nx = bm.Invoice(1)\n"
    sealed = seal(tmp_path, {"users/views.py": source})
    assert sealed.after["users/views.py"] == "import billing as bm\n\nx = bm.Invoice(1)\n"
    assert "from .models import Invoice\n" in sealed.after["billing/__init__.py"]


def test_an_alias_used_as_a_module_is_refused(tmp_path: Path) -> None:
    source = "import billing.models as bm\n\nprint(bm.__name__, bm.Invoice)\n"
    sealed = seal(tmp_path, {"users/views.py": source})
    assert sealed.after == sealed.before
    assert sealed.messages() == [
        "users/views.py:3: uses billing.models.__name__, an attribute of the module object"
    ]


def test_a_parameter_that_shadows_the_package_is_not_followed(tmp_path: Path) -> None:
    source = dedent(
        """\
        import billing.models


        def f(billing):
            return billing.models.Invoice


        x = billing.models.Invoice()
        """
    )
    sealed = seal(tmp_path, {"users/views.py": source})
    assert sealed.after["users/views.py"] == source.replace(
        "import billing.models", "import billing"
    ).replace("x = billing.models.Invoice()", "x = billing.Invoice()")


def test_a_name_rebound_in_the_same_scope_is_refused(tmp_path: Path) -> None:
    source = "import billing.models\n\nx = billing.models.Invoice()\nbilling = None\n"
    sealed = seal(tmp_path, {"users/views.py": source})
    assert sealed.after == sealed.before
    assert sealed.kinds() == [RefusalKind.REBOUND]


def test_a_named_facade_module_is_named_at_each_use(tmp_path: Path) -> None:
    files = {
        "billing/api.py": "",
        "users/views.py": "import billing.models\n\nx = billing.models.Invoice()\n",
    }
    sealed = seal(tmp_path, files, facade="billing.api")
    assert sealed.after["users/views.py"] == "import billing.api\n\nx = billing.api.Invoice()\n"


def test_uses_through_the_package_name_alone_are_rewritten(tmp_path: Path) -> None:
    source = "import billing\n\nx = billing.models.Invoice()\n"
    sealed = seal(tmp_path, {"users/views.py": source})
    assert sealed.after["users/views.py"] == "import billing\n\nx = billing.Invoice()\n"


def test_a_dotted_unit_is_reached_through_its_top_package(tmp_path: Path) -> None:
    files = {
        "shop/__init__.py": "",
        "shop/billing/__init__.py": "",
        "shop/billing/models.py": "class Invoice:\n    pass\n",
        "shop/users/__init__.py": "",
        "shop/users/views.py": "import shop.billing.models\n\nx = shop.billing.models.Invoice()\n",
    }
    sealed = seal(tmp_path, files, "shop.billing", depth=2)
    assert (
        sealed.after["shop/users/views.py"] == "import shop.billing\n\nx = shop.billing.Invoice()\n"
    )


ODD = (
    "#!/usr/bin/env python\n"
    "# -*- coding: utf-8 -*-\n"
    '"""A caller written in every odd style."""\n'
    "import os ;  import billing.models   # trailing comment\n"
    "from billing.services import (charge ,  # inline\n"
    "\n"
    "    )\n"
    "\n"
    "\n"
    "\n"
    "x   =   [ 1,\n"
    "  2 ]  # odd spacing\n"
    "if True: from billing.models import Status as S ; y = 1\n"
    "\n"
    "@staticmethod\n"
    "def f( a ,b ) :\n"
    "    return ( billing.models.Invoice( a ) ,\\\n"
    "             charge( b ) )\n"
    "class C :\n"
    "    '''doc'''\n"
    "    z = os.sep ;  w = S.OPEN\n"
    "    pass\n"
    "lambda: billing . models . Invoice\n"
)

EXPECTED = {
    4: "import os ;  import billing   # trailing comment\n",
    5: "from billing import (charge ,  # inline\n",
    13: "if True: from billing import Status as S ; y = 1\n",
    17: "    return ( billing.Invoice( a ) ,\\\n",
    23: "lambda: billing . Invoice\n",  # the outer dot keeps its spacing
}


def _changed_lines(before: str, after: str) -> dict[int, str]:
    """Line number (1-based, in before) → its new text, for lines replaced one for one."""
    changed: dict[int, str] = {}
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        assert tag == "replace" and i2 - i1 == j2 - j1, (tag, old[i1:i2], new[j1:j2])
        changed.update({i1 + k + 1: new[j1 + k] for k in range(i2 - i1)})
    return changed


def test_only_the_import_statements_and_uses_change(tmp_path: Path) -> None:
    source = ODD
    sealed = seal(tmp_path, {"users/odd.py": source})
    assert _changed_lines(source, sealed.after["users/odd.py"]) == EXPECTED
    assert sealed.plan.refusals == ()
    compile(sealed.after["users/odd.py"], "odd.py", "exec")
    assert not plan_for(sealed.root).changes


def test_files_with_nothing_to_seal_are_not_touched(tmp_path: Path) -> None:
    files = {
        "users/plain.py": "import os\n\n\nprint(os.sep)   # billing.models in a comment\n",
        "users/facade_user.py": "from billing import Invoice\n",
    }
    sealed = seal(tmp_path, files)
    assert sealed.plan.changes == ()
    assert sealed.after == sealed.before
