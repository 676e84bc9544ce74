"""Settings from the environment or ``.env`` (pydantic-settings). Read only in the app."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.content.loader import default_content_dir

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/studybot.db"


class Settings(BaseSettings):
    """Every setting is documented in README.md (section "Settings")."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(default=None)
    database_url: str = DEFAULT_DATABASE_URL
    content_dir: Path = Field(default_factory=default_content_dir)
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    catch_up_interval_seconds: int = Field(default=60, ge=5, le=3600)
    log_format: str = Field(default="text", pattern="^(text|json)$")
    health_port: int | None = Field(default=None, ge=0, le=65535)
    health_host: str = "127.0.0.1"
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: list[int] | None = None
