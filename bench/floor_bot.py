"""A bare discord.py client for ``bench/answers.py --floor``: the cost of discord.py alone.

It posts one message with a button (a persistent dynamic item, as the bot's answer buttons
are) and answers every click with a private "recorded", touching no database. It speaks the
protocol of ``bot.devtools.bot_process`` (same arguments, "ready" and "pass" lines).
"""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path
from typing import Any

import discord

from bot.devtools.bot_process import follow_clock, use_fake_discord


class Answer(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"floor:(?P<n>[0-9]+)"):
    def __init__(self, n: int) -> None:
        super().__init__(discord.ui.Button(label="A", custom_id=f"floor:{n}"))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Answer:
        return cls(int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("recorded", ephemeral=True)


class FloorClient(discord.Client):
    async def setup_hook(self) -> None:
        self.add_dynamic_items(Answer)


async def main(api: str, gateway: str, _database: str, clock_file: str, guild: str) -> None:
    use_fake_discord(api, gateway)
    intents = discord.Intents.none()
    intents.guilds = True
    client = FloorClient(intents=intents)
    await client.login("fake-token")
    connection = asyncio.create_task(client.connect())
    await client.wait_until_ready()
    server = client.get_guild(int(guild))
    assert server is not None
    view = discord.ui.View(timeout=None)
    view.add_item(Answer(1))
    await server.text_channels[0].send("floor", view=view)

    async def nothing_scheduled() -> None:
        return None

    await follow_clock(Path(clock_file), connection, nothing_scheduled)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))
