from axes.helpers import get_cache, make_cache_key_list
from django.core.management.base import BaseCommand, CommandError

from broadsheet.identity import network_hash
from broadsheet.staff.signin import ACCOUNT_PREFIX, NETWORK_PREFIX, account_keys


class Command(BaseCommand):
    help = (
        "Lift a sign-in pause early: an account's slowing (by username), a network's pause (by an address "
        "in it), or both together, which also lifts that account's pause on that network."
    )

    def add_arguments(self, parser):
        parser.add_argument("--account", help="the username (or email) that was paused")
        parser.add_argument("--network", help="an address in the network that was paused")

    def handle(self, *args, account=None, network=None, **options):
        if not account and not network:
            raise CommandError("Say which: --account USERNAME and/or --network ADDRESS.")
        # The same keys the throttle counts under (see broadsheet.staff.signin).
        name = ACCOUNT_PREFIX + account.strip().casefold() if account else None
        where = NETWORK_PREFIX + network_hash(network.strip()) if network else None
        counters = []
        if where:
            counters.append({"ip_address": where})
        if name and where:
            counters.append({"username": name, "ip_address": where})
        cache = get_cache()
        cache.delete_many(make_cache_key_list(counters) + (list(account_keys(name)) if name else []))
        self.stdout.write("Sign-in unpaused for " + " and ".join(filter(None, [account, network])) + ".")
