#!/usr/bin/env bash
# Makes the workbook fixtures of this folder with a real spreadsheet program, LibreOffice
# headless (Debian's `libreoffice-calc-nogui`), from the sources in src/ (flat OpenDocument,
# .fods, written by hand: each cell's type, number format, formula, merge and hidden row is
# stated there):
#   src/NAME.fods  -> NAME.xlsx and NAME.ods   (Calc's Excel 2007-365 and ODF writers)
#                                              (src/lists.fods: a units' sheet and a sheet per list;
#                                              src/wushen-2024.fods: tests/facts/wushen-2024*.csv as
#                                              one workbook, the example the page's browser test uploads)
#   src/gbk.fods   -> gbk.csv                  (plain "CSV", code page 936 = GBK, values as shown)
#   units.xlsx     -> encrypted.xlsx           (the same workbook with a password to open, by
#                                               msoffcrypto-tool, as Excel encrypts it)
# Run it again after changing a source: `bash tests/xlsx/make.sh`. The outputs are committed,
# so the tests need no LibreOffice, except the one that opens what rulecheck writes
# (crates/rulecheck/tests/xlsx.rs).
set -euo pipefail
cd "$(dirname "$0")"
command -v soffice >/dev/null || { echo "make.sh needs LibreOffice: apt-get install libreoffice-calc-nogui" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A profile of its own, so that a running LibreOffice is not disturbed.
lo() { soffice -env:UserInstallation=file://"$work"/profile --headless "$@" >/dev/null 2>&1; }
for src in src/*.fods; do
  name=$(basename "$src" .fods)
  lo --convert-to xlsx --outdir "$work" "$src"
  lo --convert-to ods --outdir "$work" "$src"
  cp "$work/$name.xlsx" "$work/$name.ods" .
done
# 44 = comma, 34 = double quote, 61 = code page 936 (GBK), 1 = from the first line.
lo --convert-to 'csv:Text - txt - csv (StarCalc):44,34,61,1' --outdir "$work" src/gbk.fods
cp "$work/gbk.csv" gbk.csv
rm -f gbk.xlsx gbk.ods
if ! python3 -c 'import msoffcrypto' 2>/dev/null; then
  python3 -m pip install --quiet msoffcrypto-tool
fi
python3 -m msoffcrypto.cli -e -p secret units.xlsx encrypted.xlsx 2>/dev/null \
  || msoffcrypto-tool -e -p secret units.xlsx encrypted.xlsx
ls -l ./*.xlsx ./*.ods ./*.csv
