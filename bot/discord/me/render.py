"""Rendering of a member's own settings."""

from __future__ import annotations

from bot.services.me import MySettings


def me_text(settings: MySettings) -> str:
    quiet = (
        f"{settings.quiet_start:%H:%M}–{settings.quiet_end:%H:%M}"
        if settings.quiet_start and settings.quiet_end
        else "none"
    )
    return (
        "**Your settings**\n"
        f"• Timezone: {settings.timezone or 'the group’s'}\n"
        f"• Exam date: {settings.exam_date or 'not set'}\n"
        f"• Reminder DMs: {'on' if settings.reminders else 'off'} (question closing in 2 h, "
        "weekly theme, exam eve and the day after)\n"
        f"• Quiet hours: {quiet}\n"
        f"• Reasoning quoted: {'anonymously' if settings.quote_anonymously else 'with your name'}"
        f"\n• Statistics: {'public' if settings.stats_public else 'private'}"
        f"\n• Mock-night reminder DMs: {'on' if settings.mock_reminders else 'off'}"
        "\nChange them with `/me set`."
    )
