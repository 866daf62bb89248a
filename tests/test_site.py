"""Tests of the built site (``site/``) and of the article sources (``docs/``).

No browser: pages are parsed with the standard library's ``html.parser``.
``site/`` must be built first (``make test`` builds it; the ``site_dir``
fixture fails with a clear message otherwise).

1. every link the engine can send a reader to lands on an element with that id;
2. every page has a title and a meta description (not the site-wide default
   on guide/ and tools/ pages);
3. no page loads anything from another host, and nothing mentions Google Fonts;
4. the articles cover the 14 topics of CONTENT.md, have the right length, end
   with "What to do this week", cite the references page, and every
   ``references.md#id`` link resolves;
5. the originality check passes;
6. pages that talk about pain carry the red-flag safety note;
7. RPE and ACWR are always rendered inside ``<abbr title=...>``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from guide_engine.content import article_links

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
DOCS = ROOT / "docs"
GUIDE = DOCS / "guide"
PLAN = ROOT / "includes" / "ARTICLE-PLAN.md"
CONTENT = ROOT.parent / "shared" / "CONTENT.md"
ORIGINALITY = ROOT.parent / "shared" / "tools" / "check_originality.py"

SAFETY_TITLE = "Pain is information: when to stop and get help"
RED_FLAGS = "guide/pain-and-injury/#red-flags"
MIN_WORDS, MAX_WORDS = 600, 1600
# Articles that need not cite the references page. Process goals (goals.md) and
# what a coach or group gives (support.md) are practical advice with no entry in
# the evidence table of CONTENT.md; a citation there would be decoration.
NO_CITATION_NEEDED = {"goals.md", "support.md"}
# Hosts that serve shared libraries, styles or fonts: never linked, let alone loaded.
CDN_HOSTS = re.compile(
    r"(^|\.)(cdn\.jsdelivr\.net|jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|esm\.sh|cdn\.skypack\.dev"
    r"|fonts\.googleapis\.com|fonts\.gstatic\.com|ajax\.googleapis\.com|code\.jquery\.com"
    r"|[a-z0-9-]*bootstrapcdn\.com|use\.fontawesome\.com|kit\.fontawesome\.com|cloudfront\.net"
    r"|akamaihd\.net|fastly\.net|rawgit(hack)?\.com|raw\.githubusercontent\.com|cdn\.[a-z0-9.-]+)$"
)
GOOGLE_FONTS = re.compile(r"fonts\.(googleapis|gstatic)\.com|fonts\.google\.com", re.I)
TEXT_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".webmanifest"}


def _setting(name: str) -> str:
    """A top-level scalar from mkdocs.yml (read as text: no YAML loader needed)."""
    match = re.search(rf"^{name}:\s*(.+?)\s*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert match, f"mkdocs.yml has no {name}"
    return match.group(1).strip("'\"")


SITE_DESCRIPTION = _setting("site_description")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000/")  # mkdocs.yml: site_url: !ENV [SITE_URL, ...]


# --------------------------------------------------------------------------- HTML parsing

@dataclass
class Page:
    """What the tests need to know about one built HTML page."""

    ids: set[str] = field(default_factory=set)
    title: str = ""
    descriptions: list[str] = field(default_factory=list)
    resources: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, url)
    anchors: list[str] = field(default_factory=list)  # every <a href>
    body: list[str] = field(default_factory=list)  # text inside <article>, no scripts or code
    bare_body: list[str] = field(default_factory=list)  # the same, minus text inside <abbr title>
    abbrs: list[tuple[str, str]] = field(default_factory=list)  # (text, title)
    admonitions: list[tuple[str, str]] = field(default_factory=list)  # (div classes, title)

    @property
    def text(self) -> str:
        return " ".join(self.body)

    @property
    def bare_text(self) -> str:
        return " ".join(self.bare_body)


class _PageParser(HTMLParser):
    RESOURCE_ATTRS = {"src", "srcset", "poster", "data", "xlink:href"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._title = self._article = self._skip = 0
        self._abbr: list[str | None] = []  # title of each open <abbr> (None if it has none)
        self._abbr_text: list[str] = []
        self._divs: list[str] = []
        self._adm_title: list[str] | None = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        page = self.page
        if "id" in a:
            page.ids.add(a["id"])
        if tag == "a" and "name" in a:
            page.ids.add(a["name"])
        if tag == "title":
            self._title += 1
        elif tag == "meta" and a.get("name", "").lower() == "description":
            page.descriptions.append(a.get("content", ""))
        elif tag == "article":
            self._article += 1
        elif tag in ("script", "style", "code", "pre", "template"):
            self._skip += 1
        elif tag == "abbr":
            self._abbr.append(a.get("title") or None)
            self._abbr_text.append("")
        elif tag == "div":
            self._divs.append(a.get("class", ""))
        elif tag == "details":  # a collapsible admonition (pymdownx.details): its summary is its title
            self._divs.append(f"details {a.get('class', '')}".strip())
        elif (tag == "p" and "admonition-title" in a.get("class", "").split()) or \
                (tag == "summary" and self._divs and self._divs[-1].startswith("details")):
            self._adm_title = []
        for name in self.RESOURCE_ATTRS & a.keys():
            page.resources.append((tag, name, a[name]))
        if "href" in a:
            if tag == "a":
                page.anchors.append(a["href"])
            elif tag in ("link", "use", "image", "base"):
                page.resources.append((tag, "href", a["href"]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._title = max(0, self._title - 1)
        elif tag == "article":
            self._article = max(0, self._article - 1)
        elif tag in ("script", "style", "code", "pre", "template"):
            self._skip = max(0, self._skip - 1)
        elif tag == "abbr" and self._abbr:
            title = self._abbr.pop()
            text = self._abbr_text.pop()
            if title:
                self.page.abbrs.append((text.strip(), title))
        elif tag in ("div", "details") and self._divs:
            self._divs.pop()
        elif tag in ("p", "summary") and self._adm_title is not None:
            self.page.admonitions.append((self._divs[-1] if self._divs else "", "".join(self._adm_title).strip()))
            self._adm_title = None

    def handle_data(self, data):
        if self._title:
            self.page.title += data
        if self._adm_title is not None:
            self._adm_title.append(data)
        if self._abbr:
            self._abbr_text[-1] += data
        if self._article and not self._skip:
            self.page.body.append(data)
            # Text inside an <abbr> that has a title is explained; anything else is bare.
            if not (self._abbr and self._abbr[-1]):
                self.page.bare_body.append(data)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def parse_html(text: str) -> Page:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


@cache
def load_page(path: Path) -> Page:
    return parse_html(path.read_text(encoding="utf-8"))


def html_pages() -> list[str]:
    """Site-root-relative URLs of every built page except 404 and search."""
    if not SITE.exists():
        return []
    urls = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE).as_posix()
        if rel == "404.html" or rel.startswith("search/"):
            continue
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls or ["<no pages built>"]


def page_file(site: Path, url: str) -> Path:
    """The file behind a site-root-relative URL ("" is the home page)."""
    path = url.split("#", 1)[0]
    return site / path / "index.html" if path == "" or path.endswith("/") else site / path


def check_link(site: Path, link: str) -> str | None:
    """Resolve an engine link such as "guide/easy-runs/#talk-test" in the built site.

    Returns None when the page exists and has an element with exactly that id,
    else a message saying what is wrong.
    """
    if "#" not in link:
        return f"{link!r} has no #anchor"
    path, anchor = link.split("#", 1)
    if path.startswith(("/", "http:", "https:", "//")) or not path.endswith("/"):
        return f"{link!r} is not a site-root-relative page URL ending in '/'"
    if not anchor:
        return f"{link!r} has an empty anchor"
    target = page_file(site, path)
    if not target.is_file():
        return f"{link!r}: no built page at {target.relative_to(site).as_posix()}"
    if anchor not in load_page(target).ids:
        return f"{link!r}: {target.relative_to(site).as_posix()} has no element with id {anchor!r}"
    return None


def site_url_of(page_url: str, href: str) -> str:
    """A link found on ``page_url`` as a site-root-relative URL ("" for other hosts)."""
    base = "http://site.invalid/"
    absolute = urljoin(base + page_url, href)
    return absolute[len(base):] if absolute.startswith(base) else ""


def is_external(url: str) -> bool:
    if url.startswith(SITE_URL):  # the site itself (canonical links)
        return False
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data", "blob", "mailto", "tel")


# --------------------------------------------------------------------------- Markdown sources

def front_matter_and_body(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return (match.group(1), text[match.end():]) if match else ("", text)


def body_words(markdown: str) -> int:
    """Words a reader sees: no front matter, link targets, attribute lists, snippets or comments."""
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    text = re.sub(r"^--8<--.*$", " ", text, flags=re.M)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # [words](target): keep the words
    text = re.sub(r"\{[#.:][^}]*\}", " ", text)  # {#id} / {: .class}
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.%,/-]*", text))


def plan_rows() -> list[tuple[str, str, list[str]]]:
    """(file, topic, required ids) for every row of the table in ARTICLE-PLAN.md."""
    rows = []
    for line in PLAN.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*(docs/\S+\.md)\s*\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|\s*$", line)
        if match:
            ids = [] if "ids below" in match.group(3) else re.findall(r"[a-z0-9-]+", match.group(3))
            rows.append((match.group(1), match.group(2), ids))
    return rows


def guide_articles() -> list[Path]:
    return sorted(GUIDE.glob("*.md"))


def plan_reference_ids() -> list[str]:
    text = PLAN.read_text(encoding="utf-8").split("## Reference ids", 1)[1]
    return re.findall(r"(?:^|·)\s*([a-z-]+-\d{4})\s*\(", text, re.M)


# =========================================================================== 1. engine links

@pytest.mark.parametrize("source,link", article_links(), ids=[s for s, _ in article_links()])
def test_engine_link_resolves(site_dir, source, link):
    problem = check_link(site_dir, link)
    assert problem is None, f"{source}: {problem}"


def test_link_checker_catches_bad_links(site_dir):
    """The resolver must be able to fail, or test 1 proves nothing."""
    assert check_link(site_dir, "guide/easy-runs/#talk-test") is None
    made_up = check_link(site_dir, "guide/easy-runs/#no-such-anchor-xyz")
    assert made_up and "no element with id 'no-such-anchor-xyz'" in made_up
    assert "no built page" in check_link(site_dir, "guide/no-such-page/#talk-test")
    assert "no #anchor" in check_link(site_dir, "guide/easy-runs/")
    assert "empty anchor" in check_link(site_dir, "guide/easy-runs/#")
    assert check_link(site_dir, "guide/easy-runs.md#talk-test") is not None  # a source path, not a URL
    assert check_link(site_dir, "/guide/easy-runs/#talk-test") is not None


def test_engine_has_links():
    links = article_links()
    assert len(links) > 20
    sources = [s for s, _ in links]
    assert len(sources) == len(set(sources)), "two engine links share a source name"


def test_html_parser_helpers():
    page = parse_html(
        '<html><head><title> T </title><meta name="description" content="d"></head><body>'
        '<p>RPE outside</p><article><h2 id="x">RPE <abbr title="Rating">RPE</abbr> <abbr>ACWR</abbr></h2>'
        '<script>var RPE</script><code>ACWR</code><div class="admonition danger"><p class="admonition-title">'
        'Stop</p></div><img src="https://cdn.example/x.png"></article></body></html>'
    )
    assert page.title.strip() == "T" and page.descriptions == ["d"] and "x" in page.ids
    assert page.abbrs == [("RPE", "Rating")]
    assert page.bare_text.split() == ["RPE", "ACWR", "Stop"]  # untitled abbr is bare; script and code are ignored
    assert page.admonitions == [("admonition danger", "Stop")]
    assert page.resources == [("img", "src", "https://cdn.example/x.png")]
    assert site_url_of("tools/quiz/", "../../guide/pain-and-injury/#red-flags") == RED_FLAGS
    assert site_url_of("guide/pain-and-injury/", "#red-flags") == RED_FLAGS
    assert site_url_of("", "https://example.org/") == ""
    assert is_external("//fonts.example/x.css") and is_external("https://a.b/") and not is_external("../x.css")


# =========================================================================== 2. titles and descriptions

@pytest.mark.parametrize("url", html_pages())
def test_page_title_and_description(site_dir, url):
    page = load_page(page_file(site_dir, url))
    assert page.title.strip(), f"{url or 'home'}: empty <title>"
    assert len(page.descriptions) == 1, f"{url or 'home'}: expected one meta description, found {len(page.descriptions)}"
    description = page.descriptions[0].strip()
    assert description, f"{url or 'home'}: empty meta description"
    if url.startswith(("guide/", "tools/")):
        assert description != SITE_DESCRIPTION, (
            f"{url}: meta description is the site-wide default; add a description: to the page's front matter"
        )


def test_descriptions_are_distinct(site_dir):
    seen: dict[str, str] = {}
    for url in html_pages():
        for description in load_page(page_file(site_dir, url)).descriptions:
            if url.startswith(("guide/", "tools/")):
                assert description not in seen, f"{url} and {seen[description]} share a meta description"
                seen[description] = url


# =========================================================================== 3. nothing from other hosts

@pytest.mark.parametrize("url", html_pages())
def test_no_external_resources(site_dir, url):
    page = load_page(page_file(site_dir, url))
    external = [f"<{tag} {attr}={value}>" for tag, attr, value in page.resources
                if any(is_external(v.split()[0]) for v in value.split(",") if v.strip())]
    assert external == [], f"{url or 'home'} loads from other hosts: {external}"
    cdn = [href for href in page.anchors if is_external(href) and CDN_HOSTS.search(urlsplit(href).hostname or "")]
    assert cdn == [], f"{url or 'home'} links to a CDN: {cdn}"


def external_anchor_links(site: Path) -> dict[str, list[str]]:
    """Every <a href> to another host, by page (for the report; not a failure in itself)."""
    found = {}
    for url in html_pages():
        hrefs = sorted({h for h in load_page(page_file(site, url)).anchors if is_external(h)})
        if hrefs:
            found[url or "home"] = hrefs
    return found


def test_external_links_are_listed(site_dir, capsys):
    found = external_anchor_links(site_dir)
    with capsys.disabled():
        if found:
            print("\nlinks to other hosts (allowed, not CDNs):")
            for url, hrefs in found.items():
                print(f"  {url}: {', '.join(hrefs)}")
    for hrefs in found.values():
        assert all(not CDN_HOSTS.search(urlsplit(h).hostname or "") for h in hrefs)


def test_no_google_fonts_anywhere(site_dir):
    hits = []
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            hits += [f"{path.relative_to(site_dir)}: {m.group(0)}" for m in GOOGLE_FONTS.finditer(text)]
    assert hits == [], f"Google Fonts referenced: {hits[:10]}"


# =========================================================================== 4. articles

def test_plan_covers_every_content_topic():
    if not CONTENT.exists():
        pytest.skip(f"{CONTENT} not found (the shared brief sits beside the repository)")
    section = CONTENT.read_text(encoding="utf-8").split("## Topics the articles must cover", 1)[1].split("\n## ", 1)[0]
    topics = {int(n): name for n, name in re.findall(r"^(\d+)\. \*\*(.+?)\*\*", section, re.M)}
    assert sorted(topics) == list(range(1, 15)), f"CONTENT.md should list 14 topics, found {sorted(topics)}"
    covered: dict[int, list[str]] = {}
    for file, topic, _ids in plan_rows():
        match = re.match(r"(\d+)\b", topic)
        if match:
            covered.setdefault(int(match.group(1)), []).append(file)
    missing = {n: topics[n] for n in topics if n not in covered}
    assert not missing, f"topics with no article in ARTICLE-PLAN.md: {missing}"
    for n, files in covered.items():
        for file in files:
            assert (ROOT / file).is_file(), f"topic {n} ({topics[n]}): {file} does not exist"
    # Topic 14 also asks for references and a disclaimer.
    assert (DOCS / "references.md").is_file() and (DOCS / "about.md").is_file()


def test_every_guide_article_is_in_the_plan():
    planned = {file for file, _, _ in plan_rows()}
    unplanned = [p.relative_to(ROOT).as_posix() for p in guide_articles() if p.relative_to(ROOT).as_posix() not in planned]
    assert unplanned == [], f"guide articles not in ARTICLE-PLAN.md: {unplanned}"
    assert len(guide_articles()) >= 14


@pytest.mark.parametrize("file,anchor", [(f, i) for f, _, ids in plan_rows() for i in ids])
def test_plan_anchor_exists(site_dir, file, anchor):
    url = file.removeprefix("docs/").removesuffix(".md").removesuffix("index") + "/"
    url = "" if url == "/" else url
    assert check_link(site_dir, f"{url}#{anchor}") is None, f"{file}: required heading id {anchor!r} is missing"


def markdown_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "assets" not in p.relative_to(DOCS).parts)


@pytest.mark.parametrize("path", markdown_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_front_matter_is_valid(path):
    """A front matter YAML cannot read (e.g. an unquoted ': ' in the description) is
    silently rendered as a rule and a heading, and the page falls back to the
    site-wide description."""
    yaml = pytest.importorskip("yaml")  # PyYAML comes with MkDocs
    meta, _ = front_matter_and_body(path)
    assert meta, f"{path.name}: no front matter"
    try:
        data = yaml.safe_load(meta)
    except yaml.YAMLError as exc:
        pytest.fail(f"{path.relative_to(ROOT)}: front matter is not valid YAML (quote the description?): {exc}")
    assert isinstance(data, dict) and isinstance(data.get("description"), str) and data["description"].strip(), (
        f"{path.relative_to(ROOT)}: front matter needs a description"
    )


@pytest.mark.parametrize("path", guide_articles(), ids=lambda p: p.name)
def test_article_length(path):
    meta, body = front_matter_and_body(path)
    assert re.search(r"^description:\s*\S", meta, re.M), f"{path.name}: no description in the front matter"
    n = body_words(body)
    assert MIN_WORDS <= n <= MAX_WORDS, f"{path.name}: {n} words of body text, want {MIN_WORDS}-{MAX_WORDS}"


@pytest.mark.parametrize("path", guide_articles(), ids=lambda p: p.name)
def test_article_structure(path):
    _, body = front_matter_and_body(path)
    assert len(re.findall(r"^# \S", body, re.M)) == 1, f"{path.name}: needs exactly one H1"
    headings = re.findall(r"^(#{1,6}) (.+)$", body, re.M)
    assert headings, f"{path.name}: no headings"
    level, text = headings[-1]
    assert level == "##" and re.fullmatch(r"What to do this week\s*\{#this-week\}", text.strip()), (
        f"{path.name}: must end with '## What to do this week {{#this-week}}', last heading is {level} {text!r}"
    )
    tail = body.split("{#this-week}", 1)[1]
    bullets = re.findall(r"^\s*(?:[-*]|\d+\.) \S", tail, re.M)
    assert 3 <= len(bullets) <= 5, f"{path.name}: 'What to do this week' has {len(bullets)} bullet actions, want 3-5"


@pytest.mark.parametrize("path", [p for p in guide_articles() if p.name not in NO_CITATION_NEEDED], ids=lambda p: p.name)
def test_article_cites_references(path):
    _, body = front_matter_and_body(path)
    assert re.search(r"\]\(\.\./references\.md#[\w-]+\)", body), f"{path.name}: cites no reference (link to ../references.md#id)"


def reference_links() -> list[tuple[str, str]]:
    found = []
    for path in sorted([*DOCS.rglob("*.md"), *(ROOT / "includes").glob("*.md")]):
        if path.name == "ARTICLE-PLAN.md":
            continue
        for ref in sorted(set(re.findall(r"references\.md#([\w-]+)", path.read_text(encoding="utf-8")))):
            found.append((path.relative_to(ROOT).as_posix(), ref))
    return found


@pytest.mark.parametrize("file,ref", reference_links())
def test_reference_link_resolves(site_dir, file, ref):
    assert check_link(site_dir, f"references/#{ref}") is None, f"{file}: references.md#{ref} is not a heading id"


# Sources the second-edition articles cite (CONTENT.md, "Second edition"); their anchors must exist
# on the references page before those articles land.
SECOND_EDITION_REFERENCES = {"bosquet-2007", "roberts-2021", "mcnulty-2020", "acog-2020", "goom-2019", "tanaka-2008",
                             "wilber-1996", "bushman-1997"}


def test_every_planned_reference_has_an_anchor(site_dir):
    ids = plan_reference_ids()
    assert len(ids) == 24 and len(set(ids)) == len(ids), ids
    assert SECOND_EDITION_REFERENCES <= set(ids), SECOND_EDITION_REFERENCES - set(ids)
    missing = [i for i in ids if check_link(site_dir, f"references/#{i}")]
    assert missing == [], f"references page lacks anchors: {missing}"


def test_word_counts_report():
    """Prints the word count of every article (see the report); never fails on its own."""
    rows = [(p.relative_to(DOCS).as_posix(), body_words(front_matter_and_body(p)[1]))
            for p in sorted(DOCS.rglob("*.md"))]
    assert rows
    print("\n".join(f"{n:6d}  {name}" for name, n in rows))


# =========================================================================== 5. originality

def test_originality():
    if not ORIGINALITY.exists():
        pytest.skip(f"{ORIGINALITY} not found: the shared/ folder is not beside the repository")
    result = subprocess.run([sys.executable, str(ORIGINALITY), "docs", "guide_engine", "includes"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"copied text found:\n{result.stdout[-4000:]}{result.stderr[-2000:]}"


# =========================================================================== 6. safety note

PAIN = re.compile(r"\bpain(s|ful)?\b", re.I)


@pytest.mark.parametrize("url", html_pages())
def test_pain_pages_carry_safety_note(site_dir, url):
    page = load_page(page_file(site_dir, url))
    must = url in ("guide/pain-and-injury/", "tools/quiz/", "tools/weekly-checklist/")
    if not must and not PAIN.search(page.text):
        return
    assert PAIN.search(page.text), f"{url}: expected to talk about pain"
    notes = [classes for classes, title in page.admonitions if title == SAFETY_TITLE]
    assert notes, f"{url or 'home'} mentions pain but lacks the safety note ('{SAFETY_TITLE}')"
    assert any("danger" in classes.split() for classes in notes), f"{url}: the safety note must be a danger admonition"
    targets = {site_url_of(url, href) for href in page.anchors}
    assert RED_FLAGS in targets, f"{url or 'home'} mentions pain but has no link to {RED_FLAGS}"


# =========================================================================== 7. abbreviations

def abbreviation_terms() -> list[str]:
    """RPE and ACWR (required), plus every other term in includes/abbreviations.md."""
    defined = re.findall(r"^\*\[([^\]]+)\]:", (ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8"), re.M)
    assert {"RPE", "ACWR"} <= set(defined), "includes/abbreviations.md must define RPE and ACWR"
    return ["RPE", "ACWR", *sorted(set(defined) - {"RPE", "ACWR"})]


@pytest.mark.parametrize("url", html_pages())
def test_abbreviations_explained(site_dir, url):
    """Every use of RPE, ACWR (and the other defined terms) in an article's text sits in <abbr title>."""
    page = load_page(page_file(site_dir, url))
    problems = []
    for term in abbreviation_terms():
        word = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")
        if not word.search(page.text):
            continue
        bare = len(word.findall(page.bare_text))
        if bare:
            problems.append(f"{bare} use(s) of {term} outside <abbr title=...>")
        elif not any(text == term and title.strip() for text, title in page.abbrs):
            problems.append(f"no <abbr title> for {term}")
    assert problems == [], f"{url or 'home'}: {'; '.join(problems)}"
