"""Rule settings, Vale-style, from a `.speechguide.yml` beside the draft (or in the working
folder): `rules: {rule-id: off|on|error|warning|info}`."""

from __future__ import annotations

from pathlib import Path

import yaml

from .model import load_rules


def load_config(path: Path | None) -> dict[str, str]:
    if path is None or not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, str] = {}
    known = {r.id for r in load_rules()}
    for rid, value in (data.get("rules") or {}).items():
        value = "off" if value is False else "on" if value is True else str(value)
        if rid not in known:
            raise ValueError(f"“{path.name}”：没有名为“{rid}”的规则。")
        if value not in ("off", "on", "error", "warning", "info"):
            raise ValueError(
                f"“{path.name}”：规则“{rid}”的设置应是 off、on、error、warning 或 info，现在是“{value}”。"
            )
        out[rid] = value
    return out


def find_config(file: Path) -> Path | None:
    for d in (file.resolve().parent, Path.cwd()):
        p = d / ".speechguide.yml"
        if p.is_file():
            return p
    return None
