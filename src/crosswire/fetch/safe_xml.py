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


def parse_xml(data: bytes) -> Element | str:
    """XML bytes -> its root element; the reason in words when it is refused or malformed."""
    if declares_entities(data):
        return REFUSED
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        return f"{REFUSED} ({type(error).__name__})"
    except ParseError as error:
        return f"malformed XML ({error})"


def xml_refusal(data: bytes) -> str | None:
    """XML bytes -> why they are refused (entities declared), or None: malformed XML is not
    refused here (a lenient parser such as feedparser may still read it)."""
    parsed = parse_xml(data)
    return parsed if isinstance(parsed, str) and parsed.startswith(REFUSED) else None
