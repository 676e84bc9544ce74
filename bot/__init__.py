"""The study-group bot: daily exam questions, streaks and reviews for a Discord study group."""
