"""Rendering of a member's own settings."""

from __future__ import annotations

from bot.services.me import MySettings, settings_lines


def me_text(settings: MySettings) -> str:
    lines = [f"• {label}: {value}" for label, value in settings_lines(settings)]
    return "\n".join(["**Your settings**", *lines, "Change them with `/me set`."])
