"""How every ledger's sample goes in fast: ids chosen here, rows with ``insert_many`` in chunks
(the town's 30,000 residents take a second or two, not minutes)."""
from __future__ import annotations


def next_id(model) -> int:
    """The id the next row of ``model`` gets."""
    return (model.select(model.id).order_by(model.id.desc()).scalar() or 0) + 1


def bulk_insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), 500):
        model.insert_many(rows[start:start + 500]).execute()
