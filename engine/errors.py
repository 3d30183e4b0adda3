"""Errors a user can act on. Each names the file, the line and the field."""

from __future__ import annotations

from .printable import one_line


class SecretlawError(Exception):
    """Base of every error the command line reports as one clear line."""

    exit_code = 2


class InputError(SecretlawError):
    """A problem in a file the user (or a rule author) wrote."""

    def __init__(self, file: str, line: int | None, field: str | None, problem: str, hint: str | None = None):
        self.file = str(file)
        self.line = line
        self.field = field
        self.problem = problem
        self.hint = hint
        super().__init__(self.__str__())

    def __reduce__(self):  # raised in a worker process, it must cross back to the caller whole
        return (InputError, (self.file, self.line, self.field, self.problem, self.hint))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.field}: {self.problem}" if self.field else f"{where}: {self.problem}"
        # A field name or a value quoted in the problem may come from the file: never two lines, never an ESC.
        return one_line(f"{text} ({self.hint})" if self.hint else text)


class EngineError(SecretlawError):
    """The rule engine failed to reach a conclusion it must reach: a bug, never ignored."""

    exit_code = 3


class MissingProgram(SecretlawError):
    """A program a format needs (the browser that prints PDFs) is missing or failed: the machine's, not the input's."""

    exit_code = 3

    def __init__(self, problem: str, hint: str | None = None):
        self.problem, self.hint = problem, hint
        super().__init__(f"{problem} ({hint})" if hint else problem)

    def __reduce__(self):
        return (MissingProgram, (self.problem, self.hint))
