"""Benchmark: bursts of members answering, the bot against a bare client in the same run.

Two clients run, each in its own process against its own fake service, as they would
against the real, remote Discord or Slack: the bot (``bot.devtools.bot_process``, or
``bot.devtools.slack_bench_process`` with ``--platform slack``) and the floor, a bare client of the
same library that only replies "recorded" (``bench/floor_bot.py``: discord.py;
``bench/slack_floor_bot.py``: slack-bolt). This process runs both fakes and fires the clicks.

On each of several study days, 500 members (configurable) click an answer button at the
same moment, first on the floor's message, then on the bot's question of the day (the
order alternates day by day, so a busy machine weighs on both alike), and each click is
timed until the private reply arrives (Discord: the interaction callback; Slack: the
``respond()`` post after the ack). The first day is also every member's first answer
(members are created); later days are the everyday case. Then, on further days, the same
members click at random moments within ``--spread-ms`` (1 s): the realistic burst. Days
whose question asks for several answers are passed over, so every burst is a button click.

``answers_per_s`` is the median over the bursts of answers / (first click → last reply);
``cpu_ratio`` is the bot process's median CPU time per answer over the floor's (CPU time is
steadier than wall-clock figures on a busy machine); ``p99_ms`` pools every click of the
simultaneous bursts, ``spread_p99_ms`` those of the spread ones. Last line:
    answers_per_s=<n> floor_answers_per_s=<n> cpu_ratio=<n> p99_ms=<n> spread_p99_ms=<n> db=<..>
Run: python bench/answers.py [--platform discord|slack] [--members 500] [--bursts 5]
                             [--spread-bursts 3] [--spread-ms 1000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import make_url

from bench.answer_sides import DiscordSide, Side, SlackSide
from bot.devtools.scratch_database import fresh_database

FIRST_DAY = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday; the group has no rest days


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.99 * (len(ordered) - 1))]


def late(figures: Figures) -> int:
    return sum(t > 3000 for t in figures.latencies + figures.spread_latencies)


@dataclass
class Figures:
    """What one side measured."""

    rates: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    spread_latencies: list[float] = field(default_factory=list)


async def burst(
    side: Side, members: int, spread_ms: float, rng: random.Random
) -> tuple[float, float, list[float]]:
    """Every member answers once; returns (seconds, bot CPU ms per answer, latencies in ms)."""
    latencies: list[float] = []

    async def click(member: int, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        started = time.perf_counter()
        await side.answer(member)
        latencies.append((time.perf_counter() - started) * 1000)

    assert side.process.process is not None
    pid = side.process.process.pid
    delays = [rng.uniform(0, spread_ms / 1000) for _ in range(members)]
    # This process stands in for the platform's servers: its own garbage collection must not
    # pause the burst. A full collection of the fakes' records took 140-270 ms, and during it
    # no click went out and no reply came back (every late Slack reply of the spread bursts
    # waited out one), so the collection runs before the burst instead.
    gc.collect()
    gc.disable()
    cpu_before = cpu_seconds(pid)
    started = time.perf_counter()
    try:
        await asyncio.gather(*(click(m, d) for m, d in enumerate(delays)))
    finally:
        gc.enable()
    seconds = time.perf_counter() - started
    return seconds, (cpu_seconds(pid) - cpu_before) * 1000 / members, latencies


async def next_button_day(side: Side, day: int) -> int:
    """Move the clock to 09:00 of ``day`` or a later day whose question has a button."""
    while True:
        await side.process.set_time(FIRST_DAY + timedelta(days=day, hours=9))
        if await side.today():
            return day
        day += 1


async def measure(bot: Side, floor: Side, args: argparse.Namespace) -> tuple[Figures, Figures]:
    rng = random.Random(7)
    found = {bot.name: Figures(), floor.name: Figures()}
    day = 0
    await floor.today()
    for number in range(args.bursts + args.spread_bursts):
        day = await next_button_day(bot, day) + 1
        spread = args.spread_ms if number >= args.bursts else 0.0
        order = (floor, bot) if number % 2 == 0 else (bot, floor)
        for side in order:
            seconds, cpu, times = await burst(side, args.members, spread, rng)
            figures = found[side.name]
            if spread:
                figures.spread_latencies += times
            else:
                figures.rates.append(args.members / seconds)
                figures.cpu_ms.append(cpu)
                figures.latencies += times
            print(
                f"burst {number + 1} {side.name:5}: {args.members} answers "
                f"(spread {spread:.0f} ms) in {seconds:.2f} s, "
                f"p50 {statistics.median(times):.0f} ms, p99 {p99(times):.0f} ms, "
                f"CPU {cpu:.2f} ms per answer",
                flush=True,
            )
    return found[bot.name], found[floor.name]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--platform", choices=("discord", "slack"), default="discord")
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--bursts", type=int, default=5)
    parser.add_argument("--spread-bursts", type=int, default=3)
    parser.add_argument("--spread-ms", type=float, default=1000.0)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    kind = DiscordSide if args.platform == "discord" else SlackSide
    bot, floor = kind("bot", args.members), kind("floor", args.members)
    async with contextlib.AsyncExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        url = await stack.enter_async_context(
            fresh_database(args.database_url, folder, "bench_answers")
        )
        for side in (bot, floor):
            clock = folder / f"{side.name}-clock.txt"
            clock.write_text((FIRST_DAY + timedelta(hours=8)).isoformat(), encoding="utf-8")
            await side.start(url, clock)
            stack.push_async_callback(side.stop)
        bot_figures, floor_figures = await measure(bot, floor, args)
    backend = make_url(url).get_backend_name()
    rate, floor_rate = statistics.median(bot_figures.rates), statistics.median(floor_figures.rates)
    cpu, floor_cpu = statistics.median(bot_figures.cpu_ms), statistics.median(floor_figures.cpu_ms)
    print(
        f"{args.bursts} bursts of {args.members} members at once and {args.spread_bursts} "
        f"spread over {args.spread_ms:.0f} ms on {args.platform}, each client in its own "
        f"process: throughput {rate / floor_rate:.2f}x the floor's; "
        f"bot_cpu_ms={cpu:.2f} floor_cpu_ms={floor_cpu:.2f} per answer; "
        f"floor_p99_ms={p99(floor_figures.latencies):.1f} "
        f"floor_spread_p99_ms={p99(floor_figures.spread_latencies or [0.0]):.1f}; "
        f"replies later than the platform's 3 s deadline: bot {late(bot_figures)}, "
        f"floor {late(floor_figures)}"
    )
    print(
        f"answers_per_s={rate:.0f} floor_answers_per_s={floor_rate:.0f} "
        f"cpu_ratio={cpu / floor_cpu if floor_cpu else float('inf'):.2f} p99_ms={p99(bot_figures.latencies):.1f} "
        f"spread_p99_ms={p99(bot_figures.spread_latencies or [0.0]):.1f} db={backend}"
    )


if __name__ == "__main__":
    asyncio.run(main())
