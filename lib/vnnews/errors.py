"""Errors that are the user's input, not a bug. Reports show their message without a traceback."""


class InputError(Exception):
    """Bad input the user can fix."""


class CorpusError(InputError):
    """A missing corpus folder, a metadata file without a `file` column, …"""


class ParameterError(InputError):
    """An unknown parameter, a value of the wrong type, a group or column that does not exist."""


class ClusterError(InputError):
    """A Dask scheduler that does not answer, workers that went away or run other code: the set-up to fix."""


# Names the runner recognises in a notebook's error output.
INPUT_ERRORS = ("InputError", "CorpusError", "ParameterError", "ClusterError")
