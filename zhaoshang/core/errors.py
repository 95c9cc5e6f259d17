"""Errors whose message is meant for the person at the keyboard (no Django import)."""


class UserError(Exception):
    """Bad input named clearly: the console script prints it as `zhaoshang COMMAND: message` and exits 2."""
