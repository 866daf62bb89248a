"""Links in a built site that only a step after the generator can resolve.

* The tool forms' links (``guide-site-root:/about/#not-medical-advice``, from the
  ``url`` filter of ``guide_site.tool_forms``): a Markdown extension is not told which
  page it renders, so the site root is a token until the page is known.
* Docs-absolute links to Markdown files (``/guide/pain-and-injury.md#red-flags``): the
  shared snippets in ``includes/`` use them because they land on pages at different
  depths. MkDocs resolves them itself (``validation: links: absolute_links:
  relative_to_docs`` in mkdocs.yml); Zensical 0.0.73 leaves them as they are, and
  its pages would link to files that are not in the site.

Both become the page's relative link to the built target, and every one must land on
a file and, where it names one, an id of the site, or the step fails naming the page
and the link. On a finished site (or a MkDocs build, which holds neither) it changes
nothing.
"""

from __future__ import annotations

import functools
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import BuildError
from .tool_forms import SITE_ROOT

ROOT_LINK = re.compile(re.escape(SITE_ROOT) + r"/(?P<target>[^\"'\s<>]*)")
DOCS_LINK = re.compile(r'(?P<attr>href=")/(?P<path>[^"#?]*\.md)(?P<fragment>#[^"]*)?"')


def root_of(rel: str) -> str:
    """The relative path from the page at ``rel`` (in the site) to the site root: ``.``, ``../..``."""
    return posixpath.relpath(".", posixpath.dirname(rel) or ".")


def page_url(doc: str) -> str:
    """The URL, from the site root, of the page built from ``doc`` (``guide/x.md`` -> ``guide/x/``)."""
    stem = doc[:-len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-len("index")]
    return stem + "/"


def relative_url(target: str, rel: str) -> str:
    """``target`` (a URL from the site root) as a link from the page at ``rel``, as MkDocs writes it."""
    path, hash_, fragment = target.partition("#")
    link = posixpath.relpath(path or ".", posixpath.dirname(rel) or ".")
    if path == "" or path.endswith("/"):
        link += "/"
    return link + hash_ + fragment


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id" and value)


@functools.cache
def _ids(path: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return frozenset(parser.ids)


def _problem(site: Path, target: str) -> str | None:
    """Why ``target`` (a URL from the site root) leads nowhere in ``site``; None if it lands."""
    parts = urlsplit(target)
    path = unquote(parts.path)
    file = site / path
    if path == "" or path.endswith("/"):
        file = file / "index.html"
    if not file.is_file():
        return f"no {file.relative_to(site)}"
    if parts.fragment and file.suffix == ".html" and parts.fragment not in _ids(file):
        return f"no id {parts.fragment!r} in {file.relative_to(site)}"
    return None


def resolve_page(text: str, rel: str) -> tuple[str, list[str]]:
    """The page ``rel`` with its links resolved, and the targets they named (from the site root)."""
    root = root_of(rel)
    targets = [m.group("target") for m in ROOT_LINK.finditer(text)]

    def docs_link(match):
        url = page_url(match.group("path")) + (match.group("fragment") or "")
        targets.append(url)
        return f'{match.group("attr")}{relative_url(url, rel)}"'

    text = DOCS_LINK.sub(docs_link, text)
    return text.replace(SITE_ROOT, root), targets


def apply(site: Path) -> None:
    """Resolve and check these links in every HTML page of ``site``."""
    _ids.cache_clear()
    finished, broken = {}, []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        text, targets = resolve_page(path.read_text(encoding="utf-8"), rel)
        broken += [f"{rel}: {target!r} ({why})" for target in targets if (why := _problem(site, target))]
        finished[path] = text
    if broken:
        raise BuildError("links that lead nowhere in the built site:\n  " + "\n  ".join(broken))
    for path, text in finished.items():
        path.write_text(text, encoding="utf-8")
