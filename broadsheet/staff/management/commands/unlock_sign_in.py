from axes.helpers import get_cache, make_cache_key_list
from django.core.management.base import BaseCommand, CommandError

from broadsheet.identity import network_hash
from broadsheet.staff.signin import ACCOUNT_PREFIX, NETWORK_PREFIX


class Command(BaseCommand):
    help = "Lift a sign-in pause early: for an account (by username) and/or a network (by an address in it)."

    def add_arguments(self, parser):
        parser.add_argument("--account", help="the username (or email) that was paused")
        parser.add_argument("--network", help="an address in the network that was paused")

    def handle(self, *args, account=None, network=None, **options):
        if not account and not network:
            raise CommandError("Say which: --account USERNAME and/or --network ADDRESS.")
        # The same keys the throttle counts under (see broadsheet.staff.signin).
        counters = []
        if account:
            counters.append({"username": ACCOUNT_PREFIX + account.strip().casefold()})
        if network:
            counters.append({"ip_address": NETWORK_PREFIX + network_hash(network.strip())})
        get_cache().delete_many(make_cache_key_list(counters))
        self.stdout.write("Sign-in unpaused for " + " and ".join(filter(None, [account, network])) + ".")
