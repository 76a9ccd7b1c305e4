from kompetensnav.figures import labels
from kompetensnav.figures.registry import ORDER


def test_every_figure_of_the_contract_has_a_label_and_a_known_area():
    assert set(ORDER) <= set(labels.LABELS)
    assert {labels.area(key) for key in ORDER} <= set(labels.AREAS)
    assert set(labels.HEADLINES) <= set(ORDER)


def test_unknown_keys_and_parts_fall_back_to_themselves():
    assert labels.label("something_new") == "something_new"
    assert labels.area("something_new") == "other"
    assert labels.part_label("Q") == "Q"
