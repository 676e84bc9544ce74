"""Opt-in pings on Discord: members choose with ``/me set pings``; the bot makes and manages
one role, and its daily posts, mock-night announcements and reminders ping that role and nobody else
(the fake records who Discord would notify, following allowed_mentions and role rules)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core import custom_ids
from bot.core.clock import FakeClock
from bot.devtools.fake_discord import FakeDiscord
from bot.devtools.fake_discord.roles import MANAGE_ROLES
from bot.services.pings import ROLE_NAME
from tests.e2e.harness import CHANNEL, GUILD, MEMBERS, ORGANISER, SETUP, Running, running_bot
from tests.e2e.test_mock import NIGHT
from tests.e2e.test_organiser_controls import said

ADA, BOB, CEC = MEMBERS


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 7, 0, tzinfo=UTC))  # Monday, before the post


async def pings(run: Running, user: int, on: bool) -> str:
    return await said(
        await run.fake.slash(GUILD, CHANNEL, user, "me", {"pings": on}, subcommand="set")
    )


def study_roles(fake: FakeDiscord) -> list[int]:
    return [r.id for r in fake.guild(GUILD).roles.values() if r.name == ROLE_NAME]


def grant_manage_roles(fake: FakeDiscord) -> None:
    guild = fake.guild(GUILD)
    guild.roles[guild.bot_role_id].permissions |= MANAGE_ROLES


async def test_only_members_who_opted_in_are_pinged_by_posts_and_announcements(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    async with running_bot(fake, db_url, clock) as run:
        await said(await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, "configure"))
        refused = await pings(run, ADA, True)
        assert "Manage Roles" in refused and study_roles(fake) == [], "no role without it"

        grant_manage_roles(fake)
        assert "You will be pinged" in await pings(run, ADA, True)
        assert "You will be pinged" in await pings(run, BOB, True)
        assert "already pinged" in await pings(run, ADA, True)
        [role_id] = study_roles(fake)  # made once, on the first opt-in
        role = fake.guild(GUILD).roles[role_id]
        assert role.mentionable and role.permissions == 0
        assert "No more pings" in await pings(run, BOB, False)
        assert "not being pinged" in await pings(run, BOB, False)
        assert role_id in fake.guild(GUILD).members[ADA].roles
        assert role_id not in fake.guild(GUILD).members[BOB].roles

        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await run.run_due()
        [question] = [m for m in run.public_messages() if "Question of the day" in m.text]
        assert question.pinged == {ADA} and question.mention_roles == {role_id}

        scheduled = await fake.slash(GUILD, CHANNEL, ORGANISER, "mock", NIGHT, "schedule")
        await scheduled.wait_followup()
        [announcement] = [m for m in run.public_messages() if "Mock-exam night" in m.text]
        assert announcement.pinged == {ADA}

        clock.set(datetime(2026, 3, 5, 18, 5, tzinfo=UTC))  # an hour before the night
        await run.run_due()
        reminders = [m for m in run.public_messages() if "Mock exam" in m.text]
        assert reminders and all(m.pinged == {ADA} for m in reminders), "reminders ping too"

        everyone_else = {ORGANISER, BOB, CEC}
        assert not any(m.pinged & everyone_else for m in run.public_messages())


async def test_forgetting_takes_the_role_back_and_a_role_above_the_bot_is_refused(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    async with running_bot(fake, db_url, clock) as run:
        await said(await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, "configure"))
        grant_manage_roles(fake)
        assert "You will be pinged" in await pings(run, ADA, True)
        [role_id] = study_roles(fake)
        guild = fake.guild(GUILD)

        data = await run.bot.services.privacy.export(str(ADA))  # what /me export sends
        assert [row["pings"] for row in data["memberships"]] == [True]
        confirm = await fake.slash(GUILD, CHANNEL, ADA, "me", subcommand="forget")
        done = await fake.click(ADA, confirm.message.id, custom_ids.FORGET.build())
        assert "deleted" in (done.content or "")
        assert await run.bot.services.pings.subscribers(1) == [], "the choice is deleted"
        await fake.wait_until(
            lambda: role_id not in guild.members[ADA].roles, what="the role taken back"
        )

        guild.roles[role_id].position = guild.roles[guild.bot_role_id].position + 1  # moved up
        refused = await pings(run, BOB, True)
        assert "my own role must be above" in refused
        assert role_id not in guild.members[BOB].roles
        assert await run.bot.services.pings.subscribers(1) == [], "nothing saved half-way"
