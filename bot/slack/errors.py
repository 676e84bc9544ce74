"""How refusals reach a Slack member: privately, in words, with their text kept."""

from __future__ import annotations

from collections.abc import Collection

from bot.core.errors import AnsweringClosed, InvalidInput, UserFacingError

NO_GROUP = "This workspace has no study group yet: an organiser runs `/study setup`."


def refusal_text(error: UserFacingError) -> str:
    """The private message for a refusal (Slack mrkdwn)."""
    if isinstance(error, AnsweringClosed) and error.reveal_link:
        return error.message + " The reveal is in the channel, with the discussion in its thread."
    if isinstance(error, InvalidInput) and error.echo:
        return f"{error.message}\n\nYour text, so nothing is lost:\n```{error.echo}```"
    return error.message


def field_errors(error: UserFacingError, blocks: Collection[str], default: str) -> dict[str, str]:
    """A modal's errors by block id: each problem goes beside the field core named for it
    when the modal has a block of that id, the rest beside ``default``."""
    if isinstance(error, InvalidInput):
        problems = error.problems
        fields: list[str | None] = [*error.fields] if error.fields else [None] * len(problems)
    else:
        problems, fields = [error.message], [None]
    placed: dict[str, list[str]] = {}
    for problem, field in zip(problems, fields, strict=True):
        block = field if field is not None and field in blocks else default
        placed.setdefault(block, []).append(problem)
    return {block: " ".join(texts)[:2000] for block, texts in placed.items()}
