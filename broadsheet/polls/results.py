"""Poll results as readers see them: percentages to one decimal that add up to exactly 100.0."""

from dataclasses import dataclass


@dataclass(frozen=True)
class OptionResult:
    option_id: int
    text: str
    votes: int
    tenths: int  # the percentage in tenths of a percent: 683 is 68.3%

    @property
    def percent(self):
        return f"{self.tenths // 10}.{self.tenths % 10}"


@dataclass(frozen=True)
class Tally:
    total: int
    options: list

    def as_json(self):
        return {
            "total": self.total,
            "options": [{"id": o.option_id, "votes": o.votes, "percent": o.percent} for o in self.options],
        }


def largest_remainder(counts, scale=1000):
    """Split `scale` between counts in proportion, rounding so the parts sum exactly to `scale`.

    Each part gets its whole share, and the units left over go to the largest remainders (ties
    to the earlier option), the Hamilton method newspapers use for seat and poll tables.
    """
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    shares = [divmod(count * scale, total) for count in counts]
    parts = [whole for whole, _ in shares]
    left = scale - sum(parts)
    by_remainder = sorted(range(len(counts)), key=lambda i: (-shares[i][1], i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return parts


def tally(options):
    """Return the results of these options (each with .pk, .text and .votes), in their order."""
    counts = [option.votes for option in options]
    tenths = largest_remainder(counts)
    return Tally(
        total=sum(counts),
        options=[OptionResult(o.pk, o.text, o.votes, t) for o, t in zip(options, tenths, strict=True)],
    )
