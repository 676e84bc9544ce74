"""The APScheduler triggers fire exactly when the core rules say a group posts and reveals."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.clock import FakeClock
from bot.db.engine import Database
from bot.scheduling.jobs import StudyScheduler, trigger_for
from bot.services.groups import GroupService
from tests.services.helpers import make_group


@pytest.mark.parametrize(
    ("zone", "post", "reveal"),
    [
        ("Europe/Berlin", "09:00", "20:00"),
        ("Pacific/Tongatapu", "00:00", "23:30"),
        ("Pacific/Honolulu", "06:15", "18:45"),
        ("America/New_York", "02:30", "21:00"),
        ("America/New_York", "02:30", "03:00"),
        ("America/New_York", "01:30", "02:15"),
    ],
)
async def test_triggers_match_the_schedule_for_weeks(
    database: Database, clock: FakeClock, zone: str, post: str, reveal: str
) -> None:
    groups = GroupService(database)
    view = await make_group(
        groups, clock, timezone=zone, post_time=post, reveal_time=reveal, rest_days="sat"
    )
    schedule = view.schedule
    posts, reveals = trigger_for(view, "post"), trigger_for(view, "reveal")
    moment = datetime(2026, 3, 2, tzinfo=UTC)
    for _ in range(30):  # includes the March daylight-saving change in Europe and America
        # On 8 March 02:30 does not exist in New York: the post is at 03:30 EDT and the
        # reveal moves with it, so even "02:30 to 03:00" keeps its half hour to answer.
        next_post = posts.get_next_fire_time(None, moment).astimezone(UTC)
        day = schedule.local_date(next_post)
        assert schedule.is_study_day(day)
        assert next_post == schedule.post_at(day)
        next_reveal = reveals.get_next_fire_time(None, next_post)
        assert next_reveal == schedule.reveal_at(day)
        assert next_reveal - next_post >= timedelta(minutes=30)
        # After firing, the next wake-up is the next study day's, never the same one again.
        assert posts.get_next_fire_time(next_post, next_post) > next_post
        moment = next_post + timedelta(minutes=1)


async def test_jobs_are_rebuilt_from_the_database_with_stable_ids(
    database: Database, clock: FakeClock
) -> None:
    groups = GroupService(database)
    view = await make_group(groups, clock)

    class IdleRunner:
        platform = "discord"

        async def run_due(self) -> None: ...
        async def post_for_group(self, group_id: int) -> None: ...
        async def reveal_for_group(self, group_id: int) -> None: ...

    scheduler = StudyScheduler(IdleRunner(), groups, clock)  # type: ignore[arg-type]
    await scheduler.start()
    try:
        ids = {job.id for job in scheduler.scheduler.get_jobs()}
        assert {f"post:{view.id}", f"reveal:{view.id}", "sweep"} <= ids
        await scheduler.resync(view.id)  # replacing, not adding
        assert len([j for j in scheduler.scheduler.get_jobs() if j.id == f"post:{view.id}"]) == 1
    finally:
        scheduler.shutdown()
