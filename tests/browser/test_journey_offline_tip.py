"""Journey d: a phone loses the network, its participant types a tip, the network comes back: the tip arrives once."""
from playwright.sync_api import expect

from tests.browser.conftest import connected

TIP = "Even een rondje lopen voor het volgende gesprek"


def test_tip_typed_offline_is_sent_once_when_back_online(pages, live):
    created = live.create_workshop([live.exercise_id("tips")])
    code = created["code"]
    live.control(code, action="goto", index=0)
    live.control(code, action="open")
    projector = pages.projector(created)
    phone = pages.phone(code)
    expect(phone.get_by_test_id("tip-input")).to_be_visible()

    phone.context.set_offline(True)
    status = phone.get_by_test_id("connection-status")
    expect(status).to_have_attribute("data-state", "offline")
    phone.get_by_test_id("tip-input").fill(TIP)
    phone.get_by_test_id("tip-submit").click()
    queued = phone.get_by_test_id("own-tips").locator(".queued", has_text=TIP)
    expect(queued).to_be_visible()
    expect(queued).to_contain_text("Nog niet verstuurd")
    phone.wait_for_timeout(1500)  # the phone stays offline a while; nothing may reach the server meanwhile
    assert live.results(code)["exercises"][0]["tips"] == []
    assert phone.evaluate("key => localStorage.getItem(key)", f"klantwijs:outbox:{code}").count(TIP) == 1

    phone.context.set_offline(False)
    connected(phone)
    expect(phone.get_by_test_id("own-tips").locator(".queued")).to_have_count(0)
    expect(phone.get_by_test_id("own-tips")).to_contain_text(TIP)
    expect(projector.get_by_test_id("tip-wall")).to_contain_text(TIP)
    expect(phone.get_by_test_id("tip-wall")).to_contain_text(TIP)

    # reconnects and a reload do not send it again
    phone.reload()
    connected(phone)
    expect(phone.get_by_test_id("own-tips")).to_contain_text(TIP)
    tips = live.results(code)["exercises"][0]["tips"]
    assert [t["text"] for t in tips] == [TIP]
    expect(projector.get_by_test_id("tip-wall").locator("[data-tip-id]")).to_have_count(1)
