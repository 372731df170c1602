"""A build without the web editor's files says which file is missing and how to install it,
and writes nothing of admin/."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from regional_showcase.cms.admin import EditorMissing, write_admin


def test_a_missing_decap_bundle_names_the_file_and_the_install_command(tmp_path: Path):
    dist = tmp_path / "node_modules" / "decap-cms" / "dist"
    settings = SimpleNamespace(cms_dist=dist)
    with pytest.raises(EditorMissing) as raised:
        write_admin(settings, None, tmp_path / "output", "/theme/css/site.css")
    message = str(raised.value)
    assert f"{dist / 'decap-cms.js'} nicht gefunden" in message
    assert "scripts/install-node-deps --publish" in message
    assert not (tmp_path / "output").exists()
