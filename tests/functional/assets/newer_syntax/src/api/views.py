from store.rows import Row

type RowId = int


def first[T](rows: list[T]) -> T:
    return rows[0]


def label(row: Row) -> str:
    return f"{row.name + f"{row.id}"}"
