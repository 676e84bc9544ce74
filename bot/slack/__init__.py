"""The Slack adapter: one ``/study`` command, Block Kit messages and modals, Socket Mode."""
