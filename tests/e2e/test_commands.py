"""The command tree as Discord offers it: members see every everyone-command and no organiser
command (Discord applies ``default_member_permissions`` per top-level command), organisers
see all, server-only commands are not offered in DMs, and every option is described."""

from __future__ import annotations

from datetime import UTC, datetime

import discord
import pytest

from bot.core.clock import FakeClock
from bot.devtools.fake_discord import CommandUnavailable, FakeDiscord, FakeRole
from tests.e2e.harness import CHANNEL, GUILD, MEMBERS, ORGANISER, SETUP, running_bot

MANAGER = 900_000_000_000_000_110  # Manage Server, not the owner
ADMIN = 900_000_000_000_000_111  # Administrator, through a role of its own

EVERYONE = {
    "assess",
    "group",
    "help",
    "leaderboard",
    "me export",
    "me forget",
    "me set",
    "me show",
    "mistakes export",
    "mistakes list",
    "mocks",
    "plan",
    "practice",
    "review",
    "stats",
    "streak",
}
ORGANISERS = {
    "mock cancel",
    "mock edit",
    "mock schedule",
    "reports list",
    "reports resolve",
    "setup configure",
    "setup pause",
    "setup post-now",
    "setup resume",
    "setup skip",
}
IN_DMS = {"help", "me export", "me forget", "me set", "me show"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 8, tzinfo=UTC))


def options_of(command: dict[str, object]) -> list[dict[str, object]]:
    """Every leaf option of a registered command (inside subcommands and groups)."""
    found: list[dict[str, object]] = []
    stack = list(command.get("options") or [])  # type: ignore[call-overload]
    while stack:
        option = stack.pop()
        if option["type"] in (1, 2):
            stack += option.get("options") or []
        else:
            found.append(option)
    return found


async def test_members_see_everyone_commands_and_organisers_see_all(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    fake.add_member(GUILD, MANAGER, "manager", manage_guild=True)
    admin_role = FakeRole(GUILD + 7, "Admins", discord.Permissions(administrator=True).value, 3)
    fake.guild(GUILD).roles[admin_role.id] = admin_role
    fake.add_member(GUILD, ADMIN, "admin").roles.append(admin_role.id)
    async with running_bot(fake, db_url, clock) as run:
        member = MEMBERS[0]
        assert not fake.permissions(GUILD, member).manage_guild
        assert set(fake.visible_commands(GUILD, member, CHANNEL)) == EVERYONE
        for organiser in (ORGANISER, MANAGER, ADMIN):  # the owner, Manage Server, Administrator
            assert set(fake.visible_commands(GUILD, organiser, CHANNEL)) == EVERYONE | ORGANISERS

        for path in sorted(ORGANISERS):
            name, subcommand = path.split()
            with pytest.raises(CommandUnavailable, match="manage_guild"):
                await fake.slash(GUILD, CHANNEL, member, name, subcommand=subcommand)

        # The settings view is the member's own command, and answers them.
        empty = await fake.slash(GUILD, CHANNEL, member, "group")
        assert empty.ephemeral and "no study group yet" in (empty.content or "")
        await fake.slash(GUILD, CHANNEL, MANAGER, "setup", SETUP, subcommand="configure")
        shown = await fake.slash(GUILD, CHANNEL, member, "group")
        assert shown.ephemeral and "UTC" in str(shown.embeds[0])
        listing = await fake.slash(GUILD, CHANNEL, member, "mocks")
        assert listing.ephemeral and "None scheduled" in str(listing.embeds)

        # What Discord stores: only the organiser groups carry Manage Server.
        manage_guild = str(discord.Permissions(manage_guild=True).value)
        for command in fake.commands(GUILD):
            expected = manage_guild if command["name"] in {"setup", "mock", "reports"} else None
            assert command["default_member_permissions"] == expected, command["name"]

        # In a DM with the bot only /help and /me are offered (the rest need a server).
        await run.bot.tree.sync()  # global registration, as without DEV_GUILD_ID
        assert set(fake.visible_commands(None, member)) == IN_DMS
        with pytest.raises(CommandUnavailable, match="server-only"):
            await fake.slash(None, None, member, "streak")
        help_in_dm = await fake.slash(None, None, member, "help")
        assert "/group" in str(help_in_dm.embeds)


async def test_every_option_is_described_and_mock_options_are_bounded(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    async with running_bot(fake, db_url, clock):
        for command in fake.commands(GUILD):
            for option in options_of(command):
                description = str(option.get("description") or "")
                assert description and description != "…", (command["name"], option["name"])

        mock = fake.get_command("mock", GUILD)
        assert mock is not None
        for sub in mock["options"]:
            if sub["name"] not in ("schedule", "edit"):
                continue
            options = {o["name"]: o for o in sub["options"]}
            assert (options["questions"]["min_value"], options["questions"]["max_value"]) == (
                10,
                60,
            )
            assert (options["minutes"]["min_value"], options["minutes"]["max_value"]) == (15, 180)
            assert options["focus"]["autocomplete"] is True, sub["name"]

        scheduled = await fake.autocomplete(
            GUILD, CHANNEL, ORGANISER, "mock", "focus", "serv", subcommand="schedule"
        )
        assert scheduled and all(c["value"] != "none" for c in scheduled)
        edited = await fake.autocomplete(
            GUILD, CHANNEL, ORGANISER, "mock", "focus", "", subcommand="edit"
        )
        assert edited[0]["value"] == "none" and len(edited) == 7  # no focus + six sections


async def test_mock_edit_changes_and_clears_the_focus(
    fake: FakeDiscord, db_url: str, clock: FakeClock
) -> None:
    async with running_bot(fake, db_url, clock):
        await fake.slash(GUILD, CHANNEL, ORGANISER, "setup", SETUP, subcommand="configure")
        night = {"date": "2026-03-05", "time": "19:00", "questions": 10, "minutes": 30}
        sections = await fake.autocomplete(
            GUILD, CHANNEL, ORGANISER, "mock", "focus", "", subcommand="schedule"
        )
        focus = sections[0]["value"]
        made = await fake.slash(
            GUILD, CHANNEL, ORGANISER, "mock", {**night, "focus": focus}, subcommand="schedule"
        )
        assert f"focus {focus}" in (await made.wait_followup()).text
        assert "10 questions in 30 minutes" in str(fake.scheduled_events(GUILD)[0].data)

        cleared = await fake.slash(
            GUILD, CHANNEL, ORGANISER, "mock", {"id": 1, "focus": "none"}, subcommand="edit"
        )
        text = (await cleared.wait_followup()).text
        assert "Changed: **#1**" in text and "focus" not in text
