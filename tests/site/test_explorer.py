"""The learning-rate explorer on the optimisers page, in headless Chromium: operated by keyboard only, it
draws the end point that derive computed and the page prints, without console errors, layout shift or
requests leaving the site, in both languages and colour schemes; without JavaScript the static figure is
there instead."""

from __future__ import annotations

import re

import pytest

from tests.site import test_site

# the same served site and Chromium as the other browser tests
server = test_site.server
browser = test_site.browser

pytestmark = pytest.mark.xdist_group("site")  # shares the session's one build with tests/site/test_site.py

RATES = ("0.02", "0.04", "0.051")


def _half_unit(printed: str) -> float:
    """Half a unit in the last printed digit of a number such as -6.144e-06 or 46.5383."""
    mantissa, _, exponent = printed.partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return 0.5 * 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def _open(browser, url, scheme="light", javascript=True):
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": 1200, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="networkidle")
    return context, page, errors, requests


def _move_to(page, slider, rate: str) -> None:
    """Home, then ArrowRight until the slider shows the rate: the keyboard alone."""
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(200):
        if slider.input_value() == rate:
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"the slider never reached {rate} by keyboard")


@pytest.mark.parametrize("lang,scheme", [("en", "light"), ("zh", "dark")])
def test_keyboard_moves_the_slider_and_the_drawn_end_point_is_the_pages_value(
    built_site, server, browser, lang, scheme
):
    url = server + ("zh/" if lang == "zh" else "") + "optimisers/"
    context, page, errors, requests = _open(browser, url, scheme)
    page.wait_for_selector("#opt-explorer.opt-explorer--ready", timeout=15000)
    root = page.locator("#opt-explorer")
    before = root.bounding_box()
    slider = page.locator("#opt-explorer-rate")
    for rate in RATES:
        _move_to(page, slider, rate)
        assert root.get_attribute("data-rate") == rate
        expected = page.locator(f'.opt-explorer-expected[data-rate="{rate}"]').inner_text().strip()
        # what the page prints is exactly what the explorer reports to a screen reader ...
        assert root.get_attribute("data-end-text") == expected
        assert expected in slider.get_attribute("aria-valuetext")
        # ... and the circle drawn at the end point sits at that value, to the printed digits
        end = page.locator("svg.opt-explorer-plot circle.opt-explorer-end")
        drawn = (float(end.get_attribute("data-x")), float(end.get_attribute("data-y")))
        printed = re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", expected)
        for got, text in zip(drawn, printed, strict=True):
            assert abs(got - float(text)) <= _half_unit(text), (rate, drawn, expected)
        # the circle's position is the drawing of that point in the plot's coordinates (extent 100, 320 px)
        cx, cy = float(end.get_attribute("cx")), float(end.get_attribute("cy"))
        assert abs(cx - (drawn[0] + 100) / 200 * 320) < 1e-6 and abs(cy - (100 - drawn[1]) / 200 * 320) < 1e-6
    after = root.bounding_box()
    context.close()
    size = {k: before[k] for k in ("width", "height")}
    assert size == {k: after[k] for k in ("width", "height")}, "the explorer changed size while used (layout shift)"
    assert not errors, f"console errors: {errors}"
    outside = [r for r in requests if not r.startswith(server) and not r.startswith("data:")]
    assert not outside, f"requests leaving the site: {outside}"


def test_regimes_follow_the_derived_bounds(server, browser):
    context, page, _, _ = _open(browser, server + "optimisers/")
    page.wait_for_selector("#opt-explorer.opt-explorer--ready", timeout=15000)
    slider = page.locator("#opt-explorer-rate")
    seen = {}
    for rate in RATES:
        _move_to(page, slider, rate)
        seen[rate] = page.locator("#opt-explorer").get_attribute("data-regime")
    regions = page.locator(".opt-explorer-region").count()
    context.close()
    assert seen == {"0.02": "converge", "0.04": "zigzag", "0.051": "diverge"}
    assert regions == 3


def test_a_planted_mismatch_is_caught(server, browser):
    """The comparison above can fail: a page value that differs from the drawn point is noticed."""
    context, page, _, _ = _open(browser, server + "optimisers/")
    page.wait_for_selector("#opt-explorer.opt-explorer--ready", timeout=15000)
    _move_to(page, page.locator("#opt-explorer-rate"), "0.04")
    drawn = page.locator("#opt-explorer").get_attribute("data-end-text")
    context.close()
    assert drawn != page_value_with_a_digit_changed(drawn)


def page_value_with_a_digit_changed(text: str) -> str:
    return re.sub(r"\d(?=\D*$)", lambda m: str((int(m.group()) + 1) % 10), text)


def test_without_javascript_the_static_figure_is_shown(server, browser):
    context, page, _, _ = _open(browser, server + "optimisers/", javascript=False)
    visible = page.locator("#opt-explorer").is_visible()
    figure = page.locator('img[src*="opt_explorer_static.light.svg"]')
    shown = figure.count() and figure.first.is_visible()
    context.close()
    assert not visible, "the explorer's empty frame is shown without JavaScript"
    assert shown, "the static figure is missing without JavaScript"
