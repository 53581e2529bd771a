#!/usr/bin/env bash
# Render a socialfit report in headless Chromium and write a PNG: proof that the page renders in a
# real browser without network access. Run by hand (not in CI):
#
#   scripts/screenshot_report.sh [ANSWERS] [OUT.png] [WIDTH] [HEIGHT]
#
# Defaults: data/samples/example_answers.yaml, out/report.png (git ignores out/), 1100 x 2000. The report is written
# to a temporary folder first (socialfit report ... -o), so the PNG shows what a user would get.
# Needs Debian's `chromium` package (apt-get install chromium) and socialfit: the project venv (.venv),
# else the socialfit and python on PATH (an activated environment).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
answers="${1:-$root/data/samples/example_answers.yaml}"
out="${2:-$root/out/report.png}"
width="${3:-1100}"
height="${4:-2000}"
lang="${SOCIALFIT_REPORT_LANG:-}"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
  echo "screenshot_report.sh: chromium not found; install it with: apt-get install chromium" >&2
  exit 1
fi

bin="$root/.venv/bin"
[[ -x "$bin/socialfit" ]] || bin="$(dirname "$(command -v socialfit || echo /nonexistent/socialfit)")"
if [[ ! -x "$bin/socialfit" ]]; then
  echo "screenshot_report.sh: socialfit not found; run make run (or activate the environment) first" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
report="$work/report.html"
"$bin/socialfit" report "$answers" -o "$report" ${lang:+--lang "$lang"}

mkdir -p "$(dirname "$out")"
# A fresh, empty profile; no network, no background services: the page must render from the file alone.
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="$width,$height" --screenshot="$out" "file://$report" >"$work/chromium.log" 2>&1 || {
    cat "$work/chromium.log" >&2
    exit 1
  }
[[ -s "$out" ]] || { echo "screenshot_report.sh: no screenshot written" >&2; cat "$work/chromium.log" >&2; exit 1; }
# Keep the committed picture small: a 256-colour palette (Pillow comes with matplotlib).
"$bin/python" -c "
import sys
from PIL import Image
Image.open(sys.argv[1]).convert('RGB').quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(sys.argv[1], optimize=True)
" "$out"
echo "Wrote $out ($(stat -c %s "$out") bytes)" >&2
