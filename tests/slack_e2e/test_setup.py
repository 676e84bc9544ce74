"""/study setup on Slack: a modal for organisers (workspace owners and admins) only."""

from __future__ import annotations

from bot.core.clock import FakeClock
from bot.devtools.fake_slack import FakeSlack
from tests.slack_e2e.harness import (
    ADMIN,
    MEMBERS,
    NO_BOT,
    SETUP,
    STUDY,
    TEAM,
    running_slack,
    set_up_group,
)


async def test_an_admin_sets_up_the_group_in_a_modal(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        opened = await fake.slash(ADMIN, STUDY, "/study", "setup")
        assert opened.acked_in_time
        modal = await opened.wait_view()
        suggested = await fake.suggest(ADMIN, modal.id, "timezone", "berl")
        assert [o["value"] for o in suggested.options] == ["Europe/Berlin"]

        saved = await fake.submit_view(
            ADMIN,
            modal.id,
            {
                "channel": STUDY,
                "timezone": "Europe/Berlin",
                "post_time": "09:00",
                "reveal_time": "20:00",
                "rest_days": ["sat", "sun"],
                "start_date": "2026-03-02",
            },
        )

        assert saved.acked_in_time and saved.view_errors in (None, {})
        assert fake.open_views(ADMIN) == []
        view = await run.bot.services.groups.get("slack", TEAM, clock.now())
        assert view is not None
        assert (view.settings.channel_id, view.settings.timezone) == (STUDY, "Europe/Berlin")
        assert view.settings.rest_weekdays == frozenset({5, 6})
        summary = await fake.wait_until(lambda: fake.ephemerals(ADMIN), what="the summary")
        assert "The study group is set up." in summary[-1].text

        shown = await fake.slash(MEMBERS[0], STUDY, "/study", "group")
        reply = await shown.wait_ephemeral()
        assert f"<#{STUDY}>" in reply.text and "Europe/Berlin" in reply.text


async def test_a_member_is_refused_privately_and_nothing_opens(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        result = await fake.slash(MEMBERS[0], STUDY, "/study", "setup")

        reply = await result.wait_ephemeral()
        assert "Only organisers set up the group" in reply.text
        assert reply.ephemeral_to == MEMBERS[0]
        assert fake.open_views(MEMBERS[0]) == []
        assert fake.messages(STUDY) == []
        assert await run.bot.services.groups.get("slack", TEAM, clock.now()) is None


async def test_errors_stand_beside_the_field_and_nothing_is_saved(
    fake: FakeSlack, db_url: str, clock: FakeClock
) -> None:
    async with running_slack(fake, db_url, clock) as run:
        late = await set_up_group(fake, reveal_time="08:00")
        assert set(late.view_errors or {}) == {"reveal_time"}
        assert "must be later on the same day" in late.view_errors["reveal_time"]

        [modal] = fake.open_views(ADMIN)  # still open: nothing typed is lost
        elsewhere = await fake.submit_view(ADMIN, modal.id, {**SETUP, "channel": NO_BOT})
        assert "not in that channel" in (elsewhere.view_errors or {})["channel"]
        assert await run.bot.services.groups.get("slack", TEAM, clock.now()) is None
