"""File-system questions every writer asks before it starts."""

import os


def folder_writable(folder):
    """Can a file be created in ``folder``?  ``os.access`` first, then tried for real: a read-only file system
    or mount refuses even the administrator, whom ``os.access`` always answers yes."""
    import tempfile

    if not os.path.isdir(folder) or not os.access(folder, os.W_OK | os.X_OK):
        return False
    try:
        handle, probe = tempfile.mkstemp(prefix=".gm-write-check-", dir=folder)
    except OSError:
        return False
    os.close(handle)
    os.remove(probe)
    return True
