"""Questionnaires: a coordinator builds a questionnaire with a condition and publishes it;
an anonymous respondent answers through the public link (the follow-up question appears
when the condition is met); the coordinator sees the result with a chart. Every page is
checked with axe, the respondent's pages too (in their own browser context)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kompetensnav.accounts.enums import Role
from kompetensnav.questionnaires.builtin import install_now
from kompetensnav.questionnaires.models import Questionnaire, Response
from tests.browser.support import (
    PageWatch,
    assert_no_horizontal_scroll,
    check_a11y,
    follow,
    submit,
    visit,
)

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}


@pytest.fixture(autouse=True)
def questionnaire_templates(reference_data):
    """The shared templates come from a data migration, which the flush of earlier live
    server tests emptied: install them again (idempotent)."""
    install_now()


def _respondent_page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="sv-SE", timezone_id="Europe/Stockholm", **PHONE
    )
    page = context.new_page()
    watch = PageWatch()
    watch.attach(page)
    return context, page, watch


def test_build_publish_answer_anonymously_and_see_results(
    page, login_as, make_user, chromium, live_server
):
    login_as(make_user(Role.COORDINATOR))
    visit(page, reverse("questionnaires:questionnaire_list"), label="questionnaire list")
    expect(page.locator("h1")).to_have_text("Enkäter")
    expect(page.locator("main")).to_contain_text("Företagsbesök – kompetensbehov")
    follow(
        page,
        page.locator(f'a[href="{reverse("questionnaires:questionnaire_create")}"]'),
        label="new questionnaire",
    )
    submit(page, page.locator("button[name=save]"), label="new questionnaire with errors")
    expect(page.locator("#id_key_error, .errorlist").first).to_be_visible()
    page.fill("#id_key", "rekrytering")
    page.fill("#id_title_sv", "Rekrytering 2026")
    page.fill("#id_title_en", "Recruitment 2026")
    page.fill("#id_consent_sv", "Svaren är anonyma och sparas i tre år.")
    submit(page, page.locator("button[name=save]"), label="builder, empty")
    questionnaire = Questionnaire.objects.get(key="rekrytering")
    version = questionnaire.versions.get()

    add = f'a[href="{reverse("questionnaires:question_create", args=[version.pk])}"]'
    follow(page, page.locator(add), label="add a question")
    page.fill("#id_text_sv", "Har ni svårt att rekrytera?")
    page.fill("#id_text_en", "Is it hard to recruit?")
    page.select_option("#id_type", "yes_no")
    page.fill("#id_key", "hard")
    page.check("#id_required")
    submit(page, page.locator("button[name=save]"), label="builder with one question")
    follow(page, page.locator(add), label="add a follow-up question")
    page.fill("#id_text_sv", "Vilka yrkesroller?")
    page.select_option("#id_type", "short_text")
    page.fill("#id_key", "roles")
    page.select_option("#id_condition", "hard=yes")
    submit(page, page.locator("button[name=save]"), label="builder with a condition")
    follow(page, page.locator(add), label="add a choice question with “Annat, nämligen”")
    page.fill("#id_text_sv", "Vilka områden?")
    page.fill("#id_text_en", "Which areas?")
    page.select_option("#id_type", "multiple")
    page.fill("#id_key", "areas")
    page.fill("#id_options", "Svetsning | Welding\nIT | IT\nAnnat | Other")
    page.check("#id_other_option")
    submit(page, page.locator("button[name=save]"), label="builder with an “other” option")
    expect(page.locator("ol.builder > li")).to_have_count(3)
    expect(page.locator("ol.builder")).to_contain_text("hard")
    expect(page.locator("ol.builder")).to_contain_text("Annat (med fritext)")

    follow(
        page,
        page.locator(f'a[href="{reverse("questionnaires:version_publish", args=[version.pk])}"]'),
        label="publish?",
    )
    submit(page, page.locator("button[name=publish]"), label="builder, published")
    follow(
        page,
        page.locator(
            f'a[href="{reverse("questionnaires:distribution", args=[questionnaire.pk])}"]'
        ),
        label="distribution",
    )
    page.check("input[name=public_mode][value=anonymous]")
    submit(page, page.locator("button[name=public]"), label="distribution with a public link")
    questionnaire.refresh_from_db()
    public_path = reverse("survey:answer", args=[questionnaire.public_token])
    expect(page.locator(f'a[href$="{public_path}"]')).to_be_visible()

    # an anonymous respondent on a phone, in a browser that has never logged in
    context, respondent, watch = _respondent_page(chromium, live_server)
    try:
        visit(respondent, public_path, label="public answer page")
        expect(respondent.locator("h1")).to_have_text("Rekrytering 2026")
        # the respondent prefers English: the questionnaire's English texts are used
        submit(respondent, respondent.locator("button[name=language][value=en]"),
               label="public answer page in English")  # fmt: skip
        expect(respondent.locator("h1")).to_have_text("Recruitment 2026")
        expect(respondent.locator("legend").first).to_contain_text("Is it hard to recruit?")
        follow_up = respondent.locator("#question-roles")
        expect(follow_up).to_be_hidden()
        respondent.locator("input[name=hard][value=yes]").check()
        expect(follow_up).to_be_visible()
        check_a11y(respondent, "public answer page with the follow-up shown")
        assert_no_horizontal_scroll(respondent, "public answer page on a phone")
        submit(respondent, respondent.locator("button[name=submit]"), label="answer: errors")
        expect(respondent.locator("#id_r-consent")).to_have_attribute("aria-invalid", "true")
        expect(follow_up).to_be_visible()  # the answer that shows it is kept
        respondent.fill("#id_roles", "CNC-operatörer")
        respondent.check("input[name=areas][value=it]")
        respondent.get_by_label("Other, namely").fill("Truckkort")
        respondent.check("#id_r-consent")
        submit(respondent, respondent.locator("button[name=submit]"), label="thank-you page")
        expect(respondent.locator("h1")).to_have_text("Thank you for your answers")
        assert not watch.errors, watch.errors
    finally:
        context.close()

    stored = Response.objects.get()
    assert stored.answer_values() == {
        "hard": True,
        "roles": "CNC-operatörer",
        "areas": ["annat", "it"],  # the text chose "Annat"
        "areas.other": "Truckkort",
    }
    assert stored.submitted_at is None and stored.respondent_email == ""

    visit(page, reverse("questionnaires:results", args=[questionnaire.pk]), label="results")
    expect(page.locator("#total")).to_contain_text("1 svar")
    chart = page.locator("#result-hard figure.chart img")
    expect(chart).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", chart.element_handle()), (
        "the chart image did not render"
    )
    expect(page.locator("#result-roles")).to_contain_text("CNC-operatörer")
    expect(page.locator("#result-areas")).to_contain_text("Skrivet under ”Annat”")
    expect(page.locator("#result-areas ul.texts")).to_have_text("Truckkort")
    page.locator("#result-hard details summary").click()
    expect(page.locator("#result-hard details table")).to_contain_text("Ja")
    check_a11y(page, "results with the chart's table open")


def test_results_distribution_versions_and_import_pages_pass_axe(page, login_as, make_user):
    login_as(make_user(Role.COORDINATOR))
    visit_questionnaire = Questionnaire.objects.get(key="visit")
    for name in ("questionnaire_detail", "version_list", "distribution", "results",
                 "answer_import_upload", "questionnaire_edit"):  # fmt: skip
        visit(page, reverse(f"questionnaires:{name}", args=[visit_questionnaire.pk]), label=name)
    # a survey tool's export in Windows-1252 with semicolons, and a repeated block
    visit(page, reverse("questionnaires:answer_import_upload", args=[visit_questionnaire.pk]),
          label="answer import")  # fmt: skip
    export = "Svars-ID;Datum inskickat;Roll 1;Roll 2\nr1;2019-03-14 10:22;Svetsare;Lärare\n"
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "svar.csv", "mimeType": "text/csv", "buffer": export.encode("cp1252")}],
    )
    submit(page, page.locator("button[name=save]"), label="answer import: map the columns")
    expect(page.locator("#reading")).to_contain_text("Windows-1252")
    expect(page.locator("#reading")).to_contain_text("semikolon")
    page.select_option("#id_col_2", "recruitment_roles")  # both rounds to one text question
    page.select_option("#id_col_3", "recruitment_roles")
    submit(page, page.locator("button[name=preview]"), label="answer import: checked")
    expect(page.locator("[role=status]")).to_contain_text("1 nya svar")
    visit(page, reverse("questionnaires:questionnaire_import"), label="JSON import")
    version = visit_questionnaire.versions.get()
    visit(page, reverse("questionnaires:version_detail", args=[version.pk]), label="version")
    question = version.questions.get(key="recruitment_roles")
    visit(page, reverse("questionnaires:question_edit", args=[question.pk]), label="edit question")
    visit(page, reverse("questionnaires:question_delete", args=[question.pk]), label="delete?")


@pytest.mark.parametrize(
    "browser_context", [{"viewport": {"width": 320, "height": 640}, "is_mobile": True}],
    indirect=True,
)  # fmt: skip
def test_questionnaire_pages_reflow_on_a_small_phone(page, login_as, make_user):
    from kompetensnav.questionnaires import services
    from kompetensnav.questionnaires.enums import Channel
    from kompetensnav.questionnaires.selectors import current_version

    version = current_version("visit")
    for match in (2, 4, 5):
        services.response_submit(
            version=version,
            answers={"industry_situation": "growing", "recruitment_difficulties": True,
                     "recruitment_roles": "Svetsare", "education_match": match},
            channel=Channel.PUBLIC,
        )  # fmt: skip
    questionnaire = version.questionnaire
    questionnaire.public_mode = "anonymous"
    questionnaire.save()
    login_as(make_user(Role.COORDINATOR))
    results = reverse("questionnaires:results", args=[questionnaire.pk])
    visit(page, results, label="results on a phone")
    expect(page.locator("#total")).to_contain_text("3 svar")
    # filtering updates the results in place (and works as a plain form without JS)
    with page.expect_response(lambda r: "subregion=halland" in r.url):
        page.locator("#id_subregion").select_option("halland")
    expect(page.locator("#total")).to_contain_text("0 svar")
    check_a11y(page, "results filtered to nothing")
    for path in (
        reverse("questionnaires:questionnaire_list"),
        reverse("questionnaires:questionnaire_detail", args=[questionnaire.pk]),
        reverse("questionnaires:distribution", args=[questionnaire.pk]),
        reverse("questionnaires:results", args=[questionnaire.pk]),
        reverse("survey:answer", args=[questionnaire.public_token]),
    ):
        visit(page, path, label=f"{path} at 320 px")
        assert_no_horizontal_scroll(page, f"{path} at 320 px")
    # the mapping of a survey tool's export: its long choices stay within the screen
    visit(page, reverse("questionnaires:answer_import_upload", args=[questionnaire.pk]),
          label="answer import at 320 px")  # fmt: skip
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "svar.csv", "mimeType": "text/csv",
                "buffer": "Svars-ID;Bransch - Annat, nämligen\nr1;Besöksnäring\n".encode()}],
    )  # fmt: skip
    submit(page, page.locator("button[name=save]"), label="answer import mapping at 320 px")
    expect(page.locator("#reading")).to_contain_text("UTF-8")
    assert_no_horizontal_scroll(page, "answer import mapping at 320 px")
