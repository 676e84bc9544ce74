"""Errors a user can cause; the Discord adapter shows their message privately."""

from __future__ import annotations


class UserFacingError(Exception):
    """A refusal with a friendly message meant for the member who caused it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(UserFacingError):
    """One or more values were not valid; ``problems`` lists each with what is valid, and
    ``fields`` (when given, one per problem) names the input each is about, so a form can
    put it beside that field."""

    def __init__(
        self, problems: list[str], echo: str | None = None, fields: list[str] | None = None
    ) -> None:
        if fields is not None and len(fields) != len(problems):
            raise ValueError("one field per problem")
        self.problems = problems
        self.fields = fields
        self.echo = echo  # the member's own text, given back so nothing they wrote is lost
        super().__init__("Nothing was saved:\n" + "\n".join(f"• {p}" for p in problems))


class NotAllowed(UserFacingError):
    """The member lacks the role or permission the action needs."""


class NotFound(UserFacingError):
    """What the member acted on does not exist (or belongs to another group)."""


class AnsweringClosed(UserFacingError):
    """The question is closed; ``reveal_link`` points at the reveal when there is one."""

    def __init__(self, message: str, reveal_link: str | None = None) -> None:
        super().__init__(message)
        self.reveal_link = reveal_link


class StartupError(Exception):
    """The bot cannot start until the operator fixes something.

    The message is one line that names the setting and says what is valid; the command line
    prints it without a traceback and exits with code 2.
    """
