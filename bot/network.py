"""Words for a network failure, shared by every platform's start-up check."""

from __future__ import annotations

import socket

import aiohttp


def unreachable_reason(error: BaseException) -> str:
    """One short line: which host, and what went wrong."""
    if isinstance(error, aiohttp.ClientConnectorError):
        os_error = error.os_error
        if isinstance(os_error, ConnectionRefusedError):
            why = "connection refused"
        elif isinstance(os_error, socket.gaierror):
            why = "host not found"
        else:
            why = os_error.strerror or str(os_error)
        return f"{error.host}:{error.port}: {why}"
    if isinstance(error, TimeoutError):
        return "no answer"
    return " ".join(str(error).split()) or type(error).__name__
