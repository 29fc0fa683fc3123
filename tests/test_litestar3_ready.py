"""Litestar 3 no longer infers dependencies, path parameters or request bodies from names alone: building the
app must not emit a single DeprecationWarning (every handler uses explicit markers)."""

import subprocess
import sys
import warnings
from pathlib import Path

from reclassering.app import create_app
from reclassering.casefile.db import make_engine
from reclassering.settings import Settings


def test_building_the_app_emits_no_deprecation_warning(tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        create_app(Settings(data_dir=tmp_path), engine=make_engine(f"sqlite:///{tmp_path}/a.sqlite3"), migrate=False)
    deprecations = [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]
    assert deprecations == []


def test_app_builds_with_deprecation_warnings_as_errors(tmp_path: Path) -> None:
    code = (
        "from pathlib import Path; from reclassering.app import create_app; "
        "from reclassering.casefile.db import make_engine; from reclassering.settings import Settings; "
        f"p = Path({str(tmp_path)!r}); "
        "create_app(Settings(data_dir=p), engine=make_engine(f'sqlite:///{p}/b.sqlite3'), migrate=False)"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
