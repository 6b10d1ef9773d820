#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (playwright-core cannot download a browser here) and
# need CJK fonts, or every Chinese character renders as a box. The document tests convert a .docx
# to PDF with LibreOffice (headless Writer) and render page 1 with poppler. `npm test` runs this
# first, so the test command works on a fresh machine with nothing installed by hand.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then as_root=(); elif sudo -n true 2>/dev/null; then as_root=(sudo -n); else
  echo "测试需要 Debian 软件包：${missing[*]}。请以 root 运行：apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "正在安装测试需要的软件包：${missing[*]}（只需一次）" >&2
export DEBIAN_FRONTEND=noninteractive
# Another install on the same machine holds the dpkg lock for a while: wait for it rather than fail.
"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
