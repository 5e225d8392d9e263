"""The one exception type that reaches users as a one-line message and exit code 2."""


class InputError(Exception):
    """Bad input or options: the message is shown to the user as is, on one line."""
