"""The review page (--format html), read as text and opened in a real headless chromium."""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from mtqa.html import review_fragment, to_html
from mtqa.read import read_story

from .conftest import SOURCES, TARGET

HOSTILE = ('"Não há acordo", disse <script>window.pwned = 1</script> o primeiro-ministro Shigeru Ishiba '
           'aos repórteres em Tóquio. O ministro Ryosei Akazawa "><img src=x onerror="window.pwned = 2"> '
           "viajou a Washington para negociar tarifas de 25% sobre automóveis. O governo japonês espera "
           "concluir as negociações em junho, segundo o ministro, que conversou com o secretário do Tesouro.\n")


@pytest.fixture(scope="module")
def review(tariff_report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("review") / "review.html"
    path.write_text(to_html(tariff_report), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_review(engine, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    story = folder / 'story"><img src=x onerror="window.pwned=3">.txt'
    story.write_text(HOSTILE, encoding="utf-8")
    report = engine.compare(read_story(str(story)), [read_story(str(p)) for p in SOURCES])
    path = folder / "review.html"
    path.write_text(to_html(report), encoding="utf-8")
    return path


def test_the_page_is_self_contained(review):
    page = review.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*(?!["']?#)""", page), "no external asset or link"
    assert "http://" not in page and "https://" not in page
    assert page.count("<script") == 2  # the issue data and the page's own script, nothing from the article


def test_article_text_is_escaped_in_the_markup(hostile_review):
    page = hostile_review.read_text(encoding="utf-8")
    assert "<script>window.pwned" not in page and "<img src=x" not in page
    assert "disse &lt;script&gt;window.pwned = " in page  # the figure after it may carry a highlight


# ---- in the browser -------------------------------------------------------------------------------

def _missing(reason: str):
    if os.environ.get("MTQA_REQUIRE_BROWSER"):  # set by .ci/run, which installs the browser
        pytest.fail(reason)
    pytest.skip(reason)


def _browser_or_skip():
    try:
        from selenium import webdriver
    except ImportError:
        _missing("selenium is not installed (pip install -e '.[test]')")
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not binary or not driver:
        _missing("no chromium/chromedriver on PATH (Debian: apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1300,1600", "--allow-file-access-from-files"):
        options.add_argument(argument)
    # the driver is Debian's own, named explicitly: selenium never looks for one to download
    return webdriver.Chrome(service=Service(driver), options=options)


@pytest.fixture(scope="module")
def browser():
    driver = _browser_or_skip()
    yield driver
    driver.quit()


def _issue_texts(browser) -> dict[str, str]:
    """For each issue number, the text of the marks that carry it, in page order."""
    return browser.execute_script("""
        var spelled = {};
        document.querySelectorAll('.mtqa-mark:not(.mtqa-caret)').forEach(function (mark) {
          mark.dataset.issues.split(' ').forEach(function (id) { spelled[id] = (spelled[id] || '') + mark.textContent; });
        });
        return spelled;""")


def test_every_highlight_sits_on_its_issue_words(browser, review, tariff_report):
    browser.get(review.as_uri())
    spelled = _issue_texts(browser)
    spanned = {str(n): issue for n, issue in enumerate(tariff_report.issues) if issue.start < issue.end}
    assert spanned, "the tariff-talks story has issues"
    assert {n: spelled.get(n) for n in spanned} == {n: issue.text for n, issue in spanned.items()}
    carets = browser.find_elements("css selector", ".mtqa-caret")
    assert len(carets) == sum(issue.start == issue.end for issue in tariff_report.issues)


def test_ispibon_is_highlighted_with_its_suggestion(browser, review, tariff_report, tmp_path):
    browser.get(review.as_uri())
    number = next(n for n, issue in enumerate(tariff_report.issues) if issue.text == "Ispibon")
    marks = [m for m in browser.find_elements("css selector", ".mtqa-mark")
             if str(number) in m.get_attribute("data-issues").split()]
    assert [m.text for m in marks] == ["Ispibon"]
    assert "sev-major" in marks[0].get_attribute("class")
    marks[0].click()
    panel = browser.find_element("css selector", ".mtqa-panel")
    assert panel.is_displayed()
    assert "accuracy/named-entity" in panel.text and "Ishiba" in panel.text
    browser.save_screenshot(str(tmp_path / "review-ispibon.png"))
    assert (tmp_path / "review-ispibon.png").stat().st_size > 10_000


def test_filters_hide_issues_by_severity_and_category(browser, review, tariff_report):
    browser.get(review.as_uri())

    def lit() -> set[str]:
        return {m.get_attribute("data-issues") for m in browser.find_elements("css selector", ".mtqa-mark")
                if "mtqa-off" not in m.get_attribute("class")}

    everything = lit()
    browser.find_element("css selector", 'input[data-filter="severity"][value="minor"]').click()
    kept = lit()
    minor = {str(n) for n, issue in enumerate(tariff_report.issues) if issue.severity == "minor"}
    assert kept < everything
    assert all(set(names.split()) - minor for names in kept), "a lit mark has an issue that is not minor"
    off = [m for m in browser.find_elements("css selector", ".mtqa-mark.mtqa-off:not(.mtqa-caret)")]
    assert off and all(m.value_of_css_property("background-color") in ("rgba(0, 0, 0, 0)", "transparent") for m in off)

    browser.find_element("css selector", 'input[data-filter="category"][value="accuracy/named-entity"]').click()
    named = {str(n) for n, issue in enumerate(tariff_report.issues) if issue.category == "accuracy/named-entity"}
    assert not any(set(names.split()) <= named for names in lit())

    browser.find_element("css selector", 'input[data-filter="flagged"]').click()
    shown = [s for s in browser.find_elements("css selector", ".mtqa-sentence") if s.is_displayed()]
    expected = {issue.segment for n, issue in enumerate(tariff_report.issues)
                if str(n) not in minor | named}
    assert {int(s.get_attribute("data-segment")) for s in shown} == expected


def test_hostile_article_text_shows_as_text_and_runs_nothing(browser, hostile_review):
    browser.get(hostile_review.as_uri())
    assert browser.execute_script("return window.pwned === undefined")
    story = browser.find_element("css selector", ".mtqa-story").text
    assert "<script>window.pwned = 1</script>" in story
    assert '"><img src=x onerror="window.pwned = 2">' in story
    assert browser.find_elements("css selector", ".mtqa-story img, .mtqa-summary img") == []
    assert 'onerror="window.pwned=3">.txt' in browser.find_element("css selector", "h1").text


def test_a_highlight_whose_issues_are_all_filtered_out_opens_nothing(browser, review):
    browser.get(review.as_uri())
    browser.find_element("css selector", 'input[data-filter="severity"][value="minor"]').click()
    hidden = browser.find_elements("css selector", ".mtqa-mark.mtqa-off:not(.mtqa-caret)")
    assert hidden and all(m.get_attribute("tabindex") == "-1" for m in hidden)
    browser.execute_script("arguments[0].click(); arguments[0].dispatchEvent(new MouseEvent('mouseenter'))", hidden[0])
    assert not browser.find_element("css selector", ".mtqa-panel").is_displayed()
    lit = browser.find_elements("css selector", ".mtqa-mark:not(.mtqa-off)")
    assert lit and all(m.get_attribute("tabindex") == "0" for m in lit)


def test_a_highlight_takes_the_colour_of_its_worst_issue_still_shown(browser, tariff_report, tmp_path):
    ispibon = next(issue for issue in tariff_report.issues if issue.text == "Ispibon")
    minor = replace(ispibon, severity="minor", category="fluency/spelling", message="a second, minor finding")
    page = tmp_path / "overlap.html"
    page.write_text(to_html(replace(tariff_report, issues=(*tariff_report.issues, minor))), encoding="utf-8")
    browser.get(page.as_uri())
    number = str(len(tariff_report.issues))
    (mark,) = [m for m in browser.find_elements("css selector", ".mtqa-mark") if number in m.get_attribute("data-issues").split()]
    assert "sev-major" in mark.get_attribute("class").split()
    browser.find_element("css selector", 'input[data-filter="severity"][value="major"]').click()
    assert "sev-minor" in mark.get_attribute("class").split() and "sev-major" not in mark.get_attribute("class").split()


def test_two_reviews_on_one_page_keep_their_sentence_links_apart(browser, tariff_report, tmp_path):
    page = tmp_path / "two.html"
    page.write_text('<!DOCTYPE html><meta charset="utf-8">' + review_fragment(tariff_report) * 2, encoding="utf-8")
    browser.get(page.as_uri())
    ids = browser.execute_script("return Array.from(document.querySelectorAll('[id]'), function (e) { return e.id; })")
    assert ids and len(ids) == len(set(ids))
    inside = browser.execute_script("""
        var second = document.querySelectorAll('.mtqa-review')[1];
        return Array.from(second.querySelectorAll('a[href^="#"]'), function (a) {
          return second.contains(document.getElementById(a.getAttribute('href').slice(1))); });""")
    assert inside and all(inside)
    # a notebook renders cells in any order: a review put before the others later still gets ids of its own
    browser.execute_script("""
        var holder = document.createElement('div'); holder.innerHTML = arguments[0];
        document.body.insertBefore(holder, document.body.firstChild);
        var old = holder.querySelector('script:not([type])'), script = document.createElement('script');
        script.textContent = old.textContent; old.replaceWith(script);""", review_fragment(tariff_report))
    ids = browser.execute_script("return Array.from(document.querySelectorAll('[id]'), function (e) { return e.id; })")
    assert len(ids) == len(set(ids)) and len(ids) == 3 * len(tariff_report.segments)


def test_whitespace_in_a_sentence_shows_as_written(browser, engine, tmp_path):
    story = tmp_path / "spaces.txt"
    story.write_text('"Não há acordo",  disse o primeiro-ministro Shigeru Ishiba aos repórteres em Tóquio.\n',
                     encoding="utf-8")
    report = engine.compare(read_story(str(story)), [read_story(str(p)) for p in SOURCES])
    (issue,) = [i for i in report.issues if i.category == "fluency/whitespace"]
    page = tmp_path / "spaces.html"
    page.write_text(to_html(report), encoding="utf-8")
    browser.get(page.as_uri())
    number = str(report.issues.index(issue))
    shown = [m.text for m in browser.find_elements("css selector", ".mtqa-mark") if number in m.get_attribute("data-issues").split()]
    assert "".join(shown) == issue.text == "  "


def test_the_comparison_s_warnings_are_on_the_page(tariff_report):
    """They were in the text report and the JSON only: a reviewer reading the page missed that no sentence was
    checked, or that one looked Spanish."""
    warned = replace(tariff_report, warnings=("story.txt: sentence 3 looks <Spanish>",))
    assert '<p class="mtqa-warning">warning: story.txt: sentence 3 looks &lt;Spanish&gt;</p>' in to_html(warned)
    assert 'class="mtqa-warning"' not in to_html(tariff_report)
