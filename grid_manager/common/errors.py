"""Errors the core raises for bad input: their text is already translated."""


class GridManagerError(Exception):
    """Base class: the message is user-facing and translated."""


class InputError(GridManagerError):
    """Bad input data: the message names the layer/file, feature or row and field."""


class Cancelled(GridManagerError):
    """The user cancelled the run."""
