"""APScheduler wiring: jobs rebuilt from the database, timezone-aware triggers."""
