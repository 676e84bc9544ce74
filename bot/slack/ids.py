"""Every action id, callback id and metadata event type the Slack adapter uses, once.

Buttons carry the daily question's id as their ``value``, so they keep working after a
restart (Slack delivers clicks on old messages to whoever is connected)."""

from __future__ import annotations

import re

COMMAND = "/study"

ANSWER_PREFIX = "study_answer_"
ANSWER = re.compile(rf"^{ANSWER_PREFIX}[A-Z]$")
CHOOSE = "study_choose"  # opens the checkboxes modal of a choose-N question
REASON = "study_reason"  # opens the reasoning and confidence modal

CHOOSE_VIEW = "study_choose"
REASON_VIEW = "study_reason"
SETUP_VIEW = "study_setup"

TIMEZONE = "timezone"  # the external select fed by block suggestions
REPORT_SHORTCUT = "study_report"  # the message shortcut (registered in the manifest)

QUESTION_EVENT = "study_question"
REVEAL_EVENT = "study_reveal"
DISCUSSION_EVENT = "study_discussion"


def answer_action(letter: str) -> str:
    return f"{ANSWER_PREFIX}{letter}"


def letter_of(action_id: str) -> str:
    return action_id.removeprefix(ANSWER_PREFIX)


# Mistakes notebook, spaced review and /study me (values carry what they act on, so old
# messages keep working after a restart).
MISTAKE_PREVIOUS = "study_mistake_previous"  # value: "<index>:<section slug or all>"
MISTAKE_NEXT = "study_mistake_next"  # (action ids are unique within a block)
MISTAKE_PAGE = re.compile(rf"^({MISTAKE_PREVIOUS}|{MISTAKE_NEXT})$")
REVIEW_ANSWER_PREFIX = "study_review_answer_"
REVIEW_ANSWER = re.compile(rf"^{REVIEW_ANSWER_PREFIX}[A-Z]$")  # value: "<card>:<reviews>"
REVIEW_CHOOSE = "study_review_choose"  # opens the checkboxes modal of a choose-N card
REVIEW_CHOOSE_VIEW = "study_review_choose"
REVIEW_NEXT = "study_review_next"
FORGET = "study_forget"
FORGET_CANCEL = "study_forget_cancel"


def review_answer_action(letter: str) -> str:
    return f"{REVIEW_ANSWER_PREFIX}{letter}"


def review_letter_of(action_id: str) -> str:
    return action_id.removeprefix(REVIEW_ANSWER_PREFIX)


# Mock-exam nights. Channel buttons carry the night's id as their ``value``; the buttons
# and selects of a private exam use the platform-neutral ids of ``bot.core.custom_ids``
# (``MOCK_BUTTON``, ``MOCK_SELECT``), which name the attempt, the action and the question.
MOCK_GOING = "study_mock_going"
MOCK_NOT_GOING = "study_mock_not_going"
MOCK_CALENDAR = "study_mock_calendar"  # the .ics file, by DM
MOCK_START = "study_mock_start"  # start or resume one's private exam
MOCK_EXAM_VIEW = "study_mock_exam"  # the modal of a private exam
MOCK_ANNOUNCE_EVENT = "study_mock_announce"
MOCK_REMINDER_EVENT = "study_mock_reminder"
MOCK_START_EVENT = "study_mock_start"
MOCK_DEBRIEF_EVENT = "study_mock_debrief"
MOCK_HARD_EVENT = "study_mock_hard"  # the hardest questions, in the debrief's thread

# Problem reports.
REPORT = "study_report_button"  # on the reveal (value: the daily question's id)
REPORT_VIEW = "study_report"  # the modal the shortcut and the button open
REPORTS_PREVIOUS = "study_reports_previous"
REPORTS_NEXT = "study_reports_next"

# Practice drills. Answer, Next and Stop buttons use the platform-neutral ids of
# ``bot.core.custom_ids`` (``PRACTICE_*``), which name the drill and the question's position.
PRACTICE_CHOOSE_VIEW = "study_practice_choose"  # the checkboxes of a choose-N question

# Hands-on weeks. The checkboxes and the reflection button use the platform-neutral ids of
# ``bot.core.custom_ids`` (``HANDS_ON_STEPS``, ``HANDS_ON_REFLECT``), which name the theme.
HANDS_ON_VIEW = "study_hands_on_reflection"  # the reflection modal

# Why I missed it. The tag buttons use ``bot.core.custom_ids.MISS_TAG`` as action ids.
MY_RESULT = "study_my_result"  # on the reveal (value: the daily question's id)
