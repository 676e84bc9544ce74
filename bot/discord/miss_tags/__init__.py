"""Why I missed it: the reveal's "My result" follow-up and the tag buttons under a miss."""
