// procqa's page script (served inline in the page head: nothing is loaded from outside).
(function () {
  "use strict";
  var LIMIT = __LIMIT__; // the question limit (settings.max_question_chars), filled in by ui/app.py
  var lastLink = null;

  function writeClipboard(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea"); // plain http on another host: the older way
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    return Promise.resolve();
  }

  function flash(element, text) {
    var before = element.textContent;
    element.textContent = text;
    setTimeout(function () { element.textContent = before; }, 1500);
  }

  // The conversation as plain text: each question, then each answer with its sources listed.
  window.procqaConversationText = function () {
    var parts = [];
    document.querySelectorAll("#procqa-chat [data-testid='user'], #procqa-chat [data-testid='bot']").forEach(
      function (message) {
        if (message.getAttribute("data-testid") === "user") {
          parts.push("Question: " + message.innerText.trim());
        } else {
          var plain = message.querySelector(".procqa-plain");
          parts.push("Answer: " + (plain ? plain.textContent : message.innerText).trim());
        }
      });
    return parts.join("\n\n");
  };
  window.procqaCopyConversation = function () {
    var button = document.querySelector("#procqa-copy-all");
    writeClipboard(window.procqaConversationText()).then(function () { if (button) { flash(button, "Copied"); } });
  };

  function backButton() {
    var button = document.getElementById("procqa-back");
    if (!button) {
      button = document.createElement("button");
      button.id = "procqa-back";
      button.type = "button";
      button.textContent = "\u2191 Back to the answer";
      document.body.appendChild(button);
    }
    return button;
  }

  // Clicking a footnote (or a closest passage of a not-stated answer) shows the sources of *its* answer, highlights
  // the card and scrolls it into view. Capture phase: before Gradio's own link handling, which would open the
  // anchor in a new tab. On a phone the sources lie far below: a button leads back to the footnote.
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.closest) { return; }
    var copy = target.closest("a.procqa-copy");
    if (copy) {
      event.preventDefault();
      event.stopPropagation();
      var tools = copy.closest(".procqa-tools");
      var plain = tools && tools.nextElementSibling;
      writeClipboard(plain ? plain.textContent : "").then(function () { flash(copy, "Copied"); });
      return;
    }
    if (target.closest("#procqa-back")) {
      if (lastLink) { lastLink.scrollIntoView({block: "center"}); }
      backButton().classList.remove("procqa-visible");
      return;
    }
    var link = target.closest("a.procqa-fn, a.procqa-rel");
    if (!link) { return; }
    event.preventDefault();
    event.stopPropagation();
    var card = document.getElementById((link.getAttribute("href") || "").replace(/^#/, ""));
    if (!card) { return; }
    var group = card.closest(".procqa-group");
    if (group) {
      document.querySelectorAll(".procqa-group.procqa-shown").forEach(function (g) { g.classList.remove("procqa-shown"); });
      group.classList.add("procqa-shown");
    }
    document.querySelectorAll(".procqa-source.procqa-active").forEach(function (c) { c.classList.remove("procqa-active"); });
    card.classList.add("procqa-active");
    card.scrollIntoView({block: "center"});
    lastLink = link;
    if (window.innerWidth <= 640) { backButton().classList.add("procqa-visible"); }
  }, true);

  // The character counter: read from the box a few times a second (Gradio also sets the box, without events).
  setInterval(function () {
    var box = document.querySelector("#procqa-question textarea");
    var counter = document.getElementById("procqa-count");
    if (!box || !counter) { return; }
    var n = box.value.trim().length;
    var text = n.toLocaleString("en") + " / " + LIMIT.toLocaleString("en");
    if (n > LIMIT) { text += " \u2014 too long: shorten the question to send it"; }
    if (counter.textContent !== text) { counter.textContent = text; }
    counter.classList.toggle("procqa-over", n > LIMIT);
  }, 200);
})();
