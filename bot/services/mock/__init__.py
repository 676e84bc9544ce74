"""Mock-exam nights: organising (``organise``), taking a timed private attempt
(``attempts``), results and the group debrief (``debrief``).

The server enforces the time: an answer after the deadline is refused, and an attempt still
open at its deadline is submitted by the clock (``close_due``) even if the member left.
Every attempt action checks that the attempt belongs to the member who acts.
"""

from bot.services.mock.debrief import member_mock_results
from bot.services.mock.organise import MockService
from bot.services.mock.views import (
    NO_FOCUS,
    AttemptView,
    Debrief,
    MockDue,
    MockView,
    ResultView,
    ReviewStep,
)

__all__ = [
    "NO_FOCUS",
    "AttemptView",
    "Debrief",
    "MockDue",
    "MockService",
    "MockView",
    "ResultView",
    "ReviewStep",
    "member_mock_results",
]
