"""NP4xx: encoding and file (reading, decoding, compression)."""

from __future__ import annotations

from newsparse.codes.rule import Rule

NOT_UTF8 = Rule(
    "NP401",
    "not-utf8",
    "warning",
    "File is not UTF-8",
    "Dumps should be UTF-8. newsparse detects UTF-16 and legacy single-byte encodings "
    "(cp1252, latin-1, cp1251, ...) and decodes them, but detection is a guess; "
    "`newsparse fmt` rewrites the file as UTF-8.",
    "<a cp1252 file>",
    "<the same file in UTF-8>",
)

BYTE_ORDER_MARK = Rule(
    "NP402",
    "byte-order-mark",
    "warning",
    "File starts with a byte-order mark",
    "A UTF-8 byte-order mark is harmless to newsparse but trips up other tools. "
    "`newsparse fmt` removes it.",
    "\\xef\\xbb\\xbf date 2026-01-23 https://...",
    " date 2026-01-23 https://...",
)

LINE_ENDINGS = Rule(
    "NP403",
    "line-endings",
    "warning",
    "File uses CRLF or CR line endings",
    "The canonical form uses LF. newsparse reads CRLF and lone CR; `newsparse fmt` rewrites them.",
    "Headline\\r\\n",
    "Headline\\n",
)

BINARY_FILE = Rule(
    "NP404",
    "binary-file",
    "error",
    "File is binary or cannot be read",
    "The file holds binary data (an image, an archive of another kind), cannot be opened, "
    "or is not a regular file. It is skipped and reported.",
    "<a PNG image in the dump folder>",
    "<only dump files in the dump folder>",
)

INVALID_BYTES = Rule(
    "NP405",
    "invalid-bytes",
    "error",
    "Bytes that are not valid in the file's encoding",
    "A UTF-8 file with an invalid byte sequence in it. The bytes are replaced with "
    "U+FFFD so that the rest of the line survives; the source should be repaired.",
    "caf\\xe9 in an otherwise UTF-8 file",
    "caf\\xc3\\xa9",
)

CORRUPT_COMPRESSION = Rule(
    "NP406",
    "corrupt-compression",
    "error",
    "Compressed file is truncated or corrupt",
    "A `.gz`, `.bz2` or `.xz` file that ends early or is not what its name says. "
    "Records read before the damage are kept; the rest of the file is lost.",
    "<a .gz file cut off in the middle>",
    "<a complete .gz file>",
)
