"""Use cases: one async function per thing a member, an organiser or the clock does."""
