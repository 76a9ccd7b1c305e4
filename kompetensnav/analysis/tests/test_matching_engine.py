"""The matching engine on its own: pure Python, no database (see docs/matching.md).

The courses are embedded with the real e5 model once per module (a fraction of a second);
the large index uses random unit vectors instead, as stored embeddings would be.
"""

import numpy as np
import pytest

from kompetensnav.analysis.matching import (
    Area,
    CourseDoc,
    CourseIndex,
    Match,
    NeedDoc,
    Vocabulary,
    embed_passages,
    embed_queries,
    embed_query,
)
from kompetensnav.analysis.matching.embeddings import DIMENSION
from kompetensnav.analysis.matching.text import split_compound

AREAS = [
    Area("cnc", ("CNC-teknik", "CNC machining"), ("CNC", "fleroperationsmaskin", "G-kod")),
    Area("plc", ("PLC-programmering", "PLC programming"), ("PLC", "PLS", "styrsystem")),
    Area("truck", ("Truckkort", "Forklift licence"), ("truck", "gaffeltruck", "TLP10")),
    Area(
        "kran", ("Kran och lyft", "Cranes and lifting"), ("traverskran", "traverskort", "travers")
    ),
    Area("excel", ("Excel och kalkylprogram", "Spreadsheets"), ("Excel", "pivottabell", "LETARAD")),
    Area("some", ("Marknadsföring i sociala medier", "Social media marketing"), ("SoMe", "reels")),
    Area("klarsprak", ("Klarspråk", "Plain language"), ("klarspråk", "skriva tydligt")),
    Area(
        "svenska",
        ("Svenska för arbetslivet", "Swedish for work"),
        ("yrkessvenska", "SFI", "svenska som andraspråk"),
    ),
    Area("klagomal", ("Klagomålshantering", "Complaint handling"), ("klagomål", "reklamation")),
    Area("hlr", ("Första hjälpen och HLR", "First aid and CPR"), ("HLR", "hjärtstartare")),
    Area("kok", ("Kök och servering", "Kitchen and food service"), ("servering", "vinkunskap")),
    Area("alkohol", ("Ansvarsfull alkoholservering", "Responsible alcohol service"), ()),
    Area("itdrift", ("IT-drift och nätverk", "IT operations"), ("server", "brandvägg")),
]

COURSES = [
    CourseDoc(
        1,
        "CNC-fräsning grund\nFör operatörer som ska köra och ställa in en CNC-fräs. Koordinatsystem, "
        "verktygsval, nollpunkter och uppspänning; du programmerar enkla detaljer i G-kod.",
        ("cnc",),
    ),
    CourseDoc(
        2,
        "Truckkort A+B\nForklift licence\nTruckförarutbildning enligt TLP10 för motviktstruck och "
        "ledstaplare. Teori om lastdiagram och stabilitet samt praktisk körning med last.",
        ("truck",),
    ),
    CourseDoc(
        3,
        "Excel fortsättning: pivottabeller och LETARAD\nFör dig som kan grunderna: pivottabeller, "
        "LETARAD, villkorsstyrd formatering och rapporter från affärssystemet.",
        ("excel",),
    ),
    CourseDoc(
        4,
        "Marknadsföring i sociala medier för småföretag\nHur ett litet företag syns i sociala "
        "kanaler: målgrupp, innehållsplan, inlägg och stories, och hur du följer upp vad som ger "
        "kunder.",
        ("some",),
    ),
    CourseDoc(
        5,
        "Klarspråk – skriv så att mottagaren förstår\nSkrivkurs för dig som skriver brev, beslut "
        "och instruktioner: mottagaranpassning, disposition och korta meningar.",
        ("klarsprak",),
    ),
    CourseDoc(
        6,
        "Första hjälpen och HLR med hjärtstartare\nHjärt-lungräddning med hjärtstartare och "
        "första hjälpen enligt L-ABC. Mycket praktisk träning på docka.",
        ("hlr",),
    ),
    CourseDoc(
        7,
        "Ansvarsfull alkoholservering\nAlkohollagen och serveringstillståndet: ålderskontroll, att "
        "neka servering till berusade gäster och konflikter i baren.",
        ("alkohol",),
    ),
    CourseDoc(
        8,
        "Svetsning MIG/MAG\nPraktisk svetsutbildning med svetssäkerhet, fogberedning och "
        "parameterinställning inför svetsprövning.",
        (),
    ),
    CourseDoc(
        9,
        "Hantera klagomål och missnöjda gäster\nHandling complaints\nPraktiska verktyg för att ta "
        "emot klagomål, lugna en upprörd gäst och hitta en lösning. Rollspel av svåra samtal.",
        ("klagomal",),
    ),
]


@pytest.fixture(scope="module")
def course_vectors():
    return embed_passages([c.text for c in COURSES])


@pytest.fixture(scope="module")
def index(course_vectors):
    return CourseIndex(COURSES, Vocabulary(AREAS), embeddings=course_vectors)


def courses_of(matches: list[Match]) -> list:
    return [m.course for m in matches]


# -- the vocabulary ----------------------------------------------------------------------------


def test_vocabulary_finds_labels_synonyms_abbreviations_compounds_and_typos():
    vocabulary = Vocabulary(AREAS)

    assert vocabulary.areas_in("SoMe för butiken") == ["some"]
    assert vocabulary.areas_in("hlr för hela personalen") == ["hlr"]
    assert vocabulary.areas_in("Personalen kör TRUCKAR i lagret") == ["truck"]  # inflected
    assert vocabulary.areas_in("behöver truckförarbehörighet") == ["truck"]  # compound
    assert vocabulary.areas_in("gaffeltruckskort till två nya") == ["truck"]
    assert vocabulary.areas_in("behöver excell fortsättning") == ["excel"]  # typo
    assert vocabulary.areas_in("Marknadsföring i sociala medier") == ["some"]  # a label
    assert vocabulary.areas_in("ingenting alls") == []


def test_vocabulary_expand_adds_the_labels_of_the_areas_mentioned():
    expanded = Vocabulary(AREAS).expand("SoMe för butiken")

    assert expanded.startswith("SoMe för butiken")
    assert "Marknadsföring i sociala medier" in expanded
    assert "Social media marketing" in expanded
    assert Vocabulary(AREAS).expand("ingenting alls") == "ingenting alls"


def test_vocabulary_short_word_one_letter_off_is_not_a_typo():
    # "serier" is one substitution from the synonym "server"; in words this short that is
    # another word, not a typo.
    assert Vocabulary(AREAS).areas_in("köra serier i svarven") == []


def test_vocabulary_compound_part_is_a_whole_synonym_not_a_stem():
    # The stem of "server" is "serv", which begins "servitörerna": not a compound of it.
    assert "itdrift" not in Vocabulary(AREAS).areas_in("servitörerna behöver vinkunskap")


def test_vocabulary_word_named_as_a_new_area_still_names_the_area_of_its_first_part():
    # The product makes a new area of a name a broker typed ("truckförarbehörighet") until a
    # coordinator merges it; the word still names the truck area through "truck".
    vocabulary = Vocabulary([*AREAS, Area("new", ("truckförarbehörighet",))])

    assert vocabulary.areas_in("truckförarbehörighet") == ["new", "truck"]
    assert vocabulary.areas_in("servering") == ["kok"]  # "server" + "ing" is no compound


def test_split_compound_keeps_known_ends_when_the_middle_is_unknown():
    known = {"truck", "behörighet", "gaffeltruck", "gaffel", "kort"}

    assert split_compound("truckförarbehörighet", known) == ["truck", "behörighet"]
    assert split_compound("gaffeltruckskort", known) == ["gaffeltruck", "gaffel", "truck", "kort"]
    assert split_compound("ställningsutbildning", known) == []


# -- synonyms and areas change the matching ----------------------------------------------------


def test_rank_synonym_added_lets_an_abbreviation_find_its_course(course_vectors):
    areas_without = [
        Area("some", ("Marknadsföring i sociala medier", "Social media marketing"), ())
        if a.key == "some"
        else a
        for a in AREAS
    ]
    need = NeedDoc("n", "SoMe\nvill synas mer och få fler kunder")
    vector = embed_query(need.text)
    with_synonym = CourseIndex(COURSES, Vocabulary(AREAS), embeddings=course_vectors)
    without_synonym = CourseIndex(COURSES, Vocabulary(areas_without), embeddings=course_vectors)

    found = with_synonym.rank(need, embedding=vector)
    score_with = with_synonym.scores(need, vector)[COURSES.index(COURSES[3])]
    score_without = without_synonym.scores(need, vector)[COURSES.index(COURSES[3])]

    assert courses_of(found)[:1] == [4]
    assert found[0].areas == ("some",)
    assert "SoMe" in found[0].terms
    assert score_with > score_without
    assert 4 not in courses_of(without_synonym.rank(need, embedding=vector))


def test_rank_course_areas_come_from_its_tags_not_its_description(index):
    # The alcohol course's text says "servering" (a synonym of the kitchen area) but it is
    # tagged only with alcohol service: it does not carry the kitchen area.
    assert index.course_areas[COURSES.index(COURSES[6])] == ("alkohol",)
    # An untagged course gets the areas its text names.
    assert index.course_areas[COURSES.index(COURSES[7])] == ()


@pytest.mark.parametrize(
    ("text", "areas", "decoy"),
    [
        ("PLC\nNy robotcell, underhåll ska kunna felsöka och ändra i PLC-programmet", ("plc",), 1),
        ("Traverskort\n10 pers i produktionen kör traverskran utan utbildning", ("kran",), 2),
        (
            "Svenska för nyanställda\nNyanställda i produktionen med svenska som andraspråk "
            "förstår inte instruktionerna",
            ("svenska",),
            5,
        ),
        pytest.param(
            "Vin\nServitörerna ska kunna rekommendera vin till maten",
            ("kok",),
            7,
            marks=pytest.mark.xfail(
                strict=True,
                reason="KNOWN WEAKNESS: e5 puts wine next to alcohol service, and no area the "
                "need names rules the course out (docs/matching.md, bench need 169)",
            ),
        ),
    ],
)
def test_rank_lexical_decoy_stays_below_the_threshold(index, text, areas, decoy):
    need = NeedDoc("n", text, areas)
    scores = index.scores(need)

    assert scores[COURSES.index(next(c for c in COURSES if c.key == decoy))] < index.THRESHOLD
    assert decoy not in courses_of(index.rank(need))


def test_rank_unknown_word_that_contains_a_course_word_is_not_a_typo(index):
    # "ställning" (scaffolding) is inside "parameterinställning" of the welding course, but
    # it is not a misspelling of it.
    terms, _ = index._need_terms(NeedDoc("n", "ställning"), [])
    assert "inställning" not in terms
    assert not any(t.endswith("inställning") for t in terms)
    assert 8 not in courses_of(index.rank(NeedDoc("n", "Ställningsutbildning för byggfirman")))


# -- typos, compounds and symptoms -------------------------------------------------------------


def test_rank_typo_finds_its_course_and_shows_the_word_as_written(index):
    found = index.rank(NeedDoc("n", "excell\npivot och letarad för ekonomiassistenten"))

    assert courses_of(found)[:1] == [3]
    assert "excell" in found[0].terms
    assert found[0].areas == ("excel",)
    assert 0 < found[0].score <= 1


def test_rank_compound_finds_its_course(index):
    found = index.rank(NeedDoc("n", "nyanställda behöver truckförarbehörighet innan de får köra"))

    assert courses_of(found)[:1] == [2]
    assert "truckförarbehörighet" in found[0].terms


def test_rank_compound_typed_as_a_new_area_finds_the_course_of_its_parts():
    # As the product stores it: the typed area became an area of its own, which no course
    # carries, and the course says "behörighet" and "motviktstruck", never "truck" alone.
    courses = [
        CourseDoc(
            1, "Truckkort A+B\nTeori och praktik för behörighet att köra motviktstruck.", ("truck",)
        ),
        COURSES[0],
        COURSES[8],
    ]
    areas = [*AREAS, Area("new", ("truckförarbehörighet",))]
    index = CourseIndex(
        courses, Vocabulary(areas), embeddings=embed_passages([c.text for c in courses])
    )
    need = NeedDoc(
        "n", "truckförarbehörighet\nnyanställda på lagret behöver det innan de kör", ("new",)
    )

    found = index.rank(need)

    assert courses_of(found)[:1] == [1]
    assert found[0].areas == ("truck",)


def test_rank_symptom_instead_of_a_course_name_finds_its_course(index):
    found = index.rank(NeedDoc("n", "personalen vet inte hur de ska bemöta klagande gäster"))

    assert courses_of(found)[:1] == [9]


@pytest.mark.xfail(
    strict=True,
    reason="KNOWN WEAKNESS: a symptom sharing no word with the course rests on e5 alone, "
    "which is too weak here (docs/matching.md, bench need 23)",
)
def test_rank_symptom_sharing_no_word_finds_its_course(index):
    found = index.rank(NeedDoc("n", "olycka i verkstaden, ingen visste vad de skulle göra"))

    assert 6 in courses_of(found)[:3]


def test_rank_small_catalogue_still_finds_a_good_match():
    # With one course its mean similarity is the course itself; the prior keeps the
    # semantic evidence meaningful.
    course = COURSES[5]
    one = CourseIndex([course], Vocabulary(AREAS), embeddings=embed_passages([course.text]))
    need = NeedDoc("n", "ingen vågar använda hjärtstartaren om någon faller ihop")

    assert courses_of(one.rank(need)) == [6]
    assert one.rank(NeedDoc("n", "vill lära sig Python för att automatisera rapporter")) == []


# -- robustness --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n",
        "\x00",
        "…–—!!!???",
        "12345 678",
        "🙂🙂🙂",
        "Ελληνικά και русский текст",
        "a",
        "excell " * 2000,
        "truck\x00kort",
    ],
)
def test_rank_odd_text_never_raises(index, text):
    need = NeedDoc("odd", text, ("no-such-area", None))

    found = index.rank(need)
    scores = index.scores(need)

    assert isinstance(found, list)
    assert all(isinstance(m, Match) and 0 <= m.score <= 1 for m in found)
    assert scores.shape == (len(COURSES),)
    assert np.isfinite(scores).all()


def test_index_of_no_courses_and_of_empty_texts_answers_no_offer():
    empty = CourseIndex([], Vocabulary([]), embeddings=np.zeros((0, DIMENSION), np.float32))
    blank = CourseIndex(
        [CourseDoc(1, ""), CourseDoc(2, "   ")],
        Vocabulary(AREAS),
        embeddings=embed_passages(["", "   "]),
    )

    assert empty.rank(NeedDoc("n", "truckkort")) == []
    assert empty.score_matrix([NeedDoc("n", "truckkort")]).shape == (1, 0)
    assert blank.rank(NeedDoc("n", "truckkort")) == []
    assert blank.rank(NeedDoc("n", "truckkort"), top_k=0) == []


def test_index_refuses_embeddings_of_the_wrong_shape():
    with pytest.raises(ValueError, match="shape"):
        CourseIndex(COURSES, Vocabulary(AREAS), embeddings=np.zeros((2, DIMENSION)))


def test_embeddings_are_unit_vectors_of_the_documented_shape():
    passages = embed_passages(["Truckkort A+B", ""])
    queries = embed_queries(["truckkort", "\x00"])

    assert passages.shape == queries.shape == (2, DIMENSION)
    assert embed_query("truckkort").shape == (DIMENSION,)
    assert embed_passages([]).shape == (0, DIMENSION)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1, atol=1e-3)
    assert np.allclose(np.linalg.norm(queries, axis=1), 1, atol=1e-3)


def test_embedding_keeps_the_text_after_a_nul_character():
    # The model reads a text up to its first NUL; "truck\x00kort" must not embed as "truck".
    assert not np.allclose(embed_query("truck\x00kort"), embed_query("truck"))
    assert np.allclose(embed_query("truck\x00kort"), embed_query("truck kort"))


# -- determinism -------------------------------------------------------------------------------


def test_rank_is_deterministic(course_vectors):
    need = NeedDoc("n", "behöver hjälp med reels och att nå fler följare")
    first = CourseIndex(COURSES, Vocabulary(AREAS), embeddings=course_vectors).rank(need)
    again = CourseIndex(COURSES, Vocabulary(AREAS), embeddings=course_vectors).rank(need)

    assert first == again
    assert embed_query(need.text).tobytes() == embed_query(need.text).tobytes()


def test_rank_equal_scores_keep_course_order():
    twins = [CourseDoc(k, "Truckkort A+B för motviktstruck", ("truck",)) for k in ("b", "a", "c")]
    vectors = np.tile(embed_passages([twins[0].text]), (3, 1))
    index = CourseIndex(twins, Vocabulary(AREAS), embeddings=vectors)

    found = index.rank(NeedDoc("n", "truckkort till lagret"), top_k=2)

    assert courses_of(found) == ["b", "a"]
    assert found[0].score == found[1].score


def test_score_matrix_agrees_with_rank(index):
    needs = [NeedDoc(1, "excell pivottabeller"), NeedDoc(2, "traverskort för produktionen")]
    vectors = embed_queries([n.text for n in needs])

    matrix = index.score_matrix(needs, vectors)

    assert matrix.shape == (2, len(COURSES))
    for row, need in enumerate(needs):
        for match in index.rank(need, embedding=vectors[row], top_k=len(COURSES)):
            column = [c.key for c in COURSES].index(match.course)
            assert match.score == pytest.approx(matrix[row, column], abs=1e-4)


# -- scale -------------------------------------------------------------------------------------


def test_index_of_20000_courses_ranks_with_the_right_shapes():
    rng = np.random.default_rng(3)
    words = [
        "truck", "svetsning", "excel", "pivottabeller", "kundbemötande", "demens", "lager",
        "hygien", "ledarskap", "arbetsmiljö", "brandskydd", "reception", "försäljning", "lean",
    ]  # fmt: skip
    courses = [
        CourseDoc(
            i,
            " ".join(rng.choice(words, size=12)) + f" kurs{i % 997} nummer {i}",
            (AREAS[i % len(AREAS)].key,),
        )
        for i in range(20_000)
    ]
    vectors = rng.standard_normal((20_000, DIMENSION)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = CourseIndex(courses, Vocabulary(AREAS), embeddings=vectors)
    needs = [NeedDoc(1, "truckkort till lagret"), NeedDoc(2, "excell pivottabeller", ("excel",))]
    need_vectors = vectors[:2].copy()

    found = index.rank(needs[0], top_k=7, embedding=need_vectors[0], threshold=0.0)
    matrix = index.score_matrix(needs, need_vectors)

    assert len(found) == 7
    assert len({m.course for m in found}) == 7
    assert all(0 <= m.course < 20_000 for m in found)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert matrix.shape == (2, 20_000)
    assert ((matrix >= 0) & (matrix <= 1)).all()
    assert found[0].score == pytest.approx(matrix[0].max(), abs=1e-4)


def test_a_long_text_is_embedded_as_its_first_512_tokens():
    """e5 reads 512 tokens; a pasted long text is cut there instead of costing seconds."""
    from kompetensnav.analysis.matching import embeddings

    start = "Vi behöver utbildning i svetsning och CNC för våra operatörer. "
    long_text = start * 60 + "Dessutom vill vi lära oss bokföring. " * 60
    cut = embeddings._clean(long_text, is_query=True)
    model = embeddings._get_model()

    assert model.token_count(long_text, True) > embeddings.MAX_TOKENS
    assert embeddings.MAX_TOKENS - 40 < model.token_count(cut, True) <= embeddings.MAX_TOKENS
    assert long_text.startswith(cut) and "bokföring" not in cut
    assert embeddings._clean("kort text", is_query=True) == "kort text"
    assert np.allclose(embed_query(long_text), embed_query(cut))
