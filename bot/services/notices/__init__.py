"""Posts and DMs other than the daily question, each made once.

- A week's theme is announced on its first study day, at the post time.
- A rest day gets a rest-day post (no question) with a light-review suggestion.
- Opt-in DMs: "today's question closes in 2 h and you have not answered", the weekly theme,
  the evening before the member's exam, and the day after it. Quiet hours postpone a DM
  while it is still useful; a DM is claimed before it is sent, so it never goes out twice.
"""

from bot.services.notices.direct import NoticeService, claim_dm
from bot.services.notices.views import DirectNotice, HardQuestion, Notice, Recap

__all__ = ["DirectNotice", "HardQuestion", "Notice", "NoticeService", "Recap", "claim_dm"]
