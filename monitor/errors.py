"""Errors a user can cause; the CLI catches them once and prints their message."""

from __future__ import annotations


class RolewatchError(Exception):
    """Base of every error meant for the user, with the exit code it maps to."""

    exit_code = 1


class ConfigError(RolewatchError):
    """The config file is missing, unreadable or invalid."""

    exit_code = 2


class UsageError(RolewatchError):
    """A command was given arguments it cannot act on."""

    exit_code = 2


class StoreError(RolewatchError):
    """The database cannot be opened or is in a state we cannot use."""

    exit_code = 1
