#!/usr/bin/env bash
# Makes the .docx fixtures of this folder with a real word processor, LibreOffice headless
# (Debian's `libreoffice-writer-nogui`), from the HTML sources in src/ (written by hand: cells
# merged down with `rowspan` become `w:vMerge`, across with `colspan` `w:gridSpan`, a header row
# restated in the middle stands for a table split over pages):
#   src/NAME.html -> docx/NAME.docx   (Writer's "MS Word 2007 XML" export)
# Run it again after changing a source: `bash tests/import/make.sh`. The outputs are committed,
# so the tests need no LibreOffice.
set -euo pipefail
cd "$(dirname "$0")"
command -v soffice >/dev/null || { echo "make.sh needs LibreOffice: apt-get install libreoffice-writer-nogui" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lo() { soffice -env:UserInstallation=file://"$work"/profile --headless "$@" >/dev/null 2>&1; }
for src in src/*.html; do
  name=$(basename "$src" .html)
  lo --infilter="HTML (StarWriter)" --convert-to 'docx:MS Word 2007 XML' --outdir "$work" "$src"
  cp "$work/$name.docx" docx/
done
