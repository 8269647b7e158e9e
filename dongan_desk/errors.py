"""Errors the domain raises for the clerk to read."""
from __future__ import annotations


class ValidationError(ValueError):
    """Input that cannot be saved. ``problems`` maps a field name (or '') to a Chinese message."""

    def __init__(self, problems: dict[str, str] | str):
        if isinstance(problems, str):
            problems = {"": problems}
        self.problems = problems
        super().__init__("\n".join(problems.values()))

    @property
    def message(self) -> str:
        return "\n".join(self.problems.values())


class ReadOnlyError(ValidationError):
    """A record of another unit: on this PC it is read, never written (DESIGN §2)."""
