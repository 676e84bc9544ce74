"""Discord footer markers: the text that finds a post again after a restart.

Messages posted before an upgrade carry these exact words; if they changed, a restart in
the middle of a day would post the same question, reveal or notice a second time."""

from __future__ import annotations

from bot.core.markers import Marker, Post
from bot.discord.rendering import tag


def test_each_kind_of_post_keeps_the_footer_words_older_posts_carry() -> None:
    assert tag(Marker(Post.QUESTION, 12)) == "Daily #12"
    assert tag(Marker(Post.REVEAL, 12)) == "Reveal #12"
    assert tag(Marker(Post.NOTICE, 4)) == "Notice #4"
    assert tag(Marker(Post.MOCK, 3, "start")) == "Mock #3 start"
    assert tag(Marker(Post.MOCK, 3, "mock-24h")) == "Mock #3 mock-24h"


def test_the_parts_of_a_long_post_are_numbered_from_the_second() -> None:
    notice = Marker(Post.NOTICE, 4)
    assert [tag(notice, number) for number in range(3)] == [
        "Notice #4",
        "Notice #4.2",
        "Notice #4.3",
    ]


def test_markers_of_different_posts_never_coincide() -> None:
    markers = [Marker(post, row_id) for post in Post for row_id in (1, 11)]
    markers += [Marker(Post.MOCK, 1, part) for part in ("start", "debrief", "mock-1h")]
    assert len({tag(m) for m in markers}) == len(markers)
