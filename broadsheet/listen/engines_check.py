"""A system check, so `make run` (migrate, serve) says why article audio is unavailable and how to fix it."""

from django.core import checks


def speech_engine_installed(app_configs, **kwargs):
    from .engines import EngineFailure, chosen_engine

    try:
        chosen_engine()
    except EngineFailure as missing:
        return [
            checks.Warning(
                f"Article audio is unavailable: {missing}",
                hint="The site works without it; articles are marked 'unavailable' in the back office.",
                id="listen.W001",
            )
        ]
    return []
