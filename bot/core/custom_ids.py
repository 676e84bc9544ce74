"""The registry of component ids: each id's template and builder, defined once.

A component id says what a button, select or form acts on (``sb:ans:12:B`` is the answer B
to daily question 12), so a click still works after a restart. Adapters build ids and
match them with the same ``CustomId``; tests build the ids they click with it too. The
wording is platform-neutral: a Discord ``custom_id`` and a Slack ``action_id`` alike.
Ids already on posted messages must keep working, so a template never changes shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from bot.core.attempt import AttemptAction

ROW_ID = "[0-9]{1,9}"
LETTER = "[A-E]"
PAGE_LABEL = "[pn]"  # "◀ Previous" or "Next ▶"


@dataclass(frozen=True)
class CustomId:
    """One kind of component id. ``form`` is the id with ``{field}`` placeholders; a part in
    square brackets is optional and left out when its field is ``None``. ``fields`` gives
    each field's pattern."""

    form: str
    fields: dict[str, str] = field(default_factory=dict)

    @cached_property
    def template(self) -> str:
        """The regular expression that matches the whole id, one named group per field."""
        pattern = re.sub(r"\[([^\]]*)\]", r"(?:\1)?", self.form)
        return re.sub(r"\{(\w+)\}", lambda m: f"(?P<{m[1]}>{self.fields[m[1]]})", pattern)

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        return re.compile(self.template)

    def build(self, **values: object) -> str:
        """The id for these field values (each checked against its pattern)."""

        def optional(part: re.Match[str]) -> str:
            names = re.findall(r"\{(\w+)\}", part[1])
            return "" if any(values.get(name) is None for name in names) else part[1]

        text = re.sub(r"\[([^\]]*)\]", optional, self.form)
        built = text.format(**{name: values.get(name) for name in self.fields})
        if not self._pattern.fullmatch(built):
            raise ValueError(f"{built!r} does not fit {self.form!r}")
        return built

    def match(self, custom_id: str) -> re.Match[str] | None:
        return self._pattern.fullmatch(custom_id)

    def value(self, custom_id: str, name: str) -> str | None:
        """One field of an id of this kind; ``None`` for an id of another kind."""
        found = self.match(custom_id)
        return found[name] if found else None

    @cached_property
    def prefix(self) -> str:
        """The fixed start of every id of this kind (e.g. ``sb:ans:``), for tests that look
        for a component of a kind on a message."""
        return self.form.split("{", 1)[0].split("[", 1)[0]


class MockAction(StrEnum):
    """What a button of a private mock exam does; the value is its code in the id."""

    ANSWER = "a"
    FLAG = "f"
    GOTO = "g"  # a question picked from the jump menu
    PREVIOUS = "p"
    NEXT = "n"
    NEXT_FLAGGED = "r"
    SUBMIT_CHECK = "s"
    SUBMIT = "sc"
    BACK = "b"
    REVIEW = "rv"
    REVIEW_PREVIOUS = "rp"
    REVIEW_NEXT = "rn"
    RESULTS = "rs"


class MockSelectKind(StrEnum):
    """What a select of a private mock exam picks; the value is its code in the id."""

    ANSWERS = "m"
    JUMP = "j"


#: The exam actions that step through a submitted attempt's review.
MOCK_REVIEW_STEPS = frozenset(
    (MockAction.REVIEW, MockAction.REVIEW_PREVIOUS, MockAction.REVIEW_NEXT)
)
#: What the exam service is asked to do for an action; every other action goes to a question.
MOCK_SERVICE_ACTIONS = {
    MockAction.ANSWER: AttemptAction.ANSWER,
    MockAction.FLAG: AttemptAction.FLAG,
    MockAction.SUBMIT: AttemptAction.SUBMIT,
}


# The daily question, its receipt and its reveal.
ANSWER = CustomId("sb:ans:{daily}:{letter}", {"daily": ROW_ID, "letter": LETTER})
ANSWER_SELECT = CustomId("sb:multi:{daily}", {"daily": ROW_ID})
REASONING = CustomId("sb:why:{daily}", {"daily": ROW_ID})
REASONING_FORM = CustomId("sb:whym:{daily}", {"daily": ROW_ID})
QUOTE_TOGGLE = CustomId("sb:anon:{daily}:{anonymous}", {"daily": ROW_ID, "anonymous": "[01]"})
REPORT = CustomId("sb:report:{daily}", {"daily": ROW_ID})
REPORT_REASON = CustomId("sb:rep:{daily}:{reason}", {"daily": ROW_ID, "reason": "[a-z-]{1,16}"})
REPORT_FORM = CustomId("sb:repm:{daily}:{reason}", {"daily": ROW_ID, "reason": "[a-z-]{1,16}"})
# Spaced review.
# ``shown``: the card's review count when it was shown, so that a second click on the same
# showing counts once (ids from before it was added carry none and still work).
REVIEW_ANSWER = CustomId(
    "sb:rev:{card}:[{shown}:]{letter}", {"card": ROW_ID, "shown": "[0-9]{1,6}", "letter": LETTER}
)
REVIEW_SELECT = CustomId("sb:revm:{card}[:{shown}]", {"card": ROW_ID, "shown": "[0-9]{1,6}"})
REVIEW_NEXT = CustomId("sb:revnext")
# Paged private messages.
MISTAKE_PAGE = CustomId(
    "sb:mist:{index}:{domain}:{label}",
    {"index": "[0-9]{1,6}", "domain": "[a-z0-9-]{1,40}", "label": PAGE_LABEL},
)
REPORTS_PAGE = CustomId("sb:reps:{page}:{label}", {"page": "[0-9]{1,4}", "label": PAGE_LABEL})
# Personal data.
FORGET = CustomId("sb:forget:yes")
# Mock-exam nights.
MOCK_START = CustomId("sb:mock:{mock}", {"mock": ROW_ID})
MOCK_BUTTON = CustomId(
    "sb:mx:{attempt}:{action}:{arg}[:{letter}]",
    {"attempt": ROW_ID, "action": "[a-z]{1,2}", "arg": "[0-9]{1,3}", "letter": LETTER},
)
MOCK_SELECT = CustomId(
    "sb:mxs:{attempt}:{kind}:{arg}", {"attempt": ROW_ID, "kind": "[mj]", "arg": "[0-9]{1,3}"}
)
# Practice drills: the drill and the position of the question an answer is for.
PRACTICE_ANSWER = CustomId(
    "sb:pr:{drill}:{position}:{letter}",
    {"drill": ROW_ID, "position": "[0-9]{1,2}", "letter": LETTER},
)
PRACTICE_SELECT = CustomId("sb:prm:{drill}:{position}", {"drill": ROW_ID, "position": "[0-9]{1,2}"})
PRACTICE_NEXT = CustomId("sb:prn:{drill}", {"drill": ROW_ID})
PRACTICE_STOP = CustomId("sb:prs:{drill}", {"drill": ROW_ID})

# Hands-on weeks: the checklist of a theme's task, and the reflection on it.
THEME = "[1-8]"
HANDS_ON_STEPS = CustomId("sb:ho:{theme}", {"theme": THEME})
HANDS_ON_REFLECT = CustomId("sb:hor:{theme}", {"theme": THEME})
HANDS_ON_FORM = CustomId("sb:horm:{theme}", {"theme": THEME})

# Why I missed it: the reveal's private follow-up and the tag buttons under a miss.
# ``kind`` is "d" for a daily, review or notebook miss and "m" for a mock miss (which may
# also be tagged "ran out of time"); ``place`` is "n" (answer with a new private message) or
# "s" (on that message itself: edit it in place); ``reason`` a ``MissReason`` code or "0".
MY_RESULT = CustomId("sb:mine:{daily}", {"daily": ROW_ID})
MISS_TAG = CustomId(
    "sb:miss:{kind}:{place}:{reason}:{question}",
    {"kind": "[dm]", "place": "[ns]", "reason": "[a-z0]", "question": "[a-z0-9-]{1,80}"},
)
