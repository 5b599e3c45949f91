import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from workflows.sweeps import run_sweep


class Command(BaseCommand):
    help = "Fire due workflow timers once, or forever with --loop."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Sweep until stopped.")
        parser.add_argument(
            "--every", type=int, default=settings.RETURNS_TIMER_SWEEP_SECONDS,
            help="Seconds between sweeps with --loop.",
        )

    def handle(self, *args, loop=False, every=30, **options):
        while True:
            result = run_sweep()
            self.stdout.write(", ".join(f"{name}: {count}" for name, count in result.items()))
            if not loop:
                return
            close_old_connections()
            time.sleep(every)
