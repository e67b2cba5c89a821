"""The thin layer in front of Django: bodies read on the event loop, limits, files, and the short chain."""
