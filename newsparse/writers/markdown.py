"""Markdown: YAML front matter, then the headline, image and body as CommonMark.

Text is escaped so that nothing in an article turns into Markdown syntax or
live HTML: a body line starting with ``#`` stays text, ``<script>`` stays text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from newsparse.display import UNSAFE
from newsparse.writers.base import PieceWriter

if TYPE_CHECKING:
    from newsparse.model import Article

# Characters that can start inline Markdown or HTML anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>&!|~])")
# What turns a line into a block: heading, quote, list, thematic break, setext, fence.
_BLOCK_START = re.compile(r"^([#>+=-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def escape_inline(text: str) -> str:
    """Escape text for one Markdown paragraph so it renders as exactly that text.

    Whitespace is folded first: a Markdown paragraph cannot hold line breaks or
    leading indentation (they would start code blocks, lists or headings).
    """
    text = " ".join(text.split())
    text = _INLINE.sub(r"\\\1", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)


def escape_heading(text: str) -> str:
    """Escape text for an ATX heading (a trailing ``#`` would close it)."""
    return escape_inline(text).replace("#", "\\#")


def _destination_char(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8", "surrogatepass"))


# What must not appear raw in a link destination, even inside <...>: '<' and '>' (they
# end it or open HTML), '\\' (inside <...> it escapes the next character, the closing
# '>' too), every whitespace (a line break ends the link; others are not URL
# characters), and every character display() escapes (controls, bidi overrides,
# separators, non-characters). Each is percent-encoded from its UTF-8 bytes, as a
# browser would send it.
_DESTINATION_UNSAFE = re.compile(r"[<>\\\s" + UNSAFE[1:-1] + "]")


def _destination(url: str) -> str:
    return "<" + _DESTINATION_UNSAFE.sub(_destination_char, url) + ">"


def front_matter(article: Article) -> dict[str, Any]:
    """The metadata written above each article, as plain JSON values."""
    data = article.to_dict()
    return {
        "title": data["headline"],
        "date": data["date"],
        "url": data["url"],
        "source": data["source"],
        "image": data["image"],
        "id": data["id"],
    }


def dump_yaml(data: dict[str, Any]) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(
        data,
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        width=2**31 - 1,
        default_flow_style=False,
    )
    return text


def render_markdown(article: Article) -> str:
    """One article as a Markdown document with front matter."""
    parts = [
        f"---\n{dump_yaml(front_matter(article))}---",
        f"# {escape_heading(article.headline)}",
    ]
    if article.image:
        parts.append(f"![{escape_inline(article.headline)}]({_destination(article.image)})")
    parts.extend(escape_inline(paragraph) for paragraph in article.paragraphs if paragraph.strip())
    return "\n\n".join(parts) + "\n"


class MarkdownWriter(PieceWriter):
    def piece(self, article: Article) -> bytes:
        return render_markdown(article).encode("utf-8")

    def separator(self) -> bytes:
        return b"\n" if self.count else b""
