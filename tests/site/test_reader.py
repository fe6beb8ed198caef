"""Reader-facing fixes that need no browser: language tags, Chinese theme strings, relative switches."""

from __future__ import annotations

from mkdocs_handbook.reader import description, polish, root_prefix

PAGE = (
    '<html lang="zh" class="no-js"><a title="Permanent link">¶</a><label title="Switch to dark mode">'
    '<a href="/" hreflang="en" class="md-select__link">English</a>'
    '<a href="/zh/" hreflang="zh" class="md-select__link">中文</a>'
)


def test_chinese_pages_are_zh_hans_and_speak_chinese():
    out = polish(PAGE, "zh", "zh/")
    assert '<html lang="zh-Hans"' in out
    assert "Permanent link" not in out and "Switch to dark mode" not in out and "永久链接" in out


def test_language_switch_is_relative_under_any_sub_path():
    out = polish(PAGE, "zh", "zh/")
    assert 'href="../" hreflang="en"' in out and 'href="../zh/" hreflang="zh"' in out
    home = polish(PAGE.replace('<html lang="zh"', '<html lang="en"'), "en", "")
    assert 'href="./" hreflang="en"' in home and 'href="./zh/" hreflang="zh"' in home
    assert root_prefix("zh/newton/") == "../../"


def test_english_pages_keep_their_strings():
    out = polish(PAGE.replace('<html lang="zh"', '<html lang="en"'), "en", "")
    assert "Permanent link" in out and '<html lang="en"' in out


def test_description_is_the_first_paragraph_as_text():
    md = "# Title\n\n[[figure:x|y]]\n\nThe **sigmoid** maps $x$ into [[value:v]] the `open` interval.\nMore.\n\nNext."
    assert description(md) == "The sigmoid maps into the open interval. More."


def test_a_source_is_named_by_its_title_in_the_pages_language():
    from mkdocs_handbook.references import expand

    md = "[[source:gradient_descent]] says so. As [[source:gradient_descent]] says, and [[source:numpy_mlp]]."
    en = expand(md, "en", 0, {}, "t.md")
    assert en.startswith("The post “Gradient Descent” (written in Chinese) says so.")
    assert "As the post “Gradient Descent” says" in en  # the second mention is the short name
    assert "a post on writing an MLP's forward and backward pass by hand in NumPy" in en
    zh = expand("见[[source:gradient_descent]]。", "zh", 0, {}, "t.md")
    assert zh == "见博文《Gradient Descent》。"


def test_an_unknown_source_stops_the_build_naming_page_and_key():
    import pytest

    from mkdocs_handbook.references import ReferenceError_, expand

    with pytest.raises(ReferenceError_, match=r"page t.md: \[\[source:gradient_decent\]\]: unknown source"):
        expand("[[source:gradient_decent]]", "en", 0, {}, "t.md")


def test_a_piecewise_speaks_the_pages_language():
    from mkdocs_handbook.references import chinese_tex_words

    tex = r"\begin{cases} 1 & \text{for}\: x > 0 \\0 & \text{otherwise} \end{cases}"
    assert chinese_tex_words(tex) == r"\begin{cases} 1 & x > 0 \\0 & \text{其他} \end{cases}"


def test_an_english_term_quoted_in_chinese_is_marked_english():
    out = polish('<html lang="zh"><p>均方误差（mean squared error），不是“Mean Square Root”</p>', "zh", "zh/")
    assert '（<span lang="en">mean squared error</span>）' in out
    assert '“<span lang="en">Mean Square Root</span>”' in out


def test_chinese_in_an_english_table_of_contents_is_marked_chinese():
    out = polish('<html lang="en"><span class="md-ellipsis">the post 《梯度求解学习小结1》</span>', "en", "errata/")
    assert 'the post <span lang="zh-Hans">《梯度求解学习小结1》</span>' in out


def test_chinese_punctuation_stays_on_the_line_of_the_formula_before_it():
    from mkdocs_handbook.reader import keep_punctuation_with_math

    html = '约定 <span class="arithmatex">\\(x = 0\\)</span>。下一句 <span class="arithmatex">\\(y\\)</span> 中'
    out = keep_punctuation_with_math(html)
    assert '<span class="arithmatex">\\(x = 0\\text{。}\\)</span>下一句' in out
    assert out.count("\\text{") == 1  # a formula followed by a space and a word is left alone


def test_only_the_formula_before_the_punctuation_is_kept_with_it():
    """Two formulas on a line, the second followed by "，": only the second is held with it (a lazy pattern
    once held the whole stretch from the first formula in one unbreakable box, 1,000 px on a phone)."""
    from mkdocs_handbook.reader import keep_punctuation_with_math

    html = '若 <span class="arithmatex">\\(a\\)</span> 很大，则 <span class="arithmatex">\\(b\\)</span>，于是'
    out = keep_punctuation_with_math(html)
    assert out == (
        '若 <span class="arithmatex">\\(a\\)</span> 很大，则 '
        '<span class="arithmatex">\\(b\\text{，}\\)</span>于是'
    )


def test_a_run_of_punctuation_goes_with_the_formula():
    from mkdocs_handbook.reader import keep_punctuation_with_math

    out = keep_punctuation_with_math('（即 <span class="arithmatex">\\(a = b\\)</span>）。下一句')
    assert out == '（即 <span class="arithmatex">\\(a = b\\text{）。}\\)</span>下一句'


def test_each_404_page_speaks_its_language_and_leads_home():
    from mkdocs_handbook.reader import polish_404

    theme = '<html><body><h1>404 - Not found</h1></body></html>'
    zh, en = polish_404(theme, "zh", "/repo/"), polish_404(theme, "en", "/repo/")
    assert "Not found" not in zh and "页面不存在" in zh and '<a href="/repo/zh/">首页</a>' in zh
    assert "page not found" in en and '<a href="/repo/">home page</a>' in en


def test_the_theme_credit_is_in_chinese_on_chinese_pages():
    from mkdocs_handbook.reader import polish

    footer = (
        'Made with\n    <a href="https://squidfunk.github.io/mkdocs-material/" target="_blank" rel="noopener">\n'
        "      Material for MkDocs\n    </a>"
    )
    zh = polish('<html lang="zh">' + footer, "zh", "zh/newton/")
    assert "Made with" not in zh and "本站用 <a" in zh and ">Material for MkDocs</a> 构建" in zh
    assert "Made with" in polish('<html lang="en">' + footer, "en", "newton/")
