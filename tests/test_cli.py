"""The command line as the contract: trainer create / token, exercises check."""
from __future__ import annotations

from pathlib import Path

from workshop.accounts import authenticate, trainer_by_token
from workshop.models import db


def test_trainer_create_makes_trainer_and_organisation(app, runner):
    result = runner.invoke(args=["trainer", "create", "Anna@Corporatie.example", "--organisation",
                                 "Woonbron Test", "--password", "lang-genoeg"])
    assert result.exit_code == 0, result.output
    assert "anna@corporatie.example" in result.output
    with app.app_context():
        trainer = authenticate("anna@corporatie.example", "lang-genoeg")
        assert trainer is not None and trainer.organisation.name == "Woonbron Test"
        assert trainer.password_hash != "lang-genoeg"


def test_trainer_create_prompts_for_the_password(app, runner):
    result = runner.invoke(args=["trainer", "create", "piet@example.org", "--organisation", "X"],
                           input="wachtwoord1\nwachtwoord1\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert authenticate("piet@example.org", "wachtwoord1") is not None


def test_duplicate_email_exits_non_zero_with_a_clear_message(app, runner):
    args = ["trainer", "create", "dubbel@example.org", "--organisation", "X", "--password", "wachtwoord1"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code != 0
    assert "Er bestaat al een trainer met e-mailadres dubbel@example.org" in again.output


def test_short_password_is_refused(runner):
    result = runner.invoke(args=["trainer", "create", "k@example.org", "--organisation", "X", "--password", "kort"])
    assert result.exit_code != 0 and "minstens 8 tekens" in result.output


def test_token_is_printed_alone_on_the_last_line_and_stored_hashed(app, runner, trainer):
    result = runner.invoke(args=["trainer", "token", trainer.email])
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    assert " " not in token and len(token) > 30
    with app.app_context():
        assert trainer_by_token(token).email == trainer.email
        stored = db.session.execute(db.text("SELECT token_hash FROM api_token")).scalars().all()
        assert token not in stored
    unknown = runner.invoke(args=["trainer", "token", "niemand@example.org"])
    assert unknown.exit_code != 0 and "niemand@example.org" in unknown.output


def test_exercises_check_passes_the_shipped_library(runner):
    result = runner.invoke(args=["exercises", "check"])
    assert result.exit_code == 0, result.output
    assert "geen problemen" in result.output


def test_exercises_check_names_file_and_field_of_every_problem(runner, tmp_path: Path):
    broken = tmp_path / "kapotte-casus.toml"
    broken.write_text('kind = "case"\ntitle = "Kapot"\nstory = "Een verhaal."\nsummary = "S"\n'
                      '[[options]]\nid = "a"\ntext = "Dat is uw mening."\ntag = "pitfall:rude"\nexplanation = "x"\n',
                      encoding="utf-8")
    not_toml = tmp_path / "geen-toml.toml"
    not_toml.write_text("kind = \n", encoding="utf-8")
    result = runner.invoke(args=["exercises", "check", str(broken), str(not_toml)])
    assert result.exit_code != 0
    assert f"{broken}: options: heeft 1 opties; 3 tot 6 toegestaan" in result.output
    assert f"{broken}: options[1].tag: 'pitfall:rude' is geen bekende tag" in result.output
    assert f"{broken}: options: minstens één optie moet een handvat zijn" in result.output
    assert f"{not_toml}: (toml): geen geldige TOML" in result.output
