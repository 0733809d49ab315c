"""XML from the network parsed safely: no entity is ever expanded or fetched.

An XML document that declares entities (``<!ENTITY``: XXE reading local files or URLs, the
"billion laughs" expansion) is refused before any parser sees it: defusedxml parses it with
entities forbidden, and a document too malformed for that parse is still refused when its
DOCTYPE declares an entity (readers/feeds.py's check). No news feed or sitemap needs them.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from crosswire.readers.feeds import declares_entities

REFUSED = "refused: the XML declares entities (<!ENTITY>), as XXE and entity expansion attacks do"


XML_ERRORS = (DefusedXmlException, ParseError)  # what a defusedxml parse raises


def xml_problem(error: DefusedXmlException | ParseError) -> str:
    """what a defusedxml parse raised -> the reason in words: refused (an entity or a DTD it
    forbids) or malformed."""
    if isinstance(error, DefusedXmlException):
        return f"{REFUSED} ({type(error).__name__})"
    return f"malformed XML ({error})"


def parse_xml(data: bytes) -> Element | str:
    """XML bytes -> its root element; the reason in words when it is refused or malformed."""
    if declares_entities(data):
        return REFUSED
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except XML_ERRORS as error:
        return xml_problem(error)


def xml_refusal(data: bytes) -> str | None:
    """XML bytes -> why they are refused (entities declared), or None: malformed XML is not
    refused here (a lenient parser such as feedparser may still read it)."""
    parsed = parse_xml(data)
    return parsed if isinstance(parsed, str) and parsed.startswith(REFUSED) else None
