"""Development tools shipped with the bot: the local Discord stand-in used by the demo and the end-to-end tests."""
