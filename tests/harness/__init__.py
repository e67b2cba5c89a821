"""Harnesses the tests, `make bench` and `make audit` share: a real site in a subprocess, nginx in front of it."""
