"""Counts with the right noun form."""

from bot.core.text import noun, plural, verb


def test_one_is_singular_everything_else_plural() -> None:
    assert plural(1, "point") == "1 point"
    assert plural(0, "point") == "0 points"
    assert plural(2, "study day") == "2 study days"
    assert plural(1, "study day") == "1 study day"
    assert plural(1_204, "answer") == "1,204 answers"


def test_irregular_and_given_plurals() -> None:
    assert plural(3, "person") == "3 people"
    assert plural(2, "reply") == "2 replies"
    assert plural(2, "index", "indices") == "2 indices"
    assert noun(1, "member") == "member" and noun(5, "member") == "members"
    assert verb(1, "is", "are") == "is" and verb(4, "is", "are") == "are"
