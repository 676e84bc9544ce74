"""Command line: ``python -m bot run | migrate | content check | demo``."""

from __future__ import annotations

import argparse
import asyncio
import sys

from pydantic import ValidationError

from bot.config import Settings
from bot.content.loader import ContentError

TOKEN_HELP = (
    "DISCORD_TOKEN is not set. Put the bot token in the environment or in a .env file "
    '(DISCORD_TOKEN=...). README.md, section "Create the Discord application", shows how '
    "to get one."
)


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        print(f"Invalid settings:\n{error}", file=sys.stderr)
        raise SystemExit(2) from error


async def _run(settings: Settings) -> int:
    from bot.app import build_services
    from bot.discord.client import StudyBot
    from bot.logging_setup import configure_logging

    assert settings.discord_token is not None
    token = settings.discord_token.get_secret_value()
    configure_logging(settings.log_level, [token], json_lines=settings.log_format == "json")
    services = await build_services(settings)
    bot = StudyBot(
        services,
        dev_guild_id=settings.dev_guild_id,
        shard_count=settings.shard_count,
        shard_ids=settings.shard_ids,
    )
    try:
        async with bot:
            await bot.start(token)
    finally:
        await services.close()
    return 0


async def _migrate(settings: Settings) -> int:
    from bot.db.engine import Database
    from bot.db.migrate import upgrade_to_head

    database = Database.from_url(settings.database_url)
    try:
        await upgrade_to_head(database)
    finally:
        await database.dispose()
    print(f"Database is up to date ({database.backend}).")
    return 0


def _content_check(settings: Settings) -> int:
    from bot.content.check import bank_problems, coverage_report
    from bot.content.loader import load_bank

    try:
        bank = load_bank(settings.content_dir)
    except ContentError as error:
        print(f"{len(error.problems)} problem(s) in {settings.content_dir}:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(coverage_report(bank))
    return 1 if bank_problems(bank) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (migrates the database first)")
    commands.add_parser("migrate", help="bring the database schema up to date")
    content = commands.add_parser("content", help="question bank tools")
    content_commands = content.add_subparsers(dest="content_command", required=True)
    content_commands.add_parser("check", help="validate every content file and print coverage")
    demo = commands.add_parser("demo", help="simulate a group for a few days, no Discord needed")
    demo.add_argument("--days", type=int, default=3, help="study days to simulate (1-14)")
    args = parser.parse_args(argv)

    settings = _settings()
    if args.command == "run":
        if settings.discord_token is None or not settings.discord_token.get_secret_value():
            print(TOKEN_HELP, file=sys.stderr)
            return 2
        try:
            return asyncio.run(_run(settings))
        except ContentError as error:
            print(f"The question bank has problems:\n{error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 0
    if args.command == "migrate":
        return asyncio.run(_migrate(settings))
    if args.command == "content":
        return _content_check(settings)
    if args.command == "demo":
        from bot.demo import run_demo

        return asyncio.run(run_demo(max(1, min(args.days, 14))))
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
