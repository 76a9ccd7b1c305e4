"""The checks themselves: axe-core runs and reports, so a green suite means something."""

import pytest

from tests.browser.support import PageWatch, check_a11y


def test_check_a11y_fails_with_every_serious_violation(page):
    page.set_content("<html><body><img src='data:,'><button></button></body></html>")
    with pytest.raises(pytest.fail.Exception) as failure:
        check_a11y(page, "a page made to fail")
    message = str(failure.value)
    for rule in ["image-alt", "button-name", "html-has-lang"]:
        assert f"- {rule} (" in message, message
    assert "a page made to fail" in message


def test_check_a11y_passes_a_clean_page(page):
    page.set_content(
        "<!doctype html><html lang='sv'><head><title>Prov</title></head>"
        "<body><main><h1>Prov</h1><p>Text.</p></main></body></html>"
    )
    check_a11y(page, "a clean page")


def test_page_watch_knows_which_documents_were_not_checked(page):
    watch = PageWatch()
    watch.attach(page)
    page.set_content("<html lang='sv'><title>Ett</title><main><h1>Ett</h1></main></html>")
    check_a11y(page, "the first document")  # marks the page fixture's watch, not this one
    page.set_content("<html lang='sv'><title>Två</title><main><h1>Två</h1></main></html>")
    assert [n.checked for n in watch.navigations] == [False, False]
    watch.mark_checked()
    assert [n.checked for n in watch.navigations] == [False, True]
    assert watch.unchecked_urls() == ["about:blank"]
    check_a11y(page, "the second document")
