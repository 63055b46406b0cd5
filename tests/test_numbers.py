import pytest

from speechguide.textutil import cn_number, to_simplified


@pytest.mark.parametrize(
    ("s", "n"),
    [
        ("一", 1),
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("九十九", 99),
        ("两", 2),
        ("3", 3),
        ("１２", 12),
        ("几", None),
        ("百", None),
        ("二二十", None),
    ],
)
def test_cn_number(s: str, n: int | None) -> None:
    assert cn_number(s) == n


def test_to_simplified_keeps_length() -> None:
    t = "同志們：我講三點意見。"
    s = to_simplified(t)
    assert s == "同志们：我讲三点意见。" and len(s) == len(t)
