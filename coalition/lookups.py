"""`in` for integer columns: a value past the column's range matches no row instead of failing in the driver.

Django already answers `exact`, `gt` and the like with no rows for such a value; `in` is left to the database,
and SQLite cannot even bind an integer past 64 bits. So a form field choosing rows by id (`pk__in`), given
`99999999999999999999`, would fail instead of saying the choice is not valid.
"""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if not self.rhs_is_direct_value():
            return super().process_rhs(compiler, connection)
        low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
        values = self.rhs
        self.rhs = [v for v in values if not isinstance(v, int)
                    or ((low is None or low <= v) and (high is None or v <= high))]
        try:
            return super().process_rhs(compiler, connection)
        finally:
            self.rhs = values


def register() -> None:
    """Install the lookup on IntegerField and so on every integer and id field (called once, at start-up)."""
    IntegerField.register_lookup(IntegerIn)
