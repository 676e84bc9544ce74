"""``python -m bot ARGS`` — the real entry point — with discord.py's REST base and gateway
pointed elsewhere: at the fake Discord, or at a closed port (no route to Discord).

    python -m bot.devtools.entry_point API_URL GATEWAY_URL [ARGS...]

Everything else (settings from the environment, start-up checks, signal handling, exit
codes) is exactly what ``python -m bot`` does; the start-up and shutdown tests use it.
"""

from __future__ import annotations

import sys

from bot.__main__ import main
from bot.devtools.bot_process import use_fake_discord

if __name__ == "__main__":
    use_fake_discord(sys.argv[1], sys.argv[2])
    raise SystemExit(main(sys.argv[3:]))
