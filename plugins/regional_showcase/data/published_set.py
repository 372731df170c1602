"""What a publish build puts online, as one hash: scheduled builds compare it and skip a
rebuild when nothing went live since the last deployment.

A post is online when it is not a draft and its date has come (publishconf.py sets
WITH_FUTURE_DATES = False); events under content/termine/ count when they are not drafts.
The publish build writes the hash to `published-set.txt`; `showcase published-set` prints
the hash a build would have now. Different hashes: a scheduled post has come due.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from zoneinfo import ZoneInfo

from .dates import DateError, parse_date
from .front_matter import split_header
from .posts import POST_SUFFIXES, post_files, status_of
from .text_files import UnusableText, read_text

FILE_NAME = "published-set.txt"
EVENTS_FOLDER = "termine"


def published_files(content: Path, news: Path, now: dt.datetime, timezone: str) -> list[str]:
    """Posts and events a publish build at `now` puts online, as paths below content/."""
    zone = ZoneInfo(timezone)
    online = []
    events = content / EVENTS_FOLDER
    candidates = [(p, True) for p in post_files(news)]
    candidates += [(p, False) for p in post_files(events)] if events.is_dir() else []
    for path, dated in candidates:
        if path.suffix.lower() not in POST_SUFFIXES:
            continue
        try:
            fields = split_header(read_text(path, str(path)), str(path)).fields
        except UnusableText:
            continue  # `showcase check` reports it; the build stops on it anyway
        if status_of(fields.get("status", ("published", 0))[0]) == "draft":
            continue
        if dated:
            try:
                date = parse_date(fields.get("date", ("", 0))[0])
            except DateError:
                continue
            if (date if date.tzinfo else date.replace(tzinfo=zone)) > now:
                continue
        online.append(path.relative_to(content).as_posix())
    return sorted(online)


def published_set(content: Path, news: Path, now: dt.datetime, timezone: str) -> str:
    """A stable hash of what is online: the same posts give the same hash on any machine."""
    listing = "\n".join(published_files(content, news, now, timezone))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()
