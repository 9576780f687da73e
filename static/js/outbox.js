/* Offline-safe tips: every tip goes through a localStorage outbox with a client-generated id. It is sent only
   after the join ack, resent after a lost ack (the server is idempotent on client_id) and removed only when an
   ack arrives: ok, or a definitive error that retrying cannot fix. */
(function () {
  "use strict";
  const {store, randomId, emitAck} = window.KW;
  const DEFINITIVE = ["too_long", "empty", "not_open", "wrong_kind", "invalid", "too_many"];

  /** hooks: socket, ready() -> bool (joined and connected), index() -> current exercise index or null,
      sent(item, tip), rejected(item, ack), failed(ack) (a retryable error), changed();
      optional event: "tip" (default) or "word" (a word cloud's own outbox; its ack carries `word`) */
  window.KW.Outbox = function (code, hooks) {
    const event = hooks.event || "tip";
    const key = "klantwijs:outbox:" + code + (event === "tip" ? "" : ":" + event);
    let items = store.get(key, []); // [{client_id, text, index}]
    const inflight = new Set();
    let timer = null;
    const drop = (id) => { items = items.filter((o) => o.client_id !== id); store.set(key, items); };
    const retry = (ms) => { clearTimeout(timer); timer = setTimeout(flush, ms); };

    function flush() {
      const index = hooks.index();
      if (hooks.ready() && index !== null) {
        items.filter((o) => o.index === index && !inflight.has(o.client_id)).forEach(send);
      }
      hooks.changed();
    }

    function send(item) {
      inflight.add(item.client_id);
      emitAck(hooks.socket, event, {text: item.text, client_id: item.client_id}).then((r) => {
        inflight.delete(item.client_id);
        if (r.ok) { drop(item.client_id); hooks.sent(item, r[event]); }
        else if (DEFINITIVE.includes(r.error)) { drop(item.client_id); hooks.rejected(item, r); }
        else { hooks.failed(r); retry(r.error === "rate_limited" ? 15000 : 5000); }
        hooks.changed();
      }, () => { inflight.delete(item.client_id); retry(3000); hooks.changed(); });
    }

    return {
      items: () => items.slice(),
      sending: (id) => inflight.has(id),
      add(text, index) {
        items.push({client_id: randomId(), text: text, index: index}); store.set(key, items); flush();
      },
      remove(id) { if (!inflight.has(id)) { drop(id); hooks.changed(); } },
      flush: flush,
    };
  };
})();
