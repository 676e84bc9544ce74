"""End-to-end tests of the fake Discord with a tiny real discord.py bot.

Each kind of interaction gets its own test: a payload key discord.py needs but the fake
forgets kills the client's gateway loop, which ``FakeDiscord.run_client`` reports as
``BotCrashed``.
"""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord import app_commands

from bot.devtools.fake_discord import (
    BotCrashed,
    CommandUnavailable,
    FakeDiscord,
    FakeDiscordTimeout,
    FakeMessage,
    InteractionFailed,
    message_problems,
    modal_problems,
)
from bot.devtools.fake_discord.model import FakeRole
from bot.devtools.fake_discord.roles import MANAGE_ROLES

GUILD = 1_300_000_000_000_000_001
CHANNEL = 1_300_000_000_000_000_010
LOCKED = 1_300_000_000_000_000_011
OWNER = 1_300_000_000_000_000_100
MEMBER = 1_300_000_000_000_000_101
ORGANISER = 1_300_000_000_000_000_102
CLOSED_DMS = 1_300_000_000_000_000_103

TOPICS = ["bigquery-ml", "dataflow", "tfx-pipelines", "vertex-ai"]


# ------------------------------------------------------------------------ the tiny bot


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"vote:(?P<question>\d+):(?P<choice>[A-D])",
):
    """A persistent answer button: the custom id says what it acts on."""

    def __init__(self, question: int, choice: str) -> None:
        super().__init__(discord.ui.Button(label=choice, custom_id=f"vote:{question}:{choice}"))
        self.question = question
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> VoteButton:
        return cls(int(match["question"]), match["choice"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"You picked {self.choice} for question {self.question}", ephemeral=True
        )


class ReasonButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"reason:(?P<question>\d+)"
):
    """A persistent button that opens a modal (action-row layout)."""

    def __init__(self, question: int) -> None:
        super().__init__(discord.ui.Button(label="Add reasoning", custom_id=f"reason:{question}"))
        self.question = question

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReasonButton:
        return cls(int(match["question"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(ReasonModal(self.question))


class ReasonModal(discord.ui.Modal):
    def __init__(self, question: int) -> None:
        super().__init__(title="Your reasoning", custom_id=f"reason-modal:{question}")
        self.reasoning: discord.ui.TextInput[ReasonModal] = discord.ui.TextInput(
            label="Why?", custom_id="reasoning", style=discord.TextStyle.paragraph, max_length=500
        )
        self.add_item(self.reasoning)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"Saved reasoning: {self.reasoning.value}", ephemeral=True
        )


class ConfidenceModal(discord.ui.Modal, title="How sure are you?"):
    """A modal in the newer Label layout, with a select inside a label."""

    confidence: discord.ui.Label[ConfidenceModal] = discord.ui.Label(
        text="Confidence",
        component=discord.ui.Select(
            custom_id="confidence",
            options=[
                discord.SelectOption(label=x.title(), value=x) for x in ("low", "medium", "high")
            ],
        ),
    )
    note: discord.ui.Label[ConfidenceModal] = discord.ui.Label(
        text="Note", component=discord.ui.TextInput(custom_id="note", required=False)
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        select = self.confidence.component
        text = self.note.component
        assert isinstance(select, discord.ui.Select) and isinstance(text, discord.ui.TextInput)
        await interaction.response.send_message(
            f"Confidence {select.values[0]} ({text.value})", ephemeral=True
        )


class PickView(discord.ui.View):
    @discord.ui.select(
        custom_id="domain", options=[discord.SelectOption(label=x, value=x) for x in TOPICS]
    )
    async def domain(
        self, interaction: discord.Interaction, select: discord.ui.Select[PickView]
    ) -> None:
        await interaction.response.edit_message(content=f"Picked {select.values[0]}", view=None)

    @discord.ui.select(cls=discord.ui.UserSelect, custom_id="buddy")
    async def buddy(
        self, interaction: discord.Interaction, select: discord.ui.UserSelect[PickView]
    ) -> None:
        [chosen] = select.values
        kind = "member" if isinstance(chosen, discord.Member) else "user"
        await interaction.response.send_message(f"Buddy: {chosen.name} ({kind})", ephemeral=True)


class TinyBot(discord.Client):
    """A bot exercising every route the fake supports."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)
        self.forbidden: list[discord.Forbidden] = []
        self.resumed = 0
        self.next_question = 1
        self._add_commands()

    async def setup_hook(self) -> None:
        self.add_dynamic_items(VoteButton, ReasonButton)
        self.tree.copy_global_to(guild=discord.Object(GUILD))
        await self.tree.sync(guild=discord.Object(GUILD))

    async def on_resumed(self) -> None:
        self.resumed += 1

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Skip discord.py's 5 s pause before a re-IDENTIFY: the fake has no identify limit."""

    def _add_commands(self) -> None:
        tree = self.tree

        @tree.command(description="Post a question")
        @app_commands.describe(channel="Where to post", topic="Question topic")
        async def post(
            interaction: discord.Interaction, channel: discord.TextChannel, topic: str
        ) -> None:
            question = self.next_question
            self.next_question += 1
            view = discord.ui.View(timeout=None)
            for choice in "AB":
                view.add_item(VoteButton(question, choice))
            view.add_item(ReasonButton(question))
            embed = discord.Embed(title=f"Question {question}", description=f"Topic: {topic}")
            try:
                await channel.send(embed=embed, view=view)
            except discord.Forbidden as exc:
                self.forbidden.append(exc)
                await interaction.response.send_message(
                    f"I cannot post in {channel.mention}", ephemeral=True
                )
                return
            await interaction.response.send_message(f"Posted question {question}", ephemeral=True)

        @post.autocomplete("topic")
        async def topic_autocomplete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=t, value=t) for t in TOPICS if current in t]

        @tree.command(description="Deferred reply, then a follow-up")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send("Finished the slow work")
            await interaction.followup.send("And one more thing", ephemeral=True)

        @tree.command(description="Defer, then edit the original response")
        async def report(interaction: discord.Interaction, public: bool = False) -> None:
            await interaction.response.defer(ephemeral=not public, thinking=True)
            await interaction.edit_original_response(content="Your report is ready")
            original = await interaction.original_response()
            assert original.content == "Your report is ready"

        @tree.command(description="Reply, edit a follow-up, delete the reply")
        async def oops(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("temporary")
            followup = await interaction.followup.send("v1", wait=True)
            await followup.edit(content="v2")
            await interaction.delete_original_response()

        @tree.command(description="Open a modal with labels")
        async def confidence(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(ConfidenceModal())

        @tree.command(description="Pick a domain")
        async def pick(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Pick a domain", view=PickView())

        @tree.command(description="Open a discussion thread")
        @app_commands.guild_only()
        async def discuss(interaction: discord.Interaction) -> None:
            assert isinstance(interaction.channel, discord.TextChannel)
            message = await interaction.channel.send("Reveal: the answer is B")
            thread = await message.create_thread(name="Discussion")
            await thread.send("Discuss here")
            await interaction.response.send_message(f"Thread {thread.id}", ephemeral=True)

        @tree.command(description="Send a chart")
        async def chart(interaction: discord.Interaction) -> None:
            assert isinstance(interaction.channel, discord.TextChannel)
            message = await interaction.channel.send(
                "chart", file=discord.File(io.BytesIO(b"\x89PNG fake"), "chart.png")
            )
            await message.edit(content="chart (updated)")
            scratch = await interaction.channel.send("scratch")
            await scratch.delete()
            await interaction.response.send_message(
                "Your copy", file=discord.File(io.BytesIO(b"csv,data"), "mine.csv"), ephemeral=True
            )

        @tree.command(description="Post several messages")
        async def burst(interaction: discord.Interaction, count: int) -> None:
            await interaction.response.defer(ephemeral=True)
            assert isinstance(interaction.channel, discord.TextChannel)
            for n in range(count):
                await interaction.channel.send(f"burst {n}")
            await interaction.followup.send("done")

        @tree.command(description="DM a member")
        async def remind(interaction: discord.Interaction, member: discord.Member) -> None:
            try:
                await member.send("Reminder: mock exam tonight")
            except discord.Forbidden as exc:
                self.forbidden.append(exc)
                await interaction.response.send_message("Their DMs are closed", ephemeral=True)
                return
            await interaction.response.send_message("Reminder sent", ephemeral=True)

        @tree.command(description="Organisers only")
        @app_commands.default_permissions(manage_guild=True)
        async def admin(interaction: discord.Interaction) -> None:
            allowed = interaction.permissions.manage_guild
            await interaction.response.send_message(
                "Admin ok" if allowed else "Manage Server required", ephemeral=True
            )

        mock = app_commands.Group(name="mock", description="Mock exam nights")

        @mock.command(name="schedule", description="Schedule a mock exam night")
        async def mock_schedule(
            interaction: discord.Interaction, name: str, hours_from_now: int
        ) -> None:
            assert interaction.guild is not None
            start = datetime.now(UTC) + timedelta(hours=hours_from_now)
            event = await interaction.guild.create_scheduled_event(
                name=name,
                start_time=start,
                end_time=start + timedelta(hours=2),
                entity_type=discord.EntityType.external,
                location="Study room",
                privacy_level=discord.PrivacyLevel.guild_only,
            )
            event = await event.edit(description="Bring coffee")
            await interaction.response.send_message(f"Event {event.id}", ephemeral=True)

        @mock.command(name="cancel", description="Cancel a mock exam night")
        async def mock_cancel(interaction: discord.Interaction, event_id: str) -> None:
            assert interaction.guild is not None
            event = await interaction.guild.fetch_scheduled_event(int(event_id))
            interested = [user.id async for user in event.users()]
            await event.delete()
            await interaction.response.send_message(f"Cancelled; told {interested}", ephemeral=True)

        tree.add_command(mock)

        @tree.command(description="Try a response and follow-ups over Discord's limits")
        async def overflow(interaction: discord.Interaction) -> None:
            refused: list[str] = []
            for attempt in OVER_LIMITS:
                try:
                    if interaction.response.is_done():
                        await interaction.followup.send(**attempt)
                    else:
                        await interaction.response.send_message(**attempt)
                except discord.HTTPException as error:
                    refused.append(f"{error.status}/{error.code}")
                if not interaction.response.is_done():
                    await interaction.response.defer(ephemeral=True)
            await interaction.followup.send(" ".join(refused))


def _select_view(**option: Any) -> discord.ui.View:
    view = discord.ui.View()
    view.add_item(discord.ui.Select(options=[discord.SelectOption(**option)]))
    return view


# Each breaks one of Discord's limits: the embed total across the embeds of one message, a
# select option's description, the content length.
OVER_LIMITS: list[dict[str, Any]] = [
    {"embeds": [discord.Embed(description="x" * 3001), discord.Embed(description="y" * 3000)]},
    {"content": "pick", "view": _select_view(label="A", description="d" * 101)},
    {"content": "z" * 2001},
]


# ------------------------------------------------------------------------ fixtures


def build_world(fake: FakeDiscord) -> None:
    fake.add_guild(GUILD, "PMLE study group", owner_id=OWNER)
    fake.add_channel(GUILD, CHANNEL, "daily-question")
    fake.add_channel(GUILD, LOCKED, "announcements", bot_can_send=False)
    fake.add_member(GUILD, MEMBER, "ada")
    fake.add_member(GUILD, ORGANISER, "grace", manage_guild=True)
    fake.add_member(GUILD, CLOSED_DMS, "hedy")
    fake.set_dms_closed(CLOSED_DMS)


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(timeout=5.0)
    build_world(server)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest_asyncio.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[TinyBot]:
    client = TinyBot()
    async with fake.run_client(client):
        yield client
    assert fake.bot_errors == []


async def post_question(fake: FakeDiscord, topic: str = "vertex-ai") -> FakeMessage:
    result = await fake.slash(GUILD, CHANNEL, MEMBER, "post", {"channel": CHANNEL, "topic": topic})
    assert result.content is not None and result.content.startswith("Posted question")
    return fake.messages(CHANNEL)[-1]


# ------------------------------------------------------------------------ tests


@pytest.mark.asyncio
async def test_startup_syncs_commands_and_sees_guild_permissions(
    fake: FakeDiscord, bot: TinyBot
) -> None:
    names = {c["name"] for c in fake.commands(GUILD)}
    assert {
        "post",
        "slow",
        "report",
        "confidence",
        "pick",
        "discuss",
        "chart",
        "remind",
        "admin",
        "mock",
    } <= names
    post = fake.get_command("post", GUILD)
    assert post is not None
    options = {o["name"]: o for o in post["options"]}
    assert options["channel"]["type"] == 7 and options["topic"]["autocomplete"] is True
    admin = fake.get_command("admin", GUILD)
    assert admin is not None and admin["default_member_permissions"] == str(
        discord.Permissions(manage_guild=True).value
    )
    mock = fake.get_command("mock", GUILD)
    assert mock is not None and {o["name"] for o in mock["options"]} == {"schedule", "cancel"}

    guild = bot.get_guild(GUILD)
    assert guild is not None and guild.me is not None
    open_channel = guild.get_channel(CHANNEL)
    locked_channel = guild.get_channel(LOCKED)
    assert isinstance(open_channel, discord.TextChannel) and isinstance(
        locked_channel, discord.TextChannel
    )
    mine = open_channel.permissions_for(guild.me)
    assert (
        mine.send_messages and mine.embed_links and mine.attach_files and mine.create_public_threads
    )
    assert not locked_channel.permissions_for(guild.me).send_messages
    assert guild.me.guild_permissions.manage_events
    assert fake.identify_payloads[0]["intents"] == discord.Intents.default().value


@pytest.mark.asyncio
async def test_slash_with_channel_option_posts_persistent_buttons(
    fake: FakeDiscord, bot: TinyBot
) -> None:
    result = await fake.slash(
        GUILD, CHANNEL, MEMBER, "post", {"channel": CHANNEL, "topic": "dataflow"}
    )

    assert result.type == 4 and result.ephemeral and result.content == "Posted question 1"
    assert result.message is not None and result.message.ephemeral
    [posted] = fake.messages(CHANNEL)
    assert posted.embeds[0]["title"] == "Question 1" and "dataflow" in posted.text
    assert posted.custom_ids == ["vote:1:A", "vote:1:B", "reason:1"]
    assert fake.ephemeral_messages(MEMBER) == [result.message]


@pytest.mark.asyncio
async def test_autocomplete_returns_the_bot_choices(fake: FakeDiscord, bot: TinyBot) -> None:
    choices = await fake.autocomplete(GUILD, CHANNEL, MEMBER, "post", focused="topic", value="x")
    assert [c["value"] for c in choices] == ["tfx-pipelines", "vertex-ai"]


@pytest.mark.asyncio
async def test_dynamic_button_click_answers_ephemerally(fake: FakeDiscord, bot: TinyBot) -> None:
    posted = await post_question(fake)
    result = await fake.click(MEMBER, posted.id, "vote:1:B")
    assert result.ephemeral and result.content == "You picked B for question 1"


@pytest.mark.asyncio
async def test_button_opens_modal_and_submit_is_handled(fake: FakeDiscord, bot: TinyBot) -> None:
    posted = await post_question(fake)
    opened = await fake.click(MEMBER, posted.id, "reason:1")
    assert opened.type == 9 and opened.modal is not None
    assert (
        opened.modal["custom_id"] == "reason-modal:1" and opened.modal["title"] == "Your reasoning"
    )

    submitted = await fake.submit_modal(
        MEMBER, "reason-modal:1", {"reasoning": "Latency rules out batch"}
    )
    assert submitted.ephemeral and submitted.content == "Saved reasoning: Latency rules out batch"


@pytest.mark.asyncio
async def test_label_modal_with_select_and_optional_text(fake: FakeDiscord, bot: TinyBot) -> None:
    opened = await fake.slash(GUILD, CHANNEL, MEMBER, "confidence")
    assert opened.modal is not None and [c["type"] for c in opened.modal["components"]] == [18, 18]

    submitted = await fake.submit_modal(
        MEMBER, opened.modal["custom_id"], {"confidence": ["high"], "note": "sure"}
    )
    assert submitted.content == "Confidence high (sure)"
    with pytest.raises(ValueError):
        await fake.submit_modal(MEMBER, opened.modal["custom_id"], {"unknown": "x"})


@pytest.mark.asyncio
async def test_select_updates_the_message(fake: FakeDiscord, bot: TinyBot) -> None:
    shown = await fake.slash(GUILD, CHANNEL, MEMBER, "pick")
    assert not shown.ephemeral and shown.message is not None
    assert shown.message.custom_ids == ["domain", "buddy"] and shown.message in fake.messages(
        CHANNEL
    )

    buddy = await fake.select(MEMBER, shown.message.id, "buddy", [ORGANISER])
    assert buddy.content == "Buddy: grace (member)"

    picked = await fake.select(MEMBER, shown.message.id, "domain", ["tfx-pipelines"])
    assert picked.type == 7 and picked.message == fake.message(shown.message.id)
    updated = fake.message(shown.message.id)
    assert (
        updated.content == "Picked tfx-pipelines"
        and updated.components == []
        and updated.edits == 1
    )
    with pytest.raises(LookupError):
        await fake.select(MEMBER, shown.message.id, "domain", ["dataflow"])


@pytest.mark.asyncio
async def test_deferred_reply_then_followups(fake: FakeDiscord, bot: TinyBot) -> None:
    result = await fake.slash(GUILD, CHANNEL, MEMBER, "slow")
    assert result.type == 5 and result.deferred and not result.ephemeral

    first = await result.wait_followup(0)
    assert first.content == "Finished the slow work"
    assert result.message is not None and first.id == result.message.id and not first.loading
    second = await result.wait_followup(1)
    assert second.ephemeral and second.content == "And one more thing"
    assert [m.content for m in fake.messages(CHANNEL)] == ["Finished the slow work"]


@pytest.mark.asyncio
async def test_ephemeral_defer_then_edit_original(fake: FakeDiscord, bot: TinyBot) -> None:
    result = await fake.slash(GUILD, CHANNEL, MEMBER, "report")
    assert result.type == 5 and result.ephemeral

    edited = await result.wait_original_edit()
    assert edited.content == "Your report is ready" and edited.ephemeral
    assert fake.messages(CHANNEL) == []

    public = await fake.slash(GUILD, CHANNEL, MEMBER, "report", {"public": True})
    assert not public.ephemeral
    await public.wait_original_edit()
    assert [m.content for m in fake.messages(CHANNEL)] == ["Your report is ready"]
    # Let the command finish (it reads the response back) before the bot is closed.
    await fake.wait_until(lambda: len(fake.requests("GET", "/messages/@original$")) == 2)


@pytest.mark.asyncio
async def test_followup_edit_and_original_delete(fake: FakeDiscord, bot: TinyBot) -> None:
    result = await fake.slash(GUILD, CHANNEL, MEMBER, "oops")
    followup = await result.wait_followup()
    await fake.wait_until(lambda: result.message is not None and result.message.deleted)
    assert fake.message(followup.id).content == "v2"
    assert [m.content for m in fake.messages(CHANNEL)] == ["v2"]


@pytest.mark.asyncio
async def test_slash_in_dm(fake: FakeDiscord, bot: TinyBot) -> None:
    result = await fake.slash(None, None, MEMBER, "admin")
    assert result.content == "Manage Server required"
    assert result.message is not None and result.message.guild_id is None


@pytest.mark.asyncio
async def test_rest_fetches_history_and_threads_without_message(
    fake: FakeDiscord, bot: TinyBot
) -> None:
    posted = await post_question(fake)
    channel = await bot.fetch_channel(CHANNEL)
    assert isinstance(channel, discord.TextChannel) and channel.name == "daily-question"
    message = await channel.fetch_message(posted.id)
    assert message.embeds[0].title == "Question 1" and message.created_at.year >= 2025
    assert [m.id async for m in channel.history(limit=10)] == [posted.id]
    assert (await bot.fetch_user(MEMBER)).name == "ada"
    assert (await channel.guild.fetch_member(ORGANISER)).guild_permissions.manage_guild

    thread = await channel.create_thread(name="Study notes", type=discord.ChannelType.public_thread)
    assert [t.id for t in fake.threads(CHANNEL)] == [thread.id]
    with pytest.raises(discord.Forbidden):  # the bot's role lacks CREATE_PRIVATE_THREADS
        await channel.create_thread(name="Secret", type=discord.ChannelType.private_thread)
    await thread.edit(archived=True)
    assert fake.channel(thread.id).archived


@pytest.mark.asyncio
async def test_thread_from_message(fake: FakeDiscord, bot: TinyBot) -> None:
    result = await fake.slash(GUILD, CHANNEL, MEMBER, "discuss")

    [thread] = fake.threads(CHANNEL)
    assert result.content == f"Thread {thread.id}" and thread.name == "Discussion"
    starter = fake.message(thread.starter_message_id or 0)
    assert starter.content == "Reveal: the answer is B" and starter.thread_id == thread.id
    assert [m.content for m in fake.messages(thread.id)] == ["Discuss here"]
    await fake.flush_gateway()
    assert isinstance(bot.get_channel(thread.id), discord.Thread)


@pytest.mark.asyncio
async def test_attachments_edits_and_deletes(fake: FakeDiscord, bot: TinyBot) -> None:
    result = await fake.slash(GUILD, CHANNEL, MEMBER, "chart")

    [chart] = fake.messages(CHANNEL)
    assert chart.content == "chart (updated)" and chart.edits == 1
    assert [(a.filename, a.data) for a in chart.attachments] == [("chart.png", b"\x89PNG fake")]
    assert result.message is not None and result.message.attachments[0].data == b"csv,data"
    assert len(fake.requests("DELETE", r"/messages/\d+$")) == 1


@pytest.mark.asyncio
async def test_scheduled_event_create_and_delete(fake: FakeDiscord, bot: TinyBot) -> None:
    created = await fake.slash(
        GUILD, CHANNEL, ORGANISER, "mock", {"name": "Mock #1", "hours_from_now": 30}, "schedule"
    )
    [event] = fake.scheduled_events(GUILD)
    assert created.content == f"Event {event.id}" and event.name == "Mock #1" and event.status == 1
    assert event.data["entity_metadata"] == {"location": "Study room"}
    assert event.data["description"] == "Bring coffee"

    fake.subscribe_to_event(event.id, MEMBER)
    cancelled = await fake.slash(
        GUILD, CHANNEL, ORGANISER, "mock", {"event_id": str(event.id)}, "cancel"
    )
    assert cancelled.content == f"Cancelled; told {[MEMBER]}"
    assert (
        fake.scheduled_events(GUILD) == []
        and fake.scheduled_events(GUILD, include_deleted=True)[0].deleted
    )


@pytest.mark.asyncio
async def test_dm_to_closed_user_raises_forbidden(fake: FakeDiscord, bot: TinyBot) -> None:
    closed = await fake.slash(GUILD, CHANNEL, ORGANISER, "remind", {"member": CLOSED_DMS})
    assert closed.content == "Their DMs are closed"
    [error] = bot.forbidden
    assert isinstance(error, discord.Forbidden) and error.code == 50007
    assert fake.dm_messages(CLOSED_DMS) == []

    sent = await fake.slash(GUILD, CHANNEL, ORGANISER, "remind", {"member": MEMBER})
    assert sent.content == "Reminder sent"
    assert [m.content for m in fake.dm_messages(MEMBER)] == ["Reminder: mock exam tonight"]


@pytest.mark.asyncio
async def test_missing_send_permission_is_forbidden(fake: FakeDiscord, bot: TinyBot) -> None:
    result = await fake.slash(GUILD, CHANNEL, MEMBER, "post", {"channel": LOCKED, "topic": "tfx"})
    assert result.content == f"I cannot post in <#{LOCKED}>"
    assert bot.forbidden[0].code == 50013 and fake.messages(LOCKED) == []


@pytest.mark.asyncio
async def test_manage_guild_member_permissions(fake: FakeDiscord, bot: TinyBot) -> None:
    assert (await fake.slash(GUILD, CHANNEL, ORGANISER, "admin")).content == "Admin ok"
    assert (await fake.slash(GUILD, CHANNEL, OWNER, "admin")).content == "Admin ok"
    # default_member_permissions hides the command from members without Manage Server.
    with pytest.raises(CommandUnavailable, match=r"MANAGE_GUILD|manage_guild"):
        await fake.slash(GUILD, CHANNEL, MEMBER, "admin")
    assert "admin" in fake.visible_commands(GUILD, ORGANISER)
    member_sees = fake.visible_commands(GUILD, MEMBER)
    assert "admin" not in member_sees
    assert {"post", "slow", "mock schedule", "mock cancel"} <= set(member_sees)

    # A server's Integrations override opens it to a member; the bot's own check still runs.
    fake.set_command_permission(GUILD, "admin", MEMBER)
    assert "admin" in fake.visible_commands(GUILD, MEMBER)
    assert (await fake.slash(GUILD, CHANNEL, MEMBER, "admin")).content == "Manage Server required"
    # ... and an override can close a command to someone who has the permission.
    fake.set_command_permission(GUILD, "admin", GUILD, allowed=False)  # @everyone
    fake.set_command_permission(GUILD, "admin", fake.guild(GUILD).manager_role_id, allowed=False)
    with pytest.raises(CommandUnavailable, match="Integrations"):
        await fake.slash(GUILD, CHANNEL, ORGANISER, "admin")
    assert "admin" in fake.visible_commands(GUILD, MEMBER), "the user's own override wins"


@pytest.mark.asyncio
async def test_server_only_commands_are_not_offered_in_dms(fake: FakeDiscord, bot: TinyBot) -> None:
    await bot.tree.sync()  # global commands too, as a bot without a dev guild does
    in_dm = fake.visible_commands(None, MEMBER)
    assert "slow" in in_dm and "discuss" not in in_dm
    assert "admin" in in_dm, "default_member_permissions does not apply in DMs"
    with pytest.raises(CommandUnavailable, match="server-only"):
        await fake.slash(None, None, MEMBER, "discuss")
    assert "discuss" in fake.visible_commands(GUILD, MEMBER)
    discuss = fake.get_command("discuss")
    assert discuss is not None and discuss["contexts"] == [0] and not discuss["dm_permission"]


@pytest.mark.asyncio
async def test_injected_429_is_retried_and_403_surfaces(fake: FakeDiscord, bot: TinyBot) -> None:
    path = rf"/channels/{CHANNEL}/messages$"
    rule = fake.fail_next("POST", path, 429, retry_after=0.05)
    await post_question(fake)
    assert rule.hits == 1 and [r.status for r in fake.requests("POST", path)] == [429, 200]

    fake.fail_next("POST", path, 403)
    result = await fake.slash(GUILD, CHANNEL, MEMBER, "post", {"channel": CHANNEL, "topic": "tfx"})
    assert result.content == f"I cannot post in <#{CHANNEL}>" and bot.forbidden[0].code == 50013


@pytest.mark.asyncio
async def test_global_rate_limit_is_respected(fake: FakeDiscord, bot: TinyBot) -> None:
    fake.set_global_limit(3)
    result = await fake.slash(GUILD, CHANNEL, MEMBER, "burst", {"count": 5})
    await result.wait_original_edit()
    assert [m.content for m in fake.messages(CHANNEL)] == [f"burst {n}" for n in range(5)]
    assert fake.rate_limited_count >= 1
    assert 429 in [r.status for r in fake.requests("POST", rf"/channels/{CHANNEL}/messages$")]


@pytest.mark.asyncio
async def test_unknown_route_is_logged_and_404(fake: FakeDiscord, bot: TinyBot) -> None:
    with pytest.raises(discord.NotFound):
        await bot.http.request(discord.http.Route("GET", "/no/such/route"))
    assert ("GET", "/no/such/route") in fake.unknown_routes


@pytest.mark.asyncio
async def test_resume_after_network_drop_replays_events(fake: FakeDiscord, bot: TinyBot) -> None:
    posted = await post_question(fake)
    await fake.drop_connections()

    result = await fake.click(MEMBER, posted.id, "vote:1:A")  # buffered, replayed on RESUME
    assert result.content == "You picked A for question 1"
    await fake.flush_gateway()
    assert bot.resumed == 1 and len(fake.identify_payloads) == 1


@pytest.mark.asyncio
async def test_invalidated_session_reidentifies(fake: FakeDiscord, bot: TinyBot) -> None:
    await fake.drop_connections(resumable=False)
    await fake.wait_until(lambda: len(fake.identify_payloads) == 2 and fake.connected_sessions == 1)

    result = await fake.slash(GUILD, CHANNEL, ORGANISER, "admin")
    assert result.content == "Admin ok"


@pytest.mark.asyncio
async def test_persistent_dynamic_item_survives_restart(fake: FakeDiscord) -> None:
    async with fake.run_client(TinyBot()):
        posted = await post_question(fake)

    async with fake.run_client(TinyBot()):
        result = await fake.click(MEMBER, posted.id, "vote:1:B")
        modal = await fake.click(ORGANISER, posted.id, "reason:1")
    assert result.content == "You picked B for question 1"
    assert modal.modal is not None and modal.modal["custom_id"] == "reason-modal:1"
    assert len(fake.identify_payloads) == 2 and fake.bot_errors == []


@pytest.mark.asyncio
async def test_messages_over_discords_limits_are_refused_like_discord(
    fake: FakeDiscord, bot: TinyBot
) -> None:
    """A message, an edit, an interaction response and a follow-up over a limit get a 400
    with code 50035 ("Invalid Form Body"), naming the field, and nothing is posted."""
    channel = bot.get_channel(CHANNEL)
    assert isinstance(channel, discord.TextChannel)
    reasons = []
    for attempt in OVER_LIMITS:
        with pytest.raises(discord.HTTPException) as refused:
            await channel.send(**attempt)
        assert (refused.value.status, refused.value.code) == (400, 50035)
        reasons.append(refused.value.text)
    assert "In embeds: Embed size exceeds maximum size of 6000" in reasons[0]
    assert "components.0.components.0.options.0.description" in reasons[1]
    assert "In content: Must be 2000 or fewer in length." in reasons[2]
    posted = await channel.send(embed=discord.Embed(description="x" * 3001))
    with pytest.raises(discord.HTTPException, match="50035"):
        await posted.edit(embeds=[*posted.embeds, discord.Embed(description="y" * 3000)])
    assert [m.text for m in fake.messages(CHANNEL)] == [f"{'x' * 3001}"]

    result = await fake.slash(GUILD, CHANNEL, MEMBER, "overflow")
    assert result.deferred, "the response over the limit was refused, so the bot deferred"
    answer = await result.wait_followup(0)
    assert answer.content == "400/50035 400/50035 400/50035"


def test_select_and_text_input_sizes_outside_discords_ranges_are_refused() -> None:
    options = [{"label": str(n), "value": str(n)} for n in range(25)]
    select = {"type": 3, "custom_id": "s", "options": options, "max_values": 26}
    row = {"type": 1, "components": [select]}
    assert "components.0.components.0.max_values: Must be less than or equal to 25." in (
        message_problems({"components": [row]})
    )
    text_input = {"type": 4, "custom_id": "t", "label": "Why?", "style": 2, "max_length": 4001}
    modal = {
        "title": "t",
        "custom_id": "m",
        "components": [{"type": 1, "components": [text_input]}],
    }
    assert modal_problems(modal) == [
        "components.0.components.0.max_length: Must be less than or equal to 4000."
    ]


@pytest.mark.asyncio
async def test_unanswered_interaction_times_out_clearly(fake: FakeDiscord, bot: TinyBot) -> None:
    with pytest.raises(FakeDiscordTimeout, match="answer interaction") as raised:
        await fake.slash(GUILD, CHANNEL, MEMBER, "not-a-command", timeout=0.5)
    # discord.py logs CommandNotFound instead of answering; the timeout message shows it.
    assert "not-a-command" in str(raised.value)
    fake.bot_errors.clear()


@pytest.mark.asyncio
async def test_payload_bug_is_reported_as_crash(fake: FakeDiscord) -> None:
    original = fake._new_interaction

    def broken(*args: Any, **kwargs: Any) -> Any:
        record = original(*args, **kwargs)
        del record.payload["attachment_size_limit"]
        return record

    fake._new_interaction = broken  # type: ignore[method-assign]
    with pytest.raises(BotCrashed, match="attachment_size_limit"):
        async with fake.run_client(TinyBot()):
            await fake.slash(GUILD, CHANNEL, ORGANISER, "admin")


@pytest.mark.asyncio
async def test_shards_receive_only_their_guilds(fake: FakeDiscord) -> None:
    other_shard_guild = GUILD + (1 << 22)  # (id >> 22) % 2 differs from GUILD's
    fake.add_guild(other_shard_guild, "second server", owner_id=OWNER)
    fake.add_channel(other_shard_guild, other_shard_guild + 1, "general")
    fake.add_member(other_shard_guild, MEMBER, "ada")

    class ShardedBot(discord.AutoShardedClient):
        async def before_identify_hook(
            self, shard_id: int | None, *, initial: bool = False
        ) -> None:
            """No 5 s pause between shards."""

    client = ShardedBot(intents=discord.Intents.default(), shard_count=2, guild_ready_timeout=0.05)
    tree = app_commands.CommandTree(client)

    @tree.command(description="Which shard am I on?")
    async def shard(interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        await interaction.response.send_message(f"shard {interaction.guild.shard_id}")

    async with fake.run_client(client):
        await tree.sync()
        first = await fake.slash(GUILD, CHANNEL, MEMBER, "shard")
        second = await fake.slash(other_shard_guild, other_shard_guild + 1, MEMBER, "shard")
    assert {first.content, second.content} == {"shard 0", "shard 1"}
    assert sorted(p["shard"] for p in fake.identify_payloads) == [[0, 2], [1, 2]]


@pytest.mark.asyncio
async def test_late_callback_gets_unknown_interaction(fake: FakeDiscord, bot: TinyBot) -> None:
    fake.interaction_deadline = 0.0  # every answer is "too late"
    with pytest.raises(InteractionFailed, match="This interaction failed"):
        await fake.slash(GUILD, CHANNEL, ORGANISER, "admin", timeout=0.5)
    assert fake.requests("POST", r"/callback$")[-1].status == 404
    assert any("Unknown interaction" in error for error in fake.bot_errors)
    fake.bot_errors.clear()


# ------------------------------------------------------------------------ roles, mentions


def add_reader_role(fake: FakeDiscord, role_id: int, *, mentionable: bool) -> FakeRole:
    role = FakeRole(role_id, "readers", 0, 1, mentionable=mentionable)
    fake.guild(GUILD).roles[role.id] = role
    fake.guild(GUILD).members[MEMBER].roles.append(role.id)
    return role


async def test_allowed_mentions_and_role_rules_decide_who_is_pinged(
    fake: FakeDiscord, bot: TinyBot
) -> None:
    channel = bot.get_partial_messageable(CHANNEL)
    role = add_reader_role(fake, GUILD + 50, mentionable=False)
    text = f"<@&{role.id}> <@{ORGANISER}> @everyone"
    await channel.send(text)  # everything parsed; the role is not mentionable
    assert fake.messages(CHANNEL)[-1].pinged == {ORGANISER}, "no Mention @everyone permission"

    role.mentionable = True
    only_role = discord.AllowedMentions(
        everyone=False, users=False, roles=[discord.Object(role.id)]
    )
    await channel.send(text, allowed_mentions=only_role)
    assert fake.messages(CHANNEL)[-1].pinged == {MEMBER}
    await channel.send(text, allowed_mentions=discord.AllowedMentions.none())
    assert fake.messages(CHANNEL)[-1].pinged == set()

    with pytest.raises(discord.HTTPException) as refused:
        await bot.http.request(
            discord.http.Route("POST", "/channels/{channel_id}/messages", channel_id=CHANNEL),
            json={
                "content": text,
                "allowed_mentions": {"parse": ["users"], "users": [str(MEMBER)]},
            },
        )
    assert refused.value.status == 400


async def test_roles_need_manage_roles_and_must_sit_below_the_bot(
    fake: FakeDiscord, bot: TinyBot
) -> None:
    guild = bot.get_guild(GUILD)
    assert guild is not None
    with pytest.raises(discord.Forbidden):
        await guild.create_role(name="pings", mentionable=True)
    model = fake.guild(GUILD)
    model.roles[model.bot_role_id].permissions |= MANAGE_ROLES
    with pytest.raises(discord.Forbidden):  # a permission the bot itself lacks
        await guild.create_role(name="admins", permissions=discord.Permissions(administrator=True))
    role = await guild.create_role(name="pings", mentionable=True)
    assert model.roles[role.id].position < model.roles[model.bot_role_id].position
    await bot.http.add_role(GUILD, MEMBER, role.id)
    assert role.id in model.members[MEMBER].roles
    await bot.http.remove_role(GUILD, MEMBER, role.id)
    assert role.id not in model.members[MEMBER].roles
    model.roles[role.id].position = model.roles[model.bot_role_id].position + 1
    with pytest.raises(discord.Forbidden):
        await bot.http.add_role(GUILD, MEMBER, role.id)
    with pytest.raises(discord.NotFound):
        await bot.http.add_role(GUILD, MEMBER, GUILD + 99)
