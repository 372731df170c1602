"""Review of what the input check keeps across checks in a process that checks again (the
build server, `make serve`): a kept result follows every file it was made from, so the
check there reports what a fresh check reports."""

from __future__ import annotations

import pytest
from PIL import Image

from regional_showcase.preview.memo import PreviewMemo

from sitebuild import SAMPLE_PHOTO, add_region_photo, check_messages, settings_in_copy


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A copy of the project whose region SAMPLE_PHOTO_REGION has a photo, and its settings."""
    with settings_in_copy(tmp_path_factory.mktemp("r7-checks") / "project") as settings:
        add_region_photo(settings.content_path.parent)
        yield settings


messages = check_messages


def test_the_kept_region_data_follows_its_photo_file(site):
    """The region data kept in the memo (input_check._remembered_site_data) was keyed by
    regions.yaml and the region texts alone: a region photo deleted after a good check
    passed the next check in the same process, which a fresh check refuses
    (photos.py)."""
    memo = PreviewMemo()
    photo = site.content_path / SAMPLE_PHOTO["file"]
    assert messages(site, memo) == []
    photo.unlink()
    try:
        refused = [
            "data/regions.yaml:1445: regions[4].photo.file: das Foto "
            "'images/regionen/beispiel.jpg' gibt es nicht: legen Sie es (JPEG, PNG oder WebP) "
            "unter content/images/ ab und geben Sie den Pfad ab content/ an, z. B. "
            "'images/regionen/allgaeu.jpg'"
        ]
        assert messages(site, memo) == refused
    finally:
        Image.new("RGB", (960, 540), (90, 140, 60)).save(photo)
