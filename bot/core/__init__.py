"""Pure rules: no Discord, database or scheduler imports (enforced by import-linter)."""
