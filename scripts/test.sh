#!/usr/bin/env bash
# 一条命令：建虚拟环境、装依赖（含测试依赖）、装 Chromium 和中文字体（Debian 包）、跑全部测试。
# 用法：bash scripts/test.sh [pytest 参数…]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
venv_setup test

# Browser tests drive Debian's chromium; screenshots need a CJK font.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qiE "noto (sans|serif) cjk|wqy" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "安装 ${need[*]} …"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
# pytest exits 5 when no test was collected: that is a failure here, say so plainly.
if [ "$status" -eq 5 ]; then
  echo "没有收集到任何测试（pytest 退出码 5）" >&2
  exit 1
fi
exit "$status"
