"""A new migration is named by the template: the next number as its id and ``000N_<slug>.py`` as its file, with
the current head as its ``down_revision``."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from reclassering.casefile.db import alembic_config, make_engine


def test_a_new_revision_gets_the_next_number_and_its_file_name(tmp_path: Path) -> None:
    source = Path(str(resources.files("reclassering") / "migrations"))
    copy = tmp_path / "migrations"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
    engine = make_engine(f"sqlite:///{tmp_path / 'scratch.sqlite3'}")
    config = alembic_config(engine)
    config.set_main_option("script_location", str(copy))
    before = ScriptDirectory.from_config(config)
    head = before.get_current_head()
    expected = f"{max(int(r.revision) for r in before.walk_revisions()) + 1:04d}"

    command.revision(config, message="Add notes to check-ins")

    after = ScriptDirectory.from_config(config)
    assert after.get_current_head() == expected
    created = copy / "versions" / f"{expected}_add_notes_to_check_ins.py"
    assert created.exists()
    text = created.read_text()
    assert f"revision: str = '{expected}'" in text and f"down_revision: str | None = '{head}'" in text
    engine.dispose()
