"""How refusals reach a Slack member: privately, in words, with their text kept."""

from __future__ import annotations

from bot.core.errors import AnsweringClosed, InvalidInput, UserFacingError

NO_GROUP = "This workspace has no study group yet: an organiser runs `/study setup`."


def refusal_text(error: UserFacingError) -> str:
    """The private message for a refusal (Slack mrkdwn)."""
    if isinstance(error, AnsweringClosed) and error.reveal_link:
        return error.message + " The reveal is in the channel, with the discussion in its thread."
    if isinstance(error, InvalidInput) and error.echo:
        return f"{error.message}\n\nYour text, so nothing is lost:\n```{error.echo}```"
    return error.message


def field_errors(
    error: UserFacingError, fields: dict[str, tuple[str, ...]], default: str
) -> dict[str, str]:
    """A modal's errors by block id: each problem goes beside the field whose words it
    uses (``fields`` maps a block id to those words), the rest beside ``default``."""
    problems = error.problems if isinstance(error, InvalidInput) else [error.message]
    placed: dict[str, list[str]] = {}
    for problem in problems:
        lowered = problem.lower()
        block = next(
            (b for b, words in fields.items() if any(word in lowered for word in words)), default
        )
        placed.setdefault(block, []).append(problem)
    return {block: " ".join(texts)[:2000] for block, texts in placed.items()}
