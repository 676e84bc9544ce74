"""Settings from the environment or ``.env`` (pydantic-settings). Read only in the app.

Every setting is documented in README.md (section "Settings"); :data:`VALID` says in one
phrase what each accepts, and :func:`settings_problems` turns a refusal into one line per
setting that names it and what is valid.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.content.loader import default_content_dir

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/studybot.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SQLITE_DRIVERS = ("sqlite", "sqlite+aiosqlite")
POSTGRES_DRIVERS = ("postgresql", "postgres", "postgresql+asyncpg", "postgresql+psycopg2")
DATABASE_EXAMPLES = (
    "sqlite:///data/studybot.db (a file, created on first start) or "
    "postgresql://user:password@host:5432/dbname"
)

# What each setting accepts, in the words the start-up error and README use.
VALID: dict[str, str] = {
    "discord_token": "the bot token from the Discord Developer Portal (Bot → Reset Token)",
    "slack_bot_token": (
        "the Bot User OAuth Token (xoxb-…) from the Slack app's OAuth & Permissions page, "
        "together with SLACK_APP_TOKEN"
    ),
    "slack_app_token": (
        "an app-level token (xapp-…) with the connections:write scope, from the Slack app's "
        "Basic Information page, together with SLACK_BOT_TOKEN"
    ),
    "slack_api_url": "the Slack Web API address, https://slack.com/api/ (change only to test)",
    "database_url": f"only SQLite or PostgreSQL, e.g. {DATABASE_EXAMPLES}",
    "content_dir": "a folder holding exam.yaml, plan.yaml and questions/*.yaml",
    "dev_guild_id": "a server id (a number), or unset",
    "log_level": "one of DEBUG, INFO, WARNING, ERROR, CRITICAL (any case)",
    "catch_up_interval_seconds": "a whole number of seconds from 5 to 3600",
    "log_format": "text or json",
    "health_port": "a port number from 0 to 65535, or unset to serve no health endpoint",
    "health_host": "an address to listen on, e.g. 127.0.0.1 or 0.0.0.0",
    "shard_count": "a whole number of shards, 1 or more, or unset",
    "shard_ids": (
        "shard numbers from 0 to SHARD_COUNT-1, as [0, 1] or 0,1, together with SHARD_COUNT"
    ),
    "database_retry_seconds": "a number of seconds from 0 to 3600",
    "discord_retry_seconds": "a number of seconds from 0 to 3600",
    "slack_retry_seconds": "a number of seconds from 0 to 3600",
}
SECRET_SETTINGS = {"discord_token", "slack_bot_token", "slack_app_token"}
SLACK_TOKEN_PREFIXES = {"slack_bot_token": "xoxb-", "slack_app_token": "xapp-"}
DEFAULT_SLACK_API_URL = "https://slack.com/api/"


class Settings(BaseSettings):
    """Every setting is documented in README.md (section "Settings")."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    discord_token: SecretStr | None = Field(default=None)
    slack_bot_token: SecretStr | None = Field(default=None)
    slack_app_token: SecretStr | None = Field(default=None)
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    content_dir: Path = Field(default_factory=default_content_dir)
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    catch_up_interval_seconds: int = Field(default=60, ge=5, le=3600)
    log_format: str = Field(default="text", pattern="^(text|json)$")
    health_port: int | None = Field(default=None, ge=0, le=65535)
    health_host: str = "127.0.0.1"
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: Annotated[list[int] | None, NoDecode] = None
    # How long start-up keeps retrying an unreachable database or Discord (containers start
    # in any order) before it gives up with one line saying so.
    database_retry_seconds: float = Field(default=60.0, ge=0, le=3600)
    discord_retry_seconds: float = Field(default=60.0, ge=0, le=3600)
    slack_retry_seconds: float = Field(default=60.0, ge=0, le=3600)

    @field_validator("slack_bot_token", "slack_app_token")
    @classmethod
    def _slack_token_kind(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        """A token of the wrong kind (an app token as the bot token, a user token) is the
        commonest Slack set-up slip: say so at start-up instead of failing on connect."""
        field = str(info.field_name)
        if value is not None and not value.get_secret_value().strip().startswith(
            SLACK_TOKEN_PREFIXES[field]
        ):
            raise ValueError(
                f"{field.upper()} does not start with {SLACK_TOKEN_PREFIXES[field]}: use "
                f"{VALID[field]}"
            )
        return value

    @model_validator(mode="after")
    def _slack_tokens_together(self) -> Settings:
        if (self.slack_bot_token is None) != (self.slack_app_token is None):
            missing, given = (
                ("SLACK_APP_TOKEN", "SLACK_BOT_TOKEN")
                if self.slack_app_token is None
                else ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
            )
            raise ValueError(
                f"{given} is set but {missing} is not: Slack needs both (README.md, section "
                '"Create the Slack app")'
            )
        return self

    @property
    def platforms(self) -> list[str]:
        """The platforms whose credentials are set, in the order they are started."""
        found = []
        if self.discord_token is not None and self.discord_token.get_secret_value().strip():
            found.append("discord")
        if self.slack_bot_token is not None and self.slack_app_token is not None:
            found.append("slack")
        return found

    def secrets(self) -> list[str]:
        """Every credential, for the log filter that keeps them out of the logs."""
        return [
            value.get_secret_value()
            for value in (self.discord_token, self.slack_bot_token, self.slack_app_token)
            if value is not None and value.get_secret_value()
        ]

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        shown = mask_password(value)
        try:
            url = make_url(value)
        except (ArgumentError, ValueError):
            raise ValueError(
                f"DATABASE_URL={shown!r} is not a database URL: use {DATABASE_EXAMPLES}"
            ) from None
        if url.drivername in SQLITE_DRIVERS:
            if not url.database or url.database == ":memory:":
                raise ValueError(
                    f"DATABASE_URL={shown!r} names no SQLite file (an in-memory database "
                    f"would lose everything at exit): use {DATABASE_EXAMPLES}"
                )
        elif url.drivername not in POSTGRES_DRIVERS:
            raise ValueError(
                f"DATABASE_URL={shown!r} uses {url.drivername!r}, which is not supported: "
                f"only SQLite or PostgreSQL, e.g. {DATABASE_EXAMPLES}"
            )
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"LOG_LEVEL={value!r} is not valid: use {VALID['log_level']}")
        return level

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _parse_shard_ids(cls, value: Any) -> Any:
        """``[0, 1]`` (JSON) or ``0,1``; an empty value means unset."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        if not text:
            return None
        if text.startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError:
                raise ValueError(
                    f"SHARD_IDS={value!r} is not valid: use {VALID['shard_ids']}"
                ) from None
        return [part.strip() for part in text.split(",")]

    @field_validator("shard_ids")
    @classmethod
    def _shards_within_count(cls, value: list[int] | None, info: ValidationInfo) -> Any:
        if value is None or "shard_count" not in info.data:
            return value  # unset, or SHARD_COUNT itself was refused (that line says why)
        count = info.data["shard_count"]
        if count is None:
            raise ValueError(
                f"SHARD_IDS={value} needs SHARD_COUNT: set SHARD_COUNT to the total number of "
                "shards of all processes, and SHARD_IDS to this process's shards "
                "(each from 0 to SHARD_COUNT-1)"
            )
        if not value or any(not 0 <= shard < count for shard in value):
            raise ValueError(
                f"SHARD_IDS={value} is not valid with SHARD_COUNT={count}: list one or more "
                f"shard numbers from 0 to {count - 1}"
            )
        return sorted(set(value))


def mask_password(url: str) -> str:
    """The URL with any password replaced by ``***``, for messages and logs."""
    return re.sub(r"(//[^/@:]*:)[^/@]*@", r"\1***@", url)


def settings_problems(error: ValidationError) -> list[str]:
    """One line per refused setting: its variable, the value given and what is valid."""
    lines: list[str] = []
    for problem in error.errors(include_url=False):
        field = str(problem["loc"][0]) if problem["loc"] else ""
        name = field.upper()
        context = problem.get("ctx") or {}
        if problem["type"] == "value_error" and "error" in context:
            lines.append(str(context["error"]))  # our validators write the whole line
            continue
        if field in SECRET_SETTINGS:
            given = ""
        else:
            value = problem.get("input")
            given = f"={mask_password(str(value))!r}" if isinstance(value, str | int) else ""
        valid = VALID.get(field, problem["msg"])
        lines.append(f"{name}{given} is not valid: use {valid}")
    return lines or [str(error).splitlines()[0]]
