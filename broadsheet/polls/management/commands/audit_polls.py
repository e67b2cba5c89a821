from django.core.management.base import BaseCommand
from django.db.models import Count

from ...models import Option, Poll
from ...services import repair_counts


class Command(BaseCommand):
    help = "Check that every option's vote count equals its ballots; --repair sets wrong counts right."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Rewrite wrong counts from the ballots.")

    def handle(self, *args, repair=False, **options):
        wrong_polls = 0
        for poll in Poll.objects.order_by("pk"):
            mismatched = [
                (option, option.votes, option.counted)
                for option in Option.objects.filter(poll=poll).annotate(counted=Count("ballots"))
                if option.votes != option.counted
            ]
            if not mismatched:
                continue
            wrong_polls += 1
            for option, stored, counted in mismatched:
                self.stdout.write(
                    f"Poll {poll.pk} option {option.pk} ({option.text}): count {stored}, ballots {counted}"
                )
            if repair:
                repair_counts(poll)
                self.stdout.write(f"Poll {poll.pk}: repaired.")
        total = Poll.objects.count()
        if wrong_polls:
            verdict = "repaired" if repair else "run with --repair to fix"
            self.stdout.write(f"{wrong_polls} of {total} polls had counts that differ from their ballots ({verdict}).")
        else:
            self.stdout.write(f"All {total} polls: every count equals its ballots.")
        if wrong_polls and not repair:
            raise SystemExit(1)
