"""PNG charts (matplotlib, no display needed) for the statistics of both platforms."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from bot.core.readiness import wilson_lower_bound
from bot.services.stats import MemberStats


def stats_chart(stats: MemberStats) -> bytes:
    """Accuracy per domain (with its cautious lower bound) and accuracy week by week."""
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=100)
    names = [d.name if len(d.name) < 28 else d.name[:26] + "…" for d in stats.domains]
    accuracy = [(d.accuracy or 0) * 100 for d in stats.domains]
    bounds = [wilson_lower_bound(d.correct, d.answered) * 100 for d in stats.domains]
    positions = range(len(names))
    left.barh(positions, accuracy, color="#4285F4", label="accuracy")
    left.scatter(bounds, positions, color="#EA4335", zorder=3, label="cautious estimate")
    for y, d in zip(positions, stats.domains, strict=True):
        left.text(101, y, f"{d.correct}/{d.answered}", va="center", fontsize=8)
    left.set_yticks(list(positions), names, fontsize=8)
    left.invert_yaxis()
    left.set_xlim(0, 115)
    left.set_xlabel("% right")
    left.set_title("By exam section")
    left.legend(loc="lower right", fontsize=7)

    if stats.weekly:
        weeks = [start.strftime("%d %b") for start, _n, _c in stats.weekly]
        values = [100 * c / n if n else 0 for _s, n, c in stats.weekly]
        right.plot(weeks, values, marker="o", color="#34A853")
        right.set_ylim(0, 105)
        right.tick_params(axis="x", labelrotation=45, labelsize=7)
    else:
        right.text(0.5, 0.5, "No answers yet", ha="center", va="center", transform=right.transAxes)
    right.set_title("Week by week")
    right.set_ylabel("% right")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()
