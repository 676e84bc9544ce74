"""/study organisers: the group's own organiser list, which organisers edit."""

from __future__ import annotations

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from tests.slack_e2e.harness import ADMIN, MEMBERS, SETUP, STUDY, running_slack, set_up_group

ADA, BOB = MEMBERS[0], MEMBERS[1]


async def say(fake: FakeSlack, user: str, text: str) -> str:
    result = await fake.slash(user, STUDY, "/study", text)
    assert result.acked_in_time
    return (await result.wait_ephemeral()).text


async def test_an_organiser_adds_a_member_who_can_then_set_up_the_group(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock):
        await set_up_group(fake)
        assert "Only organisers set up the group" in await say(fake, ADA, "setup")
        assert f"<@{ADMIN}>" in await say(fake, ADA, "organisers")  # whoever set it up

        added = await say(fake, ADMIN, "organisers add @member1")
        assert f"<@{ADA}> is an organiser." in added
        listed = await say(fake, BOB, "organisers")
        assert f"<@{ADMIN}>" in listed and f"<@{ADA}>" in listed

        opened = await fake.slash(ADA, STUDY, "/study", "setup")
        modal = await opened.wait_view()  # the setup modal opens for her now
        saved = await fake.submit_view(ADA, modal.id, {**SETUP, "post_time": "08:30"})
        assert saved.view_errors in (None, {})


async def test_members_cannot_edit_the_list_and_a_removed_organiser_loses_setup(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock):
        await set_up_group(fake)
        assert "Only organisers change" in await say(fake, BOB, "organisers add @member2")
        assert f"<@{BOB}>" not in await say(fake, BOB, "organisers")

        await say(fake, ADMIN, "organisers add @member1")
        removed = await say(fake, ADMIN, "organisers remove @member1")
        assert f"<@{ADA}> is off the list." in removed
        assert "Only organisers set up the group" in await say(fake, ADA, "setup")
        again = await say(fake, ADMIN, "organisers remove @member1")
        assert "was not on the list" in again
        assert "Name someone with @" in await say(fake, ADMIN, "organisers add")


async def test_the_list_needs_a_group_first(fake: FakeSlack, db_url: str, clock: FakeClock) -> None:
    async with running_slack(fake, db_url, clock):
        assert "no study group yet" in await say(fake, ADMIN, "organisers add @member1")
