"""Slash commands, each defined with its feature; this module registers them.

Discord applies ``default_member_permissions`` to a top-level command only (subcommands
inherit it), so the tree is split by audience: the organiser groups ``/setup``, ``/mock`` and
``/reports`` carry ``default_permissions(manage_guild=True)`` and are hidden from members
without Manage Server; every other command (``/group``, ``/mocks``, ``/plan``, ...) is
offered to everyone. Organiser commands also check on the server (defence in depth: a
server's Integrations settings can open a command to anyone). Commands that need a server
are ``guild_only`` (not offered in DMs); ``/me`` and ``/help`` work in DMs too.
"""

from __future__ import annotations

from typing import Any

from discord import app_commands

from bot.discord.help import help_command
from bot.discord.me.commands import MeCommands
from bot.discord.mistakes.commands import MistakeCommands
from bot.discord.mock.commands import MockCommands, mocks
from bot.discord.plan.commands import assess, plan
from bot.discord.practice.commands import practice
from bot.discord.reports.commands import ReportCommands
from bot.discord.review.commands import review
from bot.discord.setup.commands import SetupCommands, group
from bot.discord.stats.commands import leaderboard, stats, streak


def register(tree: app_commands.CommandTree[Any]) -> None:
    """Add every command to the tree, in the order Discord lists them."""
    # Organisers only (hidden from members without Manage Server).
    tree.add_command(SetupCommands())
    tree.add_command(MockCommands())
    tree.add_command(ReportCommands())
    # Everyone.
    tree.add_command(group)
    tree.add_command(mocks)
    tree.add_command(streak)
    tree.add_command(plan)
    tree.add_command(assess)
    tree.add_command(MeCommands())
    tree.add_command(stats)
    tree.add_command(leaderboard)
    tree.add_command(MistakeCommands())
    tree.add_command(review)
    tree.add_command(practice)
    tree.add_command(help_command)
