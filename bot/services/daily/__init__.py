"""The daily question: claiming a day (``claims``), answers and reasoning (``answering``),
the reveal and streaks (``reveal``).

Every method is one unit of work. Scheduled actions are idempotent: the unique
(group, study date, timezone) row is the claim for a day's post, and the state column
(claimed → posted → revealing → revealed, or skipped) records how far it got.

Changing the group's timezone or times mid-day: a question already claimed keeps its reveal
time; a day has its question when one was claimed during that local day (in the group's
current timezone), and no question is claimed while another is still open. So a change
before today's post moves today's post, and a change across the date line neither skips
the group's next question nor opens a second one.
"""

from bot.core.reveal import QUOTES_IN_REVEAL
from bot.services.daily.answering import MAX_REASONING, DailyService
from bot.services.daily.cards import (
    AnswerReceipt,
    DueReveal,
    Milestone,
    OptionSplit,
    QuestionCard,
    Quote,
    RevealCard,
    StreakView,
)
from bot.services.daily.claims import PostNow

__all__ = [
    "MAX_REASONING",
    "QUOTES_IN_REVEAL",
    "AnswerReceipt",
    "DailyService",
    "DueReveal",
    "Milestone",
    "OptionSplit",
    "PostNow",
    "QuestionCard",
    "Quote",
    "RevealCard",
    "StreakView",
]
