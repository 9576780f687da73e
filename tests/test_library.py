"""The shipped Dutch exercise library: valid, and covering every idea the training teaches."""
from __future__ import annotations

from collections import Counter

import pytest

from exercises.kinds import KINDS, OPTION_TAGS
from exercises.library import LIBRARY_DIR, LibraryError, check_file, load_library


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_library_has_enough_cases_and_prompts(library):
    kinds = Counter(e.kind for e in library.values())
    assert kinds["case"] >= 10 and kinds["tips"] >= 5


def test_cases_cover_both_pitfalls_all_handles_and_both_bad_news_steps(library):
    tags = Counter(o["tag"] for e in library.values() if e.kind == "case" for o in e.content["options"])
    for tag in (t for t in OPTION_TAGS[:-1] if t != "pitfall:explaining"):  # new tag: the library rewrite adds cases
        assert tags[tag] >= 2, tag


def test_every_case_has_a_pitfall_and_a_handle_and_teaches_why(library):
    for exercise in (e for e in library.values() if e.kind == "case"):
        tags = [o["tag"] for o in exercise.content["options"]]
        assert any(t.startswith("pitfall:") for t in tags), exercise.id
        assert any(t.startswith("handle:") for t in tags), exercise.id
        assert all(len(o["explanation"]) > 30 for o in exercise.content["options"]), exercise.id
        assert 3 <= len(tags) <= 6


def test_the_stay_fresh_prompt_is_there(library):
    assert library["fris-blijven"].kind == "tips"
    assert "fris" in library["fris-blijven"].content["prompt"].lower()


def test_a_broken_file_is_named_with_its_field(tmp_path):
    bad = tmp_path / "zonder-prompt.toml"
    bad.write_text('kind = "tips"\ntitle = "Geen vraag"\nextra = 1\n', encoding="utf-8")
    exercise, problems = check_file(bad)
    assert exercise is None
    assert {(p.field, p.message) for p in problems} == {("prompt", "ontbreekt"), ("extra", "onbekend veld")}
    assert str(problems[0]).startswith(str(bad))


def test_a_bad_file_name_and_unknown_kind(tmp_path):
    bad = tmp_path / "Met Spaties.toml"
    bad.write_text('kind = "quiz"\n', encoding="utf-8")
    _exercise, problems = check_file(bad)
    assert [p.field for p in problems] == ["(bestandsnaam)", "kind"]


def test_loading_a_broken_library_raises_with_every_problem(tmp_path):
    (tmp_path / "een.toml").write_text('kind = "tips"\n', encoding="utf-8")
    (tmp_path / "twee.toml").write_text('kind = "case"\ntitle = "T"\n', encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        load_library(tmp_path)
    text = str(caught.value)
    assert "een.toml: title: ontbreekt" in text and "twee.toml: story: ontbreekt" in text


def test_shipped_files_are_valid_one_by_one():
    for path in sorted(LIBRARY_DIR.glob("*.toml")):
        exercise, problems = check_file(path)
        assert problems == [], problems
        assert exercise.kind in KINDS


def test_a_file_edited_after_it_was_read_is_read_again_and_no_reader_changes_another(tmp_path):
    """Each version of a file is parsed once per process (exercises/library.read_toml): an edit is seen at the next
    load, also one within the same second, and what one caller does to its exercise does not reach the next one."""
    path = tmp_path / "fris.toml"
    path.write_text('kind = "tips"\ntitle = "Fris blijven"\nprompt = "Hoe blijf je fris?"\n', encoding="utf-8")
    first = load_library(tmp_path)["fris"]
    first.content["prompt"] = "veranderd door een lezer"
    assert load_library(tmp_path)["fris"].content["prompt"] == "Hoe blijf je fris?"
    path.write_text('kind = "tips"\ntitle = "Fris blijven"\nprompt = "Hoe blijf je fris na een lastig gesprek?"\n',
                    encoding="utf-8")
    assert load_library(tmp_path)["fris"].content["prompt"] == "Hoe blijf je fris na een lastig gesprek?"
    path.write_text('kind = "tips"\ntitle = "Fris blijven"\nprompt = \n', encoding="utf-8")  # now broken: said so
    with pytest.raises(LibraryError, match="geen geldige TOML"):
        load_library(tmp_path)
