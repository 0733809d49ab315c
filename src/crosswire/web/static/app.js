"use strict";
(function () {
  function bodyOf(id) {
    for (const b of document.querySelectorAll("[data-body]")) {
      if (b.dataset.body === id) return b;
    }
    return null;
  }
  function clear() {
    for (const m of document.querySelectorAll("mark.hl")) m.replaceWith(...m.childNodes);
    for (const c of document.querySelectorAll("a.cite[aria-current]")) c.removeAttribute("aria-current");
  }
  function reveal(mark) {
    const box = mark.closest("aside");
    const own = box && getComputedStyle(box).overflowY === "auto" && box.scrollHeight > box.clientHeight;
    if (!own) {
      mark.scrollIntoView({ block: "center" });
      return;
    }
    const top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += top - box.clientHeight / 3;
  }
  function show(link, move) {
    const body = bodyOf(link.dataset.a);
    if (!body) return false;
    const s = Number(link.dataset.s), e = Number(link.dataset.e);
    clear();
    let first = null;
    for (const seg of body.querySelectorAll("span[data-s]")) {
      const a = Number(seg.dataset.s), b = Number(seg.dataset.e);
      if (a >= s && b <= e && b > a) {
        const m = document.createElement("mark");
        m.className = "hl";
        seg.before(m);
        m.append(seg);
        if (!first) first = m;
      }
    }
    if (!first) return false;
    const box = body.closest("details");
    if (box) box.open = true;
    link.setAttribute("aria-current", "true");
    first.tabIndex = -1;
    first.dataset.from = link.id;
    if (move) {
      reveal(first);
      first.focus({ preventScroll: true });
    }
    return true;
  }
  document.addEventListener("click", function (ev) {
    const link = ev.target.closest && ev.target.closest("a.cite");
    if (link && show(link, true)) ev.preventDefault();
  });
  document.addEventListener("focusin", function (ev) {
    const link = ev.target.closest && ev.target.closest("a.cite");
    if (link) show(link, false);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    const m = document.activeElement;
    if (m && m.matches("mark.hl") && m.dataset.from) {
      const back = document.getElementById(m.dataset.from);
      if (back) back.focus();
    }
  });
})();
