"""Two builds of the same tree are byte-identical (the sitemap's dates aside)."""

from __future__ import annotations

import filecmp
from pathlib import Path

from .sitebuild import make_project, mkdocs_build

DATED = {"sitemap.xml", "sitemap.xml.gz"}


def _files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name not in DATED
    }


def test_two_builds_are_identical(tmp_path: Path) -> None:
    """Two fresh copies of the project (as two clones would be), built one after the other."""
    sites = []
    for name in ("p1", "p2"):
        project = make_project(tmp_path / name)
        r = mkdocs_build(project)
        assert r.returncode == 0, r.stderr[-2000:]
        sites.append(project / "site")
    first, second = _files(sites[0]), _files(sites[1])
    assert first.keys() == second.keys()
    differ = [k for k in first if first[k] != second[k]]
    assert differ == [], differ[:10]
    docx = Path("corpus") / "templates" / "training.docx"
    assert filecmp.cmp(sites[0] / docx, sites[1] / docx, shallow=False)
