"""The scale and order kinds in the editor (every problem beside its field, saved, previewed) and on the library
page; phones, projector and control page of both kinds are axe clean, in Dutch and in English."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_accessibility import check

START, END, HANDLES = "zeker-slecht-nieuws-start", "zeker-slecht-nieuws-eind", "vier-handvatten-op-volgorde"


def test_write_a_scale_and_an_order_in_the_editor(pages, live):
    trainer = pages.trainer()
    trainer.goto("/facilitator/exercises/new?kind=scale")
    expect(trainer.get_by_test_id("editor")).to_be_visible()
    trainer.get_by_test_id("field-title").fill("Zeker bij een nee")
    trainer.get_by_test_id("field-statement").fill("Ik durf nee te zeggen tegen een boze huurder.")
    trainer.get_by_test_id("field-min").fill("1")
    trainer.get_by_test_id("field-max").fill("12")
    trainer.get_by_test_id("save").click()
    expect(trainer.get_by_test_id("error-max")).to_have_text("moet tussen 2 en 10 liggen")
    expect(trainer.get_by_test_id("error-min_label")).to_have_text("moet een niet-lege tekst zijn")
    trainer.get_by_test_id("field-max").fill("5")
    trainer.get_by_test_id("field-min_label").fill("nooit")
    trainer.get_by_test_id("field-max_label").fill("altijd")
    expect(trainer.get_by_test_id("preview-phone")).to_contain_text("1  2  3  4  5")
    trainer.get_by_test_id("save").click()
    expect(trainer.get_by_test_id("save-status")).to_have_text("Opgeslagen.")
    check(trainer, "scale editor")

    trainer.goto("/facilitator/exercises/new?kind=order")
    expect(trainer.get_by_test_id("items").locator("li")).to_have_count(3)
    trainer.get_by_test_id("field-title").fill("Nee zeggen in stappen")
    trainer.get_by_test_id("field-story").fill("Een huurder wil een extra parkeerplaats; die is er niet.")
    trainer.get_by_test_id("field-question").fill("In welke volgorde?")
    trainer.get_by_test_id("item-text-0").fill("Ik hoor dat u er echt een nodig hebt.")
    trainer.get_by_test_id("save").click()
    expect(trainer.locator('[data-field="items[2].text"] .field-error')).to_have_text("moet een niet-lege tekst zijn")
    expect(trainer.get_by_test_id("item-text-0")).to_have_value("Ik hoor dat u er echt een nodig hebt.")
    for i, text in enumerate(["Ik hoor dat u er echt een nodig hebt.", "Er is helaas geen plek vrij.",
                              "Wat wel kan: ik zet u op de wachtlijst."]):
        trainer.get_by_test_id(f"item-text-{i}").fill(text)
        trainer.get_by_test_id(f"item-explanation-{i}").fill(f"Stap {i + 1} van de drie.")
    trainer.get_by_test_id("add-item").click()
    expect(trainer.get_by_test_id("items").locator("li")).to_have_count(4)
    trainer.get_by_test_id("items").locator('li[data-index="3"] button[data-act="remove"]').click()
    trainer.get_by_test_id("save").click()
    expect(trainer.get_by_test_id("save-status")).to_have_text("Opgeslagen.")
    check(trainer, "order editor")
    status, exercises = live.server.request("GET", "/api/v1/exercises", token=live.token)
    saved = next(e for e in exercises if e["title"] == "Nee zeggen in stappen")
    _status, document = live.server.request("GET", f"/api/v1/exercises/{saved['id']}", token=live.token)
    assert [item["position"] for item in document["items"]] == [1, 2, 3]
    assert document["items"][1]["text"] == "Er is helaas geen plek vrij."

    trainer.goto("/facilitator/exercises?kind=order")
    expect(trainer.get_by_text("Vier handvatten op volgorde")).to_be_visible()
    check(trainer, "library page with order exercises")


def test_phones_projector_and_control_page_are_axe_clean_in_dutch_and_english(pages, live):
    for lang in ("nl", "en"):
        created = live.create_workshop([START, HANDLES, END], title=f"Meten {lang}")
        code = created["code"]
        control = pages.control(created)
        phone = pages.page({"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
                           f"/j/{code}?lang={lang}")
        projector = pages.page({"viewport": {"width": 1920, "height": 1080}},
                               created["screen_url"].replace(live.url, "") + f"&lang={lang}")
        for index in (0, 1, 2):
            live.control(code, action="goto", index=index)
            live.control(code, action="open")
            live.control(code, action="timer", seconds=600)
            kind = "scale" if index != 1 else "order"
            expect(phone.get_by_test_id(f"{kind}-exercise")).to_be_visible()
            expect(phone.get_by_test_id("timer")).to_be_visible()
            if kind == "scale":
                phone.get_by_test_id("scale-values").locator('[data-value="3"]').tap()
            else:
                for button in phone.get_by_test_id("order-items").locator("[data-item-id]").all():
                    button.tap()
            live.control(code, action="results", visible=True)
            if index == 1:
                live.control(code, action="reveal")
                expect(phone.get_by_test_id("order-reveal")).to_be_visible()
            expect(control.get_by_test_id("current-title")).not_to_have_text("")
            for page, what in ((phone, "phone"), (projector, "projector"), (control, "control page")):
                check(page, f"{what}, {kind} {index}, {lang}")
        if lang == "en":
            expect(phone.get_by_test_id("scale-tally")).to_contain_text("Start")
