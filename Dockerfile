# Build: docker build -t studybot .
# Run:   docker run -d --name studybot -e DISCORD_TOKEN=... -v studybot-data:/data studybot
#
# The base image is pinned by exact version tag and by the digest of its multi-architecture
# index (linux/amd64 and linux/arm64). To move to a newer one, update both together:
#   docker buildx imagetools inspect python:3.11.X-slim-bookworm   (the "Digest:" line)
FROM python:3.11.14-slim-bookworm@sha256:65a93d69fa75478d554f4ad27c85c1e69fa184956261b4301ebaf6dbb0a3543d

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

# A fixed, unprivileged user (UID/GID 10001) that owns only the data volume.
RUN groupadd --gid 10001 bot \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /app \
       --shell /usr/sbin/nologin bot \
    && mkdir -p /app /data && chown 10001:10001 /data

# 1. Dependencies, from the lock file with hashes, in a layer of their own: it is rebuilt only
#    when requirements.lock changes, never for a code change. Wheels only (no compiler), and
#    a dependency missing from the lock fails the build (every requirement needs a hash).
COPY requirements.lock /tmp/requirements.lock
RUN python -m venv /opt/venv \
    && pip install --require-hashes --only-binary=:all: -r /tmp/requirements.lock \
    && rm /tmp/requirements.lock

# 2. The bot itself, without dependencies (they are all in the layer above).
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-deps . && rm -rf /src

# 3. What it reads at run time. Owned by root: the bot can read it, not change it.
WORKDIR /app
COPY alembic.ini ./
COPY migrations ./migrations
COPY content ./content

ENV DATABASE_URL=sqlite:////data/studybot.db \
    CONTENT_DIR=/app/content \
    MPLCONFIGDIR=/tmp/matplotlib \
    HEALTH_HOST=0.0.0.0 \
    HEALTH_PORT=8080

USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080

# 200 when connected to Discord and the catch-up pass ran recently; no curl in slim images.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD python -c "import sys, urllib.request; urllib.request.urlopen('http://127.0.0.1:${HEALTH_PORT}/health', timeout=4); sys.exit(0)" || exit 1

# Exec form: python is PID 1 and receives docker stop's SIGTERM itself; the bot then closes
# the Discord connection, the scheduler and the database and exits 0 within the 10 s that
# docker stop waits. `run` applies the database migrations before it connects.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot", "run"]
