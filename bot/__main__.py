"""Command line: ``python -m bot run | migrate | content check | demo | slack manifest``.

A problem the operator must fix before the bot can start (a setting, the token, the
database, the question bank) is printed as one line that names the setting and what is
valid, without a traceback, and the exit code is 2 (README, "Start-up errors").
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import sys
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp
from pydantic import ValidationError
from pydantic_settings import SettingsError

from bot.config import VALID, Settings, settings_problems
from bot.content.loader import Bank, ContentError
from bot.core.errors import StartupError
from bot.lifecycle import StopSignals

if TYPE_CHECKING:
    from bot.app import Services

log = logging.getLogger("bot")

TOKEN_HELP = (
    "DISCORD_TOKEN is not set, nor SLACK_BOT_TOKEN with SLACK_APP_TOKEN. Put the credentials "
    "of at least one platform in the environment or in a .env file (DISCORD_TOKEN=...). "
    'README.md, sections "Create the Discord application" and "Create the Slack app", shows '
    "how to get them."
)
STARTUP_ERROR_EXIT = 2


def _settings(**overrides: Any) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise StartupError("\n".join(settings_problems(error))) from None
    except SettingsError as error:
        field = re.search(r'field "(\w+)"', str(error))
        if field is None:
            raise StartupError(f"A setting could not be read: {error}") from None
        name = field.group(1)
        raise StartupError(
            f"{name.upper()} could not be read: use {VALID.get(name, 'a valid value')}"
        ) from None


def content_problem_line(settings: Settings, error: ContentError) -> str:
    """One line for a question bank with problems: where, how many, the first one."""
    first = " ".join(str(error.problems[0]).split()) if error.problems else "unknown problem"
    count = len(error.problems)
    return (
        f"CONTENT_DIR={str(settings.content_dir)!r}: the question bank has {count} "
        f"problem{'s' if count != 1 else ''} (first: {first}); "
        "`python -m bot content check` lists them all"
    )


def _load_bank(settings: Settings) -> Bank:
    from bot.content.loader import load_bank

    try:
        return load_bank(settings.content_dir)
    except ContentError as error:
        raise StartupError(content_problem_line(settings, error)) from None


async def _run(settings: Settings) -> int:
    from bot.logging_setup import configure_logging

    configure_logging(
        settings.log_level, settings.secrets(), json_lines=settings.log_format == "json"
    )
    stop = StopSignals()
    with stop.installed():
        try:
            return await _start_and_serve(settings, stop)
        except asyncio.CancelledError:
            if not stop.requested.is_set():
                raise
            current = asyncio.current_task()
            if current is not None:
                current.uncancel()
            log.info("stopped before start-up finished")
            return 0


@dataclass
class _Platform:
    """One platform's part of the process: what runs it and what stops it."""

    run: Coroutine[Any, Any, None]
    close: Callable[[], Awaitable[None]]
    connected: Callable[[], Awaitable[bool]]


async def _start_and_serve(settings: Settings, stop: StopSignals) -> int:
    """Every platform whose credentials are set, in one process on one database."""
    from bot.app import build_services
    from bot.lifecycle import serve
    from bot.observability import HealthServer, start_health

    bank = _load_bank(settings)
    first, *others = settings.platforms
    services = await build_services(settings, bank=bank, platform=first)  # waits for the database
    starters = {"discord": _discord, "slack": _slack}
    platforms: dict[str, _Platform] = {}
    health: HealthServer | None = None
    try:
        for name in (first, *others):
            platform_services = services if name == first else services.for_platform(name)
            platforms[name] = await starters[name](settings, platform_services)
        health = await start_health(
            settings,
            services.metrics,
            services.clock.now,
            {name: p.connected for name, p in platforms.items()},
        )

        async def run_all() -> None:
            await asyncio.gather(*(p.run for p in platforms.values()))

        async def shutdown() -> None:
            if health is not None:
                await health.stop()
            for platform in platforms.values():
                await platform.close()
            await services.close()

        try:
            return await serve(stop, run_all(), shutdown)
        finally:
            for platform in platforms.values():
                await platform.close()
    finally:
        if health is not None:
            await health.stop()
        for platform in platforms.values():
            platform.run.close()  # never awaited when start-up stopped early
        await services.close()


async def _discord(settings: Settings, services: Services) -> _Platform:
    import discord

    from bot.discord.client import StudyBot
    from bot.discord.preflight import TOKEN_REJECTED, check_token, unreachable_line

    assert settings.discord_token is not None
    token = settings.discord_token.get_secret_value()
    await check_token(token, settings.discord_retry_seconds)  # waits for Discord
    bot = StudyBot(
        services,
        dev_guild_id=settings.dev_guild_id,
        shard_count=settings.shard_count,
        shard_ids=settings.shard_ids,
    )

    async def connect() -> None:
        try:
            await bot.login(token)
        except discord.LoginFailure:
            raise StartupError(TOKEN_REJECTED) from None
        except (aiohttp.ClientError, TimeoutError) as error:
            raise StartupError(unreachable_line(error, 0)) from None
        try:
            await bot.connect(reconnect=True)
        except discord.ConnectionClosed as error:
            if error.code == 4004:  # the gateway's "authentication failed"
                raise StartupError(TOKEN_REJECTED) from None
            raise

    async def close() -> None:
        if not bot.is_closed():
            await bot.close()  # health server, scheduler, live counts, then the gateway
            log.info("Discord connection closed")

    return _Platform(connect(), close, bot.connected)


async def _slack(settings: Settings, services: Services) -> _Platform:
    from bot.slack.app import SlackBot

    assert settings.slack_bot_token is not None and settings.slack_app_token is not None
    bot = SlackBot(
        services,
        bot_token=settings.slack_bot_token.get_secret_value(),
        app_token=settings.slack_app_token.get_secret_value(),
        api_url=settings.slack_api_url,
    )
    closed = False

    async def close() -> None:
        nonlocal closed
        if not closed:
            closed = True
            await bot.close()
            log.info("Slack connection closed")

    return _Platform(bot.serve(), close, bot.connected)


async def _migrate(settings: Settings) -> int:
    from bot.db.engine import Database
    from bot.db.migrate import upgrade_to_head

    if not logging.getLogger().handlers:  # a host (a test) may have its own
        from bot.logging_setup import configure_logging

        configure_logging(settings.log_level, [], json_lines=settings.log_format == "json")
    database = Database.from_url(settings.database_url)
    try:
        await database.wait_until_reachable(settings.database_retry_seconds)
        await upgrade_to_head(database)
    finally:
        await database.dispose()
    print(f"Database is up to date ({database.backend}).")
    return 0


def _content_check(
    settings: Settings, echo: bool = False, items: str | None = None, lengths: bool = False
) -> int:
    from bot.content.check import (
        bank_problems,
        coverage_report,
        key_echo,
        key_longness,
        key_shortness,
        length_outlier,
    )
    from bot.content.loader import load_bank

    try:
        bank = load_bank(settings.content_dir)
    except ContentError as error:
        print(f"{len(error.problems)} problem(s) in {settings.content_dir}:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if items is not None:
        return _flagged_items(bank, items)
    if echo:
        for question in bank.active:
            share = key_echo(question) if question.choose == 1 else 0.0
            if share:
                print(f"{bank.files[question.id]} › {question.id}: the key leads ({share:.0%})")
        return 0
    if lengths:
        margin = bank.exam.targets.length_margin or 0.10
        for question in bank.active:
            sizes = ", ".join(f"{k} {len(v)}" for k, v in question.options.items())
            where = f"{bank.files[question.id]} › {question.id}"
            outlier = length_outlier(question, margin)
            if outlier is not None:
                role = "the key" if outlier in question.answer else "a wrong option"
                print(f"{where}: {outlier}, {role}, stands out by length ({sizes})")
            elif question.choose == 1 and key_shortness(question):
                print(f"{where}: the key is the shortest option ({sizes})")
            elif question.choose == 1 and key_longness(question):
                print(f"{where}: the key is the longest option ({sizes})")
        return 0
    print(coverage_report(bank))
    return 1 if bank_problems(bank) else 0


def _flagged_items(bank: Bank, path: str) -> int:
    """The questions an item-analysis export flags, as file › id: why (1 when there are any)."""
    from pathlib import Path

    from bot.core.items import from_json

    try:
        items = from_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"{path}: cannot be read as an item-analysis export: {error}", file=sys.stderr)
        return 2
    flagged = [item for item in items if item.flags]
    for item in flagged:
        where = bank.files.get(item.question_id, "(no longer in the bank)")
        for reason in item.reasons():
            print(f"{where} › {item.question_id}: {reason} ({item.summary()})")
    print(
        f"{len(flagged)} of {len(items)} answered questions look broken"
        if flagged
        else f"none of {len(items)} answered questions looks broken ✓"
    )
    return 1 if flagged else 0


async def _content_analysis(settings: Settings, database_url: str) -> int:
    """Item analysis of every answered question (revealed answers of all groups) as JSON."""
    from bot.core.clock import SystemClock
    from bot.core.items import to_json
    from bot.db.engine import Database
    from bot.services.items import ItemAnalysisService

    bank = _load_bank(settings)
    database = Database.from_url(database_url)
    try:
        await database.wait_until_reachable(settings.database_retry_seconds)
        items = await ItemAnalysisService(database, bank).analyse(SystemClock().now())
    finally:
        await database.dispose()
    print(to_json(items))
    return 0


def _run_command(settings: Settings) -> int:
    if not settings.platforms:
        raise StartupError(TOKEN_HELP)
    try:
        return asyncio.run(_run(settings))
    except KeyboardInterrupt:  # Ctrl-C before the signal handlers were in place
        return 0


def _demo(settings: Settings, days: int, platform: str) -> int:
    bank = _load_bank(settings)
    days = max(1, min(days, 14))
    if platform == "slack":
        from bot.demo_slack import run_slack_demo

        return asyncio.run(run_slack_demo(days, bank=bank))
    from bot.demo import run_demo

    return asyncio.run(run_demo(days, bank=bank))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (migrates the database first)")
    commands.add_parser("migrate", help="bring the database schema up to date")
    content = commands.add_parser("content", help="question bank tools")
    content_commands = content.add_subparsers(dest="content_command", required=True)
    check = content_commands.add_parser(
        "check", help="validate every content file and print coverage"
    )
    check.add_argument(
        "--echo",
        action="store_true",
        help="list the questions whose key shares most words with the scenario",
    )
    check.add_argument(
        "--lengths",
        action="store_true",
        help="list the questions with an option that stands out by length, or whose key is the shortest or the longest",
    )
    check.add_argument(
        "--items",
        metavar="FILE",
        help="list the questions an item-analysis export (content analysis) flags",
    )
    analysis = content_commands.add_parser(
        "analysis", help="print the item analysis of every answered question as JSON"
    )
    analysis.add_argument(
        "--database-url", help="the database to read (default: DATABASE_URL)", default=None
    )
    demo = commands.add_parser("demo", help="simulate a group for a few days, no Discord needed")
    demo.add_argument("--days", type=int, default=3, help="study days to simulate (1-14)")
    demo.add_argument(
        "--platform",
        choices=("discord", "slack"),
        default="discord",
        help="which platform's stand-in to run the group on",
    )
    slack = commands.add_parser("slack", help="Slack tools")
    slack_commands = slack.add_subparsers(dest="slack_command", required=True)
    slack_commands.add_parser(
        "manifest", help="print the Slack app manifest and the link that creates the app"
    )
    args = parser.parse_args(argv)
    try:
        settings = _settings()
        if args.command == "slack":  # needs no credentials: it names the app from CONTENT_DIR
            from bot.slack.manifest import manifest_instructions

            print(manifest_instructions(_load_bank(settings).exam))
            return 0
        if args.command == "run":
            return _run_command(settings)
        if args.command == "migrate":
            return asyncio.run(_migrate(settings))
        if args.command == "content" and args.content_command == "analysis":
            if args.database_url:  # checked like DATABASE_URL
                settings = _settings(database_url=args.database_url)
            return asyncio.run(_content_analysis(settings, settings.database_url))
        if args.command == "content":
            return _content_check(settings, args.echo, args.items, args.lengths)
        if args.command == "demo":
            return _demo(settings, args.days, args.platform)
    except StartupError as error:
        print(error, file=sys.stderr)
        return STARTUP_ERROR_EXIT
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
