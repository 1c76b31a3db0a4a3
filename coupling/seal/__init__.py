"""`coupling seal UNIT`: rewrite the imports other units make past a unit's facade so that
they import the facade, and add the names they take to it as marked re-exports.

It reads the files coupling discovered and the import statements it resolved (ModuleGraph),
parses the callers with libcst so that every byte it does not rewrite stays as it was, and
refuses, one line per case, what it cannot do safely.
"""

from coupling.seal.apply import apply_seal
from coupling.seal.plan import plan_seal

__all__ = ["apply_seal", "plan_seal"]
