#!/usr/bin/env bash
# 一条命令：建虚拟环境、装依赖、从 seeds/ 生成并启动站点（http://127.0.0.1:8000）。
# 用法：bash scripts/serve.sh            # 构建并预览
#       bash scripts/serve.sh build      # 只构建到 site/（mkdocs build --strict）
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
if [ "${1:-serve}" = "build" ]; then
  exec .venv/bin/mkdocs build --strict
fi
exec .venv/bin/mkdocs serve --strict -a "${SPEECHGUIDE_ADDR:-127.0.0.1:8000}"
