"""A process that builds again keeps the check that a preview card in cache/ is whole
(pictures.intact_known) by the file's identity: every part of it that a damaged or replaced
file changes is in the key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from regional_showcase import pictures
from regional_showcase.pictures import intact_known

WHOLE = b"\xff\xd8" + b"x" * 100 + b"\xff\xd9"
BROKEN = b"\xff\xd8" + b"x" * 100 + b"\x00\x00"  # as long, without JPEG's end


@pytest.fixture
def checks(monkeypatch) -> list[Path]:
    """The files intact() really opened; files written a moment ago count as old enough."""
    monkeypatch.setattr(pictures, "RACY_NS", -(10**10))
    monkeypatch.setattr(pictures, "_INTACT", {})
    opened: list[Path] = []
    real = pictures.intact
    monkeypatch.setattr(pictures, "intact", lambda path: opened.append(path) or real(path))
    return opened


def _card(tmp_path: Path) -> Path:
    card = tmp_path / "0123456789abcdef.jpg"
    card.write_bytes(WHOLE)
    return card


def test_a_whole_card_is_opened_once(tmp_path: Path, checks):
    card = _card(tmp_path)
    assert intact_known(card, True) and intact_known(card, True)
    assert checks == [card]
    # A build that does not keep (a fresh process) checks every time.
    assert intact_known(card, False)
    assert checks == [card, card]


def test_a_cut_off_card_with_its_time_set_back_is_checked_again(tmp_path: Path, checks):
    card = _card(tmp_path)
    assert intact_known(card, True)
    kept = os.stat(card)
    card.write_bytes(WHOLE[:50])  # cut off: another size
    os.utime(card, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert not intact_known(card, True)


def test_a_card_rewritten_in_place_is_checked_again(tmp_path: Path, checks):
    card = _card(tmp_path)
    assert intact_known(card, True)
    kept = os.stat(card)
    card.write_bytes(BROKEN)  # the same size, the same inode
    os.utime(card, ns=(kept.st_atime_ns, kept.st_mtime_ns + 1))
    assert not intact_known(card, True)


def test_a_card_replaced_by_another_file_or_a_link_is_checked_again(tmp_path: Path, checks):
    card = _card(tmp_path)
    other, elsewhere = tmp_path / "other.jpg", tmp_path / "elsewhere.jpg"
    other.write_bytes(BROKEN)
    elsewhere.write_bytes(WHOLE)
    assert intact_known(card, True)
    kept = os.stat(card)
    os.utime(other, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    os.replace(other, card)  # the same size and time, another inode
    assert not intact_known(card, True)
    card.unlink()
    card.symlink_to(elsewhere)  # a whole file behind it, never published through a link
    assert not intact_known(card, True)
    card.unlink()
    assert not intact_known(card, True)


def test_a_card_written_just_now_is_checked_again(tmp_path: Path, monkeypatch, checks):
    monkeypatch.setattr(pictures, "RACY_NS", 10**12)
    card = _card(tmp_path)
    assert intact_known(card, True) and intact_known(card, True)
    assert checks == [card, card]
