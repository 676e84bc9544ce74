"""The largest question content check accepts, and the most a group can add to it, posted and
revealed through the real client: the fake Discord refuses any message over Discord's limits."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from shutil import copy

import yaml
from sqlalchemy import select

from bot.content.loader import default_content_dir, load_bank
from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.db.models import DailyQuestion, Group, Member, Report
from bot.db.models import Streak as StreakRow
from bot.devtools.fake_discord import FakeDiscord
from bot.services.daily import MAX_REASONING
from tests.e2e.harness import CHANNEL, GUILD, ORGANISER, SETUP, running_bot
from tests.worst_case import text, worst_question_data

CROWD = [900_000_000_000_001_000 + n for n in range(30)]


def worst_case_content(tmp_path: Path) -> Path:
    """The real exam and plan with a bank of worst-case questions, one per domain."""
    root = tmp_path / "content"
    (root / "questions").mkdir(parents=True)
    for name in ("exam.yaml", "plan.yaml", "help.md"):
        copy(default_content_dir() / name, root / name)
    exam = load_bank(default_content_dir()).exam
    for domain in exam.domains:
        data = worst_question_data(
            f"{domain.slug}-limits", domain.slug, next(iter(domain.subtopics))
        )
        (root / "questions" / f"{domain.slug}.yaml").write_text(
            yaml.safe_dump([data], allow_unicode=True), encoding="utf-8"
        )
    load_bank(root)  # content check accepts it
    return root


async def test_the_largest_question_is_posted_and_revealed_within_discords_limits(
    fake: FakeDiscord, db_url: str, tmp_path: Path
) -> None:
    for member in CROWD:
        fake.add_member(GUILD, member, f"a-very-long-display-name-{member}"[:32])
    clock = FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    async with running_bot(fake, db_url, clock, content_dir=worst_case_content(tmp_path)) as run:
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        [post] = [m for m in run.public_messages() if "Question of the day" in m.text]
        select_id = next(
            c for c in post.custom_ids if c.startswith(custom_ids.ANSWER_SELECT.prefix)
        )
        for number, member in enumerate(CROWD):
            answered = await fake.select(member, post.id, select_id, ["A", "B"])
            assert answered.ephemeral and "You picked" in (answered.content or "")
            if number < 4:
                why = next(
                    c
                    for c in answered.message.custom_ids
                    if c.startswith(custom_ids.REASONING.prefix)
                )
                opened = await fake.click(member, answered.message.id, why)
                assert opened.modal is not None
                saved = await fake.submit_modal(
                    member,
                    opened.modal["custom_id"],
                    {"reasoning": text(MAX_REASONING, str(member)), "confidence": "5"},
                )
                assert "Saved your reasoning" in (saved.content or "")
        async with run.bot.services.database.unit_of_work() as session:
            group = await session.scalar(select(Group).where(Group.external_id == str(GUILD)))
            assert group is not None
            members = (await session.scalars(select(Member))).all()
            for member_row in members:  # a year-long streak that the reveal completes
                session.add(
                    StreakRow(group_id=group.id, member_id=member_row.id, current=364, best=364)
                )
            question_id = await session.scalar(select(DailyQuestion.question_id))
            assert question_id is not None
            session.add(
                Report(
                    group_id=group.id,
                    member_id=members[0].id,
                    question_id=question_id,
                    reason="unclear",
                    details=text(500, "report"),
                    status="open",
                    created_at=clock.now(),
                )
            )

        clock.set(datetime(2026, 3, 2, 20, tzinfo=UTC))
        await run.run_due()
        [reveal] = [m for m in run.public_messages() if "How the group reasoned" in m.text]
        question = run.bot.services.bank.questions[question_id]
        assert question.explanation in reveal.text
        assert all(why in reveal.text for why in question.why_not.values())
        assert "Members reported a problem with this question (1 open report)" in reveal.text
        assert "Right (30 of 30)" in reveal.text and "and 5 more" in reveal.text
        assert "365 study days in a row" in reveal.text
        assert reveal.text.count("confidence 5/5") == 3, "three reasonings are quoted"
        assert sum(1 for m in run.public_messages() if m.thread_id) == 1, "the thread opened"
