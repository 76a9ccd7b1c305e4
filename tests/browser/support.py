"""Helpers for the browser tests: axe-core checks, navigation that is always checked, layout.

Every page state a test reaches must pass axe-core (WCAG 2.0/2.1 A and AA, no serious or
critical violation). Use `visit`, `submit` and `follow` to move between pages: each waits for
the new page and runs `check_a11y` on it. After an in-page change (an htmx update, an error
shown by JavaScript) call `check_a11y` yourself. A `PageWatch` records every document the
page loads; the `page` fixture fails a test that left a page unchecked (and checks the last
page itself), so a page cannot slip through unchecked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.documents import english_codes

PROJECT_DIR = Path(__file__).resolve().parents[2]
AXE_JS = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

# Runs in the page: axe.run limited to the WCAG A/AA rules, reduced to what a report needs.
_RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : t)),
      html: n.html,
      summary: n.failureSummary,
    })),
  }));
}
"""


@cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(
            f"axe-core is missing ({AXE_JS}). Run `make test`, or "
            "`npm install --no-audit --no-fund --no-package-lock` in the project folder."
        )
    return AXE_JS.read_text(encoding="utf-8")


@dataclass
class Navigation:
    url: str
    checked: bool = False


@dataclass
class PageWatch:
    """What happened on one page: the documents it loaded (checked by axe or not), script
    errors and failed sub-resources. Filled by event listeners; read at the end of a test."""

    navigations: list[Navigation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        def on_new_document(_page) -> None:
            # One entry per document the main frame loads (the page's DOMContentLoaded
            # comes before its load, which check_a11y waits for). In-page changes such as
            # htmx swaps with hx-push-url are not counted: tests check those explicitly.
            self.navigations.append(Navigation(page.url))

        def on_console(message) -> None:
            # A failed load is reported (with its address) by on_response below.
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                self.errors.append(f"console error on {page.url}: {message.text}")

        def on_response(response) -> None:
            if response.status >= 400 and response.request.resource_type != "document":
                self.errors.append(
                    f"{response.status} for {response.request.resource_type} {response.url}"
                )

        page.on("domcontentloaded", on_new_document)
        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"script error on {page.url}: {exc}"))
        page.on("response", on_response)

    def mark_checked(self) -> None:
        if self.navigations:
            self.navigations[-1].checked = True

    @property
    def last_unchecked(self) -> bool:
        return bool(self.navigations) and not self.navigations[-1].checked

    def unchecked_urls(self) -> list[str]:
        return [n.url for n in self.navigations if not n.checked]


def _watch(page) -> PageWatch | None:
    return getattr(page, "_kompetensnav_watch", None)


def axe_violations(page) -> list[dict]:
    """All WCAG 2.0/2.1 A and AA violations axe-core finds on the page as it is now."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # page.add_script_tag() would add an inline <script>, which the site's
        # Content-Security-Policy (script-src 'self' 'nonce-…') rightly blocks. Evaluating
        # the source through the DevTools protocol is not subject to CSP, so the policy
        # stays on while we test.
        page.evaluate(_axe_source())
    return page.evaluate(_RUN_AXE, WCAG_TAGS)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"]:
            html = re.sub(r"\s+", " ", node["html"])[:200]
            lines.append(f"    at {', '.join(node['target'])}: {html}")
    return "\n".join(lines)


def check_a11y(page, context_label: str) -> None:
    """Fail with every serious or critical WCAG A/AA violation on the page as it is now."""
    violations = axe_violations(page)
    watch = _watch(page)
    if watch is not None:
        watch.mark_checked()
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(
            f"axe-core: {len(blocking)} serious/critical accessibility violation(s) on "
            f"{context_label} ({page.url}):\n{format_violations(blocking)}",
            pytrace=False,
        )
    check_language(page, context_label)
    check_words_whole(page, context_label)


_BREAKING_CELLS = """() => [...document.querySelectorAll("th, td, dl.facts > dt, dl.facts > dd")]
  .filter((cell) => {
    const style = getComputedStyle(cell);
    return style.overflowWrap === "anywhere" || style.wordBreak === "break-all";
  })
  .slice(0, 3)
  .map((cell) => cell.textContent.trim().slice(0, 40))"""


def check_words_whole(page, context_label: str) -> None:
    """No table cell, and no name or value of a list of facts, may break a word in the middle
    to make its column narrower."""
    breaking = page.evaluate(_BREAKING_CELLS)
    if breaking:
        pytest.fail(
            f"Table cells that break words anywhere on {context_label} ({page.url}): {breaking}",
            pytrace=False,
        )


# The page's visible text without what it shows as code on purpose (<code>, <kbd>, <samp>:
# a file's column names, a questionnaire's keys, the key figures' keys for the API) and
# without text marked as another language (a question's English version, lang="en") or as
# data not to translate (an import file's cells, translate="no").
_VISIBLE_PROSE = """() => {
  if (!document.body) return "";
  let text = document.body.innerText;
  const apart = 'code, kbd, samp, [translate="no"], [lang]:not([lang="sv"])';
  for (const element of document.body.querySelectorAll(apart)) {
    text = text.split(element.innerText).join(" ");
  }
  return text;
}"""


def check_language(page, context_label: str) -> None:
    """A Swedish page shows no English codes (tests/documents.py) in its visible prose."""
    if page.evaluate("() => document.documentElement.lang") != "sv":
        return
    found = english_codes(page.evaluate(_VISIBLE_PROSE))
    if found:
        pytest.fail(
            f"English codes on the Swedish page {context_label} ({page.url}): {', '.join(found)}",
            pytrace=False,
        )


def visit(page, path: str, *, label: str | None = None, status: int = 200):
    """Open a path of the live server, check the HTTP status and run axe on the page."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
    check_a11y(page, label or path)
    return response


def submit(page, locator, *, label: str, status: int = 200):
    """Click a submit button (or anything that loads a new page), wait for the new page,
    check its status and run axe on it."""
    with page.expect_navigation() as navigation:
        locator.click()
    response = navigation.value
    if response is not None:
        assert response.status == status, f"{label}: HTTP {response.status}, expected {status}"
    check_a11y(page, label)
    return response


follow = submit  # following a link is the same: click, wait for the page, check it


def assert_no_horizontal_scroll(page, label: str) -> None:
    """The page reflows: nothing is wider than the viewport (WCAG 1.4.10)."""
    sizes = page.evaluate(
        """() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          wide: [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
            .filter((el) => !el.closest(".table-wrap"))
            .slice(0, 5)
            .map((el) => el.tagName.toLowerCase()
                 + (el.id ? "#" + el.id : "")
                 + (el.classList.length ? "." + [...el.classList].join(".") : "")
                 + " (right edge " + Math.round(el.getBoundingClientRect().right) + " px)"),
        })"""
    )
    assert sizes["scrollWidth"] <= sizes["innerWidth"], (
        f"{label}: horizontal scrolling at {sizes['innerWidth']} px "
        f"(document is {sizes['scrollWidth']} px wide); widest elements: {sizes['wide']}"
    )


PROGRESS = re.compile(r"part=progress")


class Polls:
    """Holds a background job's progress page's polling requests (part=progress) while the
    test runs the worker. Set up before the page that polls is asked for.

    The worker runs here, in the test. The polls wait meanwhile (a route's handler only runs
    when the test talks to the browser again), so the server and the worker never share the
    in-memory database at the same moment. Once the worker is done, the first poll goes to
    the server, which answers that the job is finished (204 with HX-Redirect); any poll
    htmx had queued behind it is answered here with a 204, so that it does not reach the
    server while the finished page loads (two requests at once would share its one
    connection)."""

    def __init__(self, page) -> None:
        self.page = page
        self.worker_done = False
        self.released = False
        page.route(PROGRESS, self._handle)

    def _handle(self, route) -> None:
        if self.worker_done and self.released:
            route.fulfill(status=204)
            return
        self.released = self.worker_done
        route.continue_()

    def run_worker(self) -> None:
        from tests.tasks import run_queued_tasks  # noqa: PLC0415 - Django's apps are ready by now

        assert run_queued_tasks() == 1
        self.worker_done = True

    def wait_for_files(self, label: str):
        """The released poll finds the job finished and the page loads with its files."""
        files = self.page.locator("#report-files")
        expect(files).to_be_visible(timeout=10_000)
        self.page.unroute(PROGRESS, self._handle)
        expect(files.locator("progress")).to_have_attribute("value", "100")
        check_a11y(self.page, label)
        return files
