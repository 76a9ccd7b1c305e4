"""Every figure's words come from its declaration (registry.figure): label, definition,
area, unit and the contract's rule, in one place."""

from django.utils.translation import override

from kompetensnav.figures import labels, registry
from kompetensnav.figures.registry import Unit


def test_every_declared_figure_has_words_a_known_area_and_a_unit():
    declared = registry.declared()
    assert {f.key for f in declared} >= set(registry.CONTRACT)
    for figure in declared:
        assert figure.area in labels.AREAS and figure.area != "other", figure.key
        assert isinstance(figure.unit, Unit), figure.key
        assert str(figure.label) and str(figure.definition) and figure.rule, figure.key
        assert all(part in labels.PARTS for part in figure.parts), figure.key
        for target in (figure.about, figure.breakdown_of):
            assert not target or target in registry.FIGURES, figure.key
    assert set(labels.headlines()) <= set(registry.order())


def test_the_words_are_read_from_the_declaration_and_translated():
    with override("sv"):
        assert labels.label("visits") == "Företagsbesök"
        assert labels.area("attendance_hours_total") == "courses"
        assert str(labels.definition("visits")).startswith("Företagsbesök")
    assert labels.headlines()[:2] == ["visits", "network_meetings"]


def test_unknown_keys_and_parts_fall_back_to_themselves():
    assert labels.label("something_new") == "something_new"
    assert labels.area("something_new") == "other"
    assert labels.definition("something_new") == ""
    assert labels.part_label("Q") == "Q"
