# syntax=docker/dockerfile:1
# Build: docker build -t studybot .
# Run:   docker run -d --name studybot -e DISCORD_TOKEN=... -v studybot-data:/data studybot

FROM python:3.11-slim AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --upgrade pip \
    && /opt/venv/bin/pip install .

FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/studybot.db \
    CONTENT_DIR=/app/content \
    MPLCONFIGDIR=/tmp/matplotlib
RUN groupadd --system bot && useradd --system --gid bot --home-dir /app bot \
    && mkdir -p /data /app && chown bot:bot /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=bot:bot migrations ./migrations
COPY --chown=bot:bot alembic.ini ./
COPY --chown=bot:bot content ./content
USER bot
VOLUME ["/data"]
# Migrations first, then the bot (`run` migrates too; the explicit step fails fast).
CMD ["sh", "-c", "python -m bot migrate && exec python -m bot run"]
