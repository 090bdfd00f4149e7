#!/usr/bin/env bash
# Installs what OCR of scanned pages needs (rag/ocr) on Debian: poppler-utils (pdftoppm renders a
# page), tesseract-ocr and tesseract-ocr-eng (reads it). Idempotent: does nothing when both programs
# and the English data are there. Needs root (apt-get). Run it on every node with the ingest role.
set -euo pipefail
if command -v pdftoppm >/dev/null 2>&1 && command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx eng; then
  echo "install-ocr: pdftoppm and tesseract (eng) already installed: $(tesseract --version 2>&1 | head -n 1)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends poppler-utils tesseract-ocr tesseract-ocr-eng >/dev/null
echo "install-ocr: installed $(tesseract --version 2>&1 | head -n 1)"
