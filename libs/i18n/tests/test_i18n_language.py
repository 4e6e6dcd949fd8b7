import pytest

from shequ.contracts.errors import BlankField
from shequ.contracts.messages import N_
from shequ.i18n import language_of, negotiate, render, translate


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "zh"),
        ("", "zh"),
        ("*", "zh"),
        ("fr-FR, de;q=0.9", "zh"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("zh;q=0.4, en", "en"),
        ("en;q=0, zh", "zh"),
        ("en;q=abc", "zh"),
        ("EN-gb", "en"),
    ],
)
def test_chinese_unless_english_is_preferred(header: str | None, language: str) -> None:
    assert negotiate(header) == language


def test_a_lang_option_names_either_language() -> None:
    assert [language_of(v) for v in ("en", "en-US", "zh-CN", "zh", "xx")] == [
        "en",
        "en",
        "zh",
        "zh",
        "zh",
    ]


def test_a_refusal_is_shown_in_either_language_with_its_words_translated() -> None:
    # "Error" stands for a field's name: any marked text is translated inside another.
    blank = BlankField("reason", N_("Error"))

    assert [
        render(blank.template, blank.params, "zh"),
        render(blank.template, blank.params, "en"),
        blank.message,
    ] == ["错误不能为空", "Error must not be blank", "Error must not be blank"]


def test_a_text_without_a_translation_is_shown_in_english() -> None:
    assert [
        translate("a text nobody marked", "zh"),
        render("{n} things nobody marked", {"n": 3}, "zh"),
    ] == ["a text nobody marked", "3 things nobody marked"]
