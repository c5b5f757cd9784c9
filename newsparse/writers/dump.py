"""The dump form: an article written back out in the canonical layout (docs/format.md).

The generator knows nothing of parsing. It writes, line by line::

     date <ISO date> <URL as found in the header>
    <blank>
    <headline>
    <blank>
    <lead paragraph>                   (only when the article has a lead)
    <blank>
    <image URL>, one per line          (only when the article has images)
    <blank>
    <body paragraphs, a blank line between each>

The body repeats the lead at its start, as in the seed. An article with no
body ends after its headline (or lead, or images). Records are separated by
one blank line, and the text ends with exactly one newline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsparse.writers.base import StreamWriter

if TYPE_CHECKING:
    from newsparse.model import Article


def header_line(article: Article) -> str:
    """The header: a leading space, ``date``, the ISO date and the URL as it was given.

    The URL is the original one, so that parsing the header again gives back both
    ``original_url`` and the ``url`` normalized from it.
    """
    return f" date {article.date} {article.original_url}"


def dump_lines(article: Article) -> list[str]:
    """The lines of one record, without line endings and without a trailing blank line."""
    blocks: list[list[str]] = [[header_line(article)], [article.headline]]
    if article.lead is not None:
        blocks.extend([paragraph] for paragraph in article.lead.split("\n\n"))
    if article.images:
        blocks.append(list(article.images))
    blocks.extend([paragraph] for paragraph in article.paragraphs)
    lines = blocks[0]
    for block in blocks[1:]:
        lines.append("")
        lines.extend(block)
    return lines


def render_dump(article: Article) -> str:
    """One article as a canonical dump record, ending with one newline."""
    return "\n".join(dump_lines(article)) + "\n"


class DumpWriter(StreamWriter):
    """Writes articles as one dump file: records in order, one blank line between them."""

    def render(self, article: Article) -> str:
        return ("\n" if self.count else "") + render_dump(article)
