#!/usr/bin/env bash
# 一条命令：建虚拟环境、装依赖、从 seeds/ 生成并启动站点（http://127.0.0.1:8000）。
# 用法：bash scripts/serve.sh            # 构建并预览；改动 seeds/ 里的文件会自动重建（100 篇几秒）
#       bash scripts/serve.sh fast       # 同上，但改动后只重建变了的页面（上千篇讲话时用；
#                                        #   新增讲话后其他页面的导航要重启才更新）
#       bash scripts/serve.sh build      # 只构建到 site/（mkdocs build --strict）
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
venv_setup  # the argument of serve.sh is its mode, not an extra to install
addr="${SPEECHGUIDE_ADDR:-127.0.0.1:8000}"
case "${1:-serve}" in
  build) exec .venv/bin/mkdocs build --strict ;;
  fast) exec .venv/bin/mkdocs serve --dirty -a "$addr" ;;
  serve) exec .venv/bin/mkdocs serve -a "$addr" ;;
  *) echo "用法：bash scripts/serve.sh [serve|fast|build]（不认识“$1”）" >&2; exit 2 ;;
esac
