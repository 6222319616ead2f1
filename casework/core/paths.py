"""Where the top-level folders (templates, migrations) are, in a checkout or an installed wheel."""
from pathlib import Path

#: The ``casework`` package folder (this module is in its ``core``).
_PACKAGE = Path(__file__).resolve().parent.parent


def resource_dir(name: str) -> Path:
    """Return the checkout's top-level folder ``name``, or the copy bundled into the wheel."""
    bundled = _PACKAGE / "_bundled" / name
    return bundled if bundled.is_dir() else _PACKAGE.parent / name
