"""The library's exceptions. The CLI turns each into one line and an exit code."""

from __future__ import annotations


class ItsmAssessError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 2


class InputError(ItsmAssessError):
    """A file or value supplied by the user is not what was expected.

    ``problems`` holds one line per problem, each naming the place (``file:line:col``
    or ``Sheet!Cell``), what is wrong and what was expected.
    """

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(self.problems[0] if self.problems else "invalid input")

    def __str__(self) -> str:
        return "\n".join(self.problems)


class OutputExistsError(InputError):
    """An output file exists and overwriting it was not asked for (``--force``); nothing was written.

    ``paths`` are the existing files, one problem line each.
    """

    def __init__(self, problems: list[str], paths: list[str]) -> None:
        super().__init__(problems)
        self.paths = paths


class ConflictError(ItsmAssessError):
    """Merging would overwrite something a person wrote; nothing was written."""

    def __init__(self, message: str, conflicts: list[str] | None = None) -> None:
        self.conflicts = conflicts or []
        super().__init__(message)


class NotFoundError(ItsmAssessError):
    """A catalogue, process, requirement or model named by the user does not exist."""
