"""What the tests expect, read straight from the project's inputs (never from the plugin)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def region_data(root: Path = ROOT) -> dict:
    # libyaml's loader where PyYAML has it: many tests read the data, and it is 10x faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((root / "data" / "regions.yaml").read_text(encoding="utf-8"), Loader=loader)


@dataclass(frozen=True)
class PostHeader:
    path: Path
    title: str
    year: str
    slug: str
    category: str
    regions: tuple[str, ...]
    status: str


def _fields(text: str) -> dict[str, str]:
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        data = yaml.safe_load("\n".join(lines[1:end]))
        return {
            k.lower(): ", ".join(map(str, v)) if isinstance(v, list) else str(v)
            for k, v in data.items()
        }
    fields = {}
    for line in lines:
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


def post_headers(root: Path = ROOT) -> list[PostHeader]:
    posts = []
    for path in sorted((root / "content" / "news").glob("*.md")):
        fields = _fields(path.read_text(encoding="utf-8"))
        slug = fields.get("slug") or re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.stem)
        posts.append(
            PostHeader(
                path=path,
                title=fields["title"],
                year=fields["date"][:4],
                slug=slug,
                category=fields["category"],
                regions=tuple(r.strip() for r in fields["regions"].split(",")),
                status=fields.get("status", "published").lower(),
            )
        )
    return posts


def published_posts(root: Path = ROOT) -> list[PostHeader]:
    return [p for p in post_headers(root) if p.status == "published"]


def post_path(post: PostHeader) -> str:
    return f"aktuelles/{post.year}/{post.slug}/"


def published_events(root: Path = ROOT) -> list[dict]:
    """Front matter of the events `make publish` includes: not the samples, not drafts."""
    events = []
    for path in sorted((root / "content" / "termine").glob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        data = yaml.safe_load("\n".join(lines[1 : lines.index("---", 1)]))
        if str(data.get("status", "published")) != "draft":
            events.append(data)
    return events


def event_path(event: dict) -> str:
    """'termine/2019/<slug>/' from an event's front matter (its slug field is required here)."""
    return f"termine/{str(event['start'])[:4]}/{event['slug']}/"
