"""NP6xx: outputs (convert and fmt: names, existing files, writes)."""

from __future__ import annotations

from newsparse.codes.rule import Rule

OUTPUT_NAME_CLASH = Rule(
    "NP601",
    "output-name-clash",
    "error",
    "Two inputs would be written under the same output name",
    "Each input owns its output names (`story.json`, `story.1.json`, ...). A later input "
    "whose names are taken (`story.txt` then `story.txt.gz`) or could meet another's "
    "(`story.1.txt` next to `story.txt`) is reported and not written, never overwritten.",
    "dumps/a.txt and dumps/a.txt.gz",
    "one of them renamed or excluded",
)

OUTPUT_DIFFERS = Rule(
    "NP602",
    "output-differs",
    "error",
    "An existing output differs and was not replaced",
    "`newsparse convert` never replaces an output that differs from what it would write "
    "unless `--overwrite` is given. Identical outputs are left alone.",
    "out/a.json edited by hand",
    "newsparse convert ... --overwrite",
)

OUTPUT_WRITE_FAILED = Rule(
    "NP603",
    "output-write-failed",
    "error",
    "An output could not be written",
    "The output folder cannot be created or written (permissions, disk full, a file "
    "where a folder should be), or it leads outside OUTDIR through a symbolic link; or "
    "the output name is taken by a symbolic link, a FIFO, a device or a folder. newsparse "
    "never writes through a link or into a special file there, and never replaces one.",
    "out/sub -> /etc, out/a.json -> /dev/tty",
    "a plain folder, and no links at output names",
)

CHANGED_WHILE_READ = Rule(
    "NP604",
    "changed-while-read",
    "error",
    "The file changed while it was being formatted, and was left as it is",
    "`newsparse fmt` checks, just before it replaces a file, that the file is still the "
    "one it read: same inode, size, modification and change times. A file that was "
    "appended to, rewritten, replaced or chmod-ed meanwhile is left alone, so that "
    "nothing another program wrote is lost. Run `fmt` again once the writer is done.",
    "a crawler appends to dumps/today.txt while fmt runs",
    "newsparse fmt dumps/today.txt  (after the crawler is done)",
)

HARD_LINKED_FILE = Rule(
    "NP605",
    "hard-linked-file",
    "error",
    "The file has several hard links, and was left as it is",
    "`newsparse fmt` replaces a file with a rename, which would split it from its other "
    "names: they would keep the old text. A file with more than one link that would "
    "change is reported and left alone. Format one copy and link it again, or break "
    "the link on purpose (`cp --remove-destination`).",
    "dumps/a.txt and backup/a.txt are one file (ln)",
    "one name per file, or a symbolic link",
)

READ_ONLY_FILE = Rule(
    "NP606",
    "read-only-file",
    "error",
    "The file is read-only, and was left as it is",
    "`newsparse fmt` does not rewrite a file the user cannot write, nor one with no "
    "write permission bit at all (that marks it read-only, even for root), although "
    "replacing it through its folder would be possible.",
    "chmod 444 dumps/a.txt",
    "chmod u+w dumps/a.txt, then newsparse fmt dumps/a.txt",
)

METADATA_NOT_KEPT = Rule(
    "NP607",
    "metadata-not-kept",
    "error",
    "The file's owner, group or extended attributes could not be kept, so it was left as it is",
    "A file replaced by `newsparse fmt` or `convert --overwrite` keeps its owner, group, "
    "mode and extended attributes (ACLs included). When this user may not give the new "
    "file the same owner or group (only root can give a file to someone else), or an "
    "attribute cannot be set, the file is left alone rather than changed behind its "
    "owner's back.",
    "alice runs fmt on a file owned by bob in a shared folder",
    "bob runs fmt on it (or root does)",
)

UNFORMATTABLE_FILE = Rule(
    "NP608",
    "unformattable-file",
    "error",
    "The file's formatted text would not read back the same, so it was left as it is",
    "Before `newsparse fmt` replaces a file, it reads the formatted text back as a file "
    "and compares the result with what it formatted. When the two differ, the file is "
    "left exactly as it was and reported. Each record formatted cleanly on its own; it is "
    "the file as a whole that would read otherwise: control characters kept in a text "
    "fragment, for instance, make UTF-8 text look like a binary file.",
    "a fragment of control characters before the first record of a UTF-16 file",
    "the fragment removed by hand, then newsparse fmt",
)

LINK_OUTSIDE_FOLDER = Rule(
    "NP609",
    "link-outside-folder",
    "error",
    "The file is a symbolic link out of the folder being formatted, and was left as it is",
    "`newsparse fmt FOLDER` rewrites the files inside FOLDER. A file reached through a "
    "symbolic link (to the file, or to a folder on its way) whose real place is outside "
    "FOLDER belongs to someone else's tree: it is reported and left as it is, so that "
    "formatting one archive never rewrites another. A link named on the command line is "
    "still followed, and `fmt --check` still checks such a file.",
    "dumps/shared -> /srv/other-archive, with newsparse fmt dumps/",
    "newsparse fmt /srv/other-archive  (named on its own), or the link excluded",
)
