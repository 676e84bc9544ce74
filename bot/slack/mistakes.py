"""``/study mistakes``: the member's notebook of missed questions, one page at a time, and
its Markdown export (a file in their DM).

Only revealed questions are in the notebook: the service leaves out anything still open.
Paging edits the private message in place; the buttons carry the page and the section, so a
page from before a restart still turns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp

from bot.content.schema import Question
from bot.core.errors import UserFacingError
from bot.core.text import plural
from bot.services.mistakes import Mistake, mistakes_markdown, no_mistakes_text
from bot.slack import ids
from bot.slack.blocks import Block, actions, button, context, escape, header, section, shorten
from bot.slack.cards import ask_text
from bot.slack.errors import refusal_text
from bot.slack.files import send_file_by_dm
from bot.slack.miss_tag_blocks import tag_actions
from bot.slack.router import Call, Router

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

ALL = "all"
REASONING_LIMIT = 1000


def question_blocks(q: Question) -> list[Block]:
    """Scenario, the ask and one section per option (no key)."""
    return [
        section(escape(q.scenario)),
        section(f"*{escape(ask_text(q))}*"),
        *(section(f"*{x}.* {escape(q.options[x])}") for x in q.letters),
    ]


def mistake_blocks(mistake: Mistake, index: int, total: int, domain_name: str) -> list[Block]:
    """One page of the notebook: the question, the member's pick and reasoning, the key and
    why, and Previous/Next where there is a page to turn to."""
    q = mistake.question
    reasoning = (
        escape(shorten(" ".join(mistake.reasoning.split()), REASONING_LIMIT))
        if mistake.reasoning
        else "(none given)"
    )
    blocks: list[Block] = [
        header(f"Mistake {index + 1} of {total} · {mistake.study_date:%d %b %Y}"),
        context(escape(domain_name)),
        *question_blocks(q),
        section(
            f"*Your pick:* {mistake.pick.replace(',', ' and ')} · *Right:* {' and '.join(q.answer)}"
        ),
        section(f"*Your reasoning*\n{reasoning}"),
        section(f"*The deciding phrase:* “{escape(q.constraint)}”"),
        section(f"*Why:* {escape(q.explanation)}"),
    ]
    if mistake.flagged:
        blocks.append(
            context(
                f"⚑ *Flagged:* you missed this {plural(mistake.misses, 'time')}: worth a "
                "closer look."
            )
        )
    return blocks


def page_value(index: int, domain: str | None) -> str:
    return f"{index}:{domain or ALL}"


def parse_page(value: str) -> tuple[int, str | None]:
    index, _, domain = value.partition(":")
    return int(index), None if domain in ("", ALL) else domain


def paging(index: int, total: int, domain: str | None) -> list[Block]:
    turns = []
    if index > 0:
        turns.append(button("◀ Previous", ids.MISTAKE_PREVIOUS, page_value(index - 1, domain)))
    if index < total - 1:
        turns.append(button("Next ▶", ids.MISTAKE_NEXT, page_value(index + 1, domain)))
    return [actions(turns, block_id="mistake_pages")] if turns else []


def register(app: AsyncApp, bot: SlackBot, router: Router) -> None:
    services = bot.services

    def section_name(slug: str) -> str:
        return services.bank.exam.domain(slug).name

    async def page(team: str, user: str, index: int, domain: str | None) -> tuple[str, list[Block]]:
        found = await services.mistakes.mistakes(team, user, domain)
        if not found:
            return no_mistakes_text(domain is not None), []
        index = max(0, min(index, len(found) - 1))
        mistake = found[index]
        blocks = mistake_blocks(mistake, index, len(found), section_name(mistake.question.domain))
        text = f"Mistake {index + 1} of {len(found)}"
        tags = tag_actions(mistake.question.id, False, mistake.tag)  # why I missed it
        return text, [*blocks, tags, *paging(index, len(found), domain)]

    @router.add(
        "mistakes",
        "`/study mistakes [section | export]`",
        "step through the questions you missed (one exam section: its short name), or get "
        "them as a Markdown file",
    )
    async def show_mistakes(call: Call) -> None:
        word = call.args.split()[0].lower() if call.args else ""
        if word == "export":
            await export(call)
            return
        slugs = [d.slug for d in services.bank.exam.domains]
        if word and word not in slugs:
            await call.reply(
                f"“{escape(shorten(word, 40))}” is not an exam section. Sections: "
                + ", ".join(f"`{slug}`" for slug in slugs)
                + "."
            )
            return
        text, blocks = await page(call.team, call.user, 0, word or None)
        await call.reply(text, blocks or None)

    async def export(call: Call) -> None:
        found = await services.mistakes.mistakes(call.team, call.user, None)
        names = {d.slug: d.name for d in services.bank.exam.domains}
        document = mistakes_markdown(found, names).encode("utf-8")
        await send_file_by_dm(
            call.client,
            call.user,
            "mistakes.md",
            document,
            f"Your mistakes notebook: {plural(len(found), 'question')}.",
        )
        await call.reply("Sent your mistakes notebook to our DM as a Markdown file.")

    @app.action(ids.MISTAKE_PAGE)
    async def turn_page(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any
    ) -> None:
        await ack()
        team = str((body.get("team") or {}).get("id") or body["user"].get("team_id", ""))
        index, domain = parse_page(str(action.get("value") or "0"))
        try:
            text, blocks = await page(team, body["user"]["id"], index, domain)
        except UserFacingError as error:
            await respond(text=refusal_text(error), replace_original=False)
            return
        await respond(text=text, blocks=blocks, replace_original=True)
