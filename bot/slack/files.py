"""Files for one member, in their DM with the app.

``files.completeUploadExternal`` refuses a user id as the channel: the DM is opened with
``conversations.open`` first and the file is shared there (``files_upload_v2`` makes the three
calls: an upload URL, the upload, the completion)."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient


async def send_file_by_dm(
    client: AsyncWebClient, user_id: str, filename: str, content: bytes, comment: str
) -> None:
    """Share ``content`` as ``filename`` in the member's DM with the app, with ``comment``."""
    opened = await client.conversations_open(users=user_id)
    await client.files_upload_v2(
        channel=opened["channel"]["id"],
        content=content,
        filename=filename,
        title=filename,
        initial_comment=comment,
    )
