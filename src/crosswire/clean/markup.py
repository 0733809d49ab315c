"""Page markup evidence for extracted paragraphs: which of them are reader comments, photo
captions or teasers that the main-text extractor let through.

Each paragraph of the extraction is found again in the page (the innermost element with its
text) and judged by where it sits and what it is:

- in a container the markup names as a comment thread (schema.org ``Comment``, an id, class or
  data attribute with a comment token: ``comments``, ``disqus_thread``, ``UserComments``), a
  caption (``figcaption``, ``figure``, a ``caption``/``credit`` token) or a teaser block
  (``aside``, ``nav``, a ``related``/``promo``/``recirc``/``most-read`` token);
- a link to another page standing as its own paragraph: a run of them, one in a list, or one
  behind a teaser label ("Related: <a>...</a>").

A container that also holds the article's lead paragraph is not furniture, whatever its
name says (a page's whole body can carry a "comments-open" class). Paragraphs that are not
found in the markup are kept.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from itertools import pairwise

from lxml.html import HtmlElement

from crosswire.clean import cues

LOG = logging.getLogger(__name__)

_ATTRS = ("id", "class", "data-testid", "data-component", "data-module", "data-type", "role",
          "aria-label", "itemprop")
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def _words(text: str) -> frozenset[str]:
    """space-separated words -> their set."""
    return frozenset(text.split())


COMMENT_TOKENS = _words(
    "comment comments commentlist disqus dsq discussion discussions replies respond "
    "usercomments kommentar kommentare commentaire commentaires comentario comentarios "
    "commenti reacties komentarze"
)
CAPTION_TOKENS = _words(
    "caption captions figcaption credit credits photocredit imagecredit copyright"
)
TEASER_TOKENS = _words(
    "related recirc recirculation promo promos teaser teasers readmore trending popular "
    "recommended recommendations recommendation outbrain taboola carousel rail sidebar "
    "complementary navigation newsletter signup"
)
TEASER_PAIRS = frozenset(
    {("more", "stories"), ("more", "from"), ("read", "more"), ("also", "read"), ("most", "read"),
     ("most", "viewed"), ("see", "also"), ("more", "news"), ("top", "stories"),
     ("sign", "up"), ("more", "on")}
)
_TAG_KIND = {"figcaption": "caption", "figure": "caption", "caption": "caption",
             "aside": "teaser", "nav": "teaser"}
_BLOCKS = _words(
    "p li dd dt td th h1 h2 h3 h4 h5 h6 blockquote figcaption caption pre div section article "
    "aside header footer center"
)
MAX_SEARCHED = 1_000_000_000  # characters of article text searched for a region's other blocks
LINKED = 0.8  # share of a paragraph's characters inside links to other pages: a link
LABELLED = 0.5  # the same, for a paragraph behind a teaser label ("Related: <a>...</a>")
MAX_LINK_TOKENS = 30
LEAD_TOKENS = 25


def _norm(text: str) -> str:
    """text -> whitespace-collapsed."""
    return " ".join(text.split())


def attribute_words(element: HtmlElement) -> list[str]:
    """element -> lower-cased word tokens of its id, class and data attributes, in order
    ("StoryBodyCompanion" -> story, body, companion; "disqus_thread" -> disqus, thread)."""
    return [t.lower() for name in _ATTRS for t in _CAMEL.findall(element.get(name) or "")]


def container_kind(element: HtmlElement) -> str | None:
    """element -> "comment", "caption" or "teaser" when its tag or attributes name it so."""
    if not isinstance(element.tag, str):
        return None
    kind = _TAG_KIND.get(element.tag)
    if kind:
        return kind
    itemtype = (element.get("itemtype") or "") + " " + (element.get("itemprop") or "")
    if re.search(r"(?i)(?:^|[/\s])(?:user)?comments?\b", itemtype):
        return "comment"
    words = attribute_words(element)
    tokens = set(words)
    if tokens & COMMENT_TOKENS:
        return "comment"
    if tokens & CAPTION_TOKENS:
        return "caption"
    if tokens & TEASER_TOKENS or any(pair in TEASER_PAIRS for pair in pairwise(words)):
        return "teaser"
    return None


class PageIndex:
    """The elements of a page by their text, to find an extracted paragraph's source."""

    def __init__(self, tree: HtmlElement) -> None:
        self.exact: dict[str, HtmlElement] = {}
        self.prefix: dict[str, HtmlElement] = {}
        for element in tree.iter():  # document order: an inner element overwrites its parent
            if not isinstance(element.tag, str) or element.tag in ("script", "style"):
                continue
            text = _norm(element.text_content())
            if 0 < len(text) <= 5000:
                self.exact[text] = element
                if len(text) >= 60:
                    self.prefix[text[:60]] = element

    def find(self, paragraph: str) -> HtmlElement | None:
        """extracted paragraph -> the innermost element with that text (or text opening with
        it), or None."""
        text = _norm(re.sub(r"^[-•*]\s+", "", paragraph))
        found = self.exact.get(text)
        if found is None and len(text) >= 60:
            found = self.prefix.get(text[:60])
        return found


def _block(element: HtmlElement) -> HtmlElement:
    """element -> itself or its nearest block-level ancestor."""
    node: HtmlElement | None = element
    while node is not None and node.tag not in _BLOCKS:
        node = node.getparent()
    return node if node is not None else element


def link_share(element: HtmlElement) -> float:
    """element -> share of its text inside links to other pages (not "#" anchors)."""
    text = len(_norm(element.text_content()))
    if not text:
        return 0.0
    anchors = [element] if element.tag == "a" else element.iter("a")
    linked = sum(
        len(_norm(a.text_content()))
        for a in anchors
        if (a.get("href") or "").strip()[:1] not in ("", "#")
        and not (a.get("href") or "").lower().startswith(("javascript:", "mailto:"))
    )
    return min(1.0, linked / text)


def _ancestors(element: HtmlElement) -> list[HtmlElement]:
    """element -> itself and its ancestors, innermost first."""
    out = []
    node: HtmlElement | None = element
    while node is not None:
        out.append(node)
        node = node.getparent()
    return out


def marked_kind(element: HtmlElement, lead: HtmlElement | None) -> str | None:
    """element + the article's lead element -> the kind of the innermost marked container
    (itself or an ancestor) that does not also hold the lead, or None."""
    lead_line = set(_ancestors(lead)) if lead is not None else set()
    for node in _ancestors(element):
        if node.tag in ("body", "html"):
            return None
        kind = container_kind(node)
        if kind and node not in lead_line:
            return kind
    return None


def furniture(paragraphs: Sequence[str], index: PageIndex) -> list[str | None]:
    """extracted paragraphs + the page's index -> per paragraph, why it is not article text
    ("comment", "caption", "teaser", "teaser link", "comment section") or None."""
    elements = [index.find(p) for p in paragraphs]
    lead = _lead(paragraphs, elements)
    verdicts: list[str | None] = [
        marked_kind(element, lead) if element is not None and lead is not None else None
        for element in elements
    ]
    for i in _teaser_links(paragraphs, elements):
        verdicts[i] = verdicts[i] or "teaser link"
    for i, text in enumerate(paragraphs):
        verdicts[i] = verdicts[i] or cues.furniture_line(text)
    for i in cues.teaser_runs(paragraphs, [v is None for v in verdicts]):
        verdicts[i] = verdicts[i] or "teaser"
    spaced = [line for p in paragraphs for line in (p, "")]  # each paragraph is a block
    end = cues.comment_section_start(spaced, [v is None for v in verdicts for _ in (0, 1)])
    if end is not None:
        verdicts[end // 2 :] = [v or "comment section" for v in verdicts[end // 2 :]]
    return verdicts


def _teaser_links(
    paragraphs: Sequence[str], elements: Sequence[HtmlElement | None]
) -> list[int]:
    """-> indexes of the paragraphs that are links to other pages standing as teasers: behind
    a teaser label of their own ("Related: <a>...</a>"), or in a run of links that such a
    paragraph or a label opens, or in a run of two or more that no article prose follows; a
    short line ending in a colon that introduces such a run is its label."""
    shares: dict[HtmlElement, float] = {}  # link shares, each block's computed once
    linked = [_is_link(e, p, LINKED, shares) for e, p in zip(elements, paragraphs, strict=True)]
    behind = {i for i, (p, e) in enumerate(zip(paragraphs, elements, strict=True))
              if cues.teaser_label(p) and _is_link(e, p, LABELLED, shares)}
    out = set(behind)
    last_prose = next((k for k in range(len(paragraphs) - 1, -1, -1)
                       if cues.prose(paragraphs[k])), -1)
    i = 0
    while i < len(paragraphs):
        if not linked[i]:
            i += 1
            continue
        j = i
        while j < len(paragraphs) and linked[j]:
            j += 1
        label = i > 0 and (_label_like(paragraphs[i - 1]) or i - 1 in behind)
        labelled = label or any(cues.teaser_label(p) for p in paragraphs[i:j])
        last = j - i > 1 and last_prose < j  # no article prose after the run
        if labelled or last:
            out.update(range(i - 1 if label else i, j))
        i = j
    return sorted(out)


def _label_like(text: str) -> bool:
    """-> True for a short line introducing what follows ("Editors' picks:", "More:")."""
    return cues.label_only(text) or (len(cues.tokens(text)) <= 6 and text.rstrip().endswith(":"))


def _lead(paragraphs: Sequence[str], elements: Sequence[HtmlElement | None]) -> HtmlElement | None:
    """-> the element of the first paragraph of LEAD_TOKENS tokens or more that is found."""
    for text, element in zip(paragraphs, elements, strict=True):
        if element is not None and len(cues.tokens(text)) >= LEAD_TOKENS:
            return element
    return None


def _is_link(element: HtmlElement | None, text: str, share: float = LINKED,
             shares: dict[HtmlElement, float] | None = None) -> bool:
    """-> True for a short paragraph whose text is (nearly) all a link to another page
    (+ the link shares computed so far, kept: many paragraphs may share one block)."""
    if element is None or len(cues.tokens(text)) > MAX_LINK_TOKENS:
        return False
    known = {} if shares is None else shares
    for node in (_block(element), element):
        if node not in known:
            known[node] = link_share(node)
        if known[node] >= share:
            return True
    return False


_SKIP = ("script", "style", "noscript", "template", "svg", "button", "form", "select")


def block_text(element: HtmlElement) -> str:
    """element -> its visible text, pieces joined by spaces and whitespace-collapsed."""
    return _norm(" ".join(element.itertext()))


def _leaf_blocks(root: HtmlElement) -> list[HtmlElement]:
    """root -> the block elements under it that hold no other block element, in page order,
    leaving out scripts, styles and forms."""
    out = []
    for element in root.iter(*_BLOCKS):
        if any(a.tag in _SKIP for a in _ancestors(element)):
            continue
        if not any(d is not element and d.tag in _BLOCKS for d in element.iter(*_BLOCKS)):
            out.append(element)
    return out


def _common_ancestor(elements: Sequence[HtmlElement]) -> HtmlElement | None:
    """elements -> their innermost common ancestor, or None."""
    if not elements:
        return None
    common = _ancestors(elements[0])
    for element in elements[1:]:
        line = set(_ancestors(element))
        common = [a for a in common if a in line]
    return common[0] if common else None


def region_leftovers(body: Sequence[str], index: PageIndex) -> list[str]:
    """article paragraphs + the page's index -> the text blocks of the article's region (the
    innermost element holding all its paragraphs) that are not in the article: its captions,
    teasers, comments, byline, left out by the extraction. Nothing when the region is the
    whole page."""
    region = _common_ancestor([e for e in (index.find(p) for p in body) if e is not None])
    if region is None or region.tag in ("body", "html"):
        return []
    paragraphs = [_norm(p) for p in body]
    kept, whole = "\n".join(paragraphs), set(paragraphs)
    out: list[str] = []
    listed: set[str] = set()
    budget = MAX_SEARCHED
    for element in _leaf_blocks(region):
        text = block_text(element)
        if not text or text in whole or text in listed:
            continue
        budget -= len(kept)
        if budget < 0:  # each block is looked for in all the article's text
            LOG.warning("a %d-character article: the blocks of its region are listed only as "
                        "far as %d characters of search allow", len(kept), MAX_SEARCHED)
            break
        if text not in kept:
            out.append(text)
            listed.add(text)
    return out
