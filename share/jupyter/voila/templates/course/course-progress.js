/* The learner's path: which pages a learner opened, their quiz and practice scores, and "continue
   where you left off" on the course home (issue 24, part 5).

   Kept on the learner's own device only, in the browser's localStorage under one key: no account,
   nothing sent anywhere, it survives closing the browser and works the same on a phone that
   opened the course through `start --network` or on JupyterHub (each address keeps its own).
   Pages tell their scores through hidden marks that the quiz and practice widgets draw
   (<span class="course-progress-mark" data-kind="quiz" data-right="2" data-answered="3"
   data-total="5">); a revisit whose quiz is not yet answered never erases an earlier score.
   The home (and the last page) draws the summary into any element with class
   "course-progress-panel"; "Clear my progress" asks once more before it forgets. */
(function () {
  "use strict";
  var KEY = "sociocracy-course-progress";
  /* The page's words (index.html.j2: window.courseWord), English without them. */
  var word = window.courseWord || function (key, english, values) {
    return english.replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  };
  var HOME = "lessons/00_start_here.ipynb";

  function empty() { return { v: 1, pages: {}, last: null }; }
  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (data && data.v === 1 && typeof data.pages === "object") return data;
    } catch (error) { /* storage blocked or damaged: start again */ }
    return empty();
  }
  function save(data) {
    try { window.localStorage.setItem(KEY, JSON.stringify(data)); return true; }
    catch (error) { return false; }
  }

  /* This page's place in the course: "lessons/02_rounds.ipynb", or null for other pages. */
  function pagePath() {
    var path = decodeURIComponent(window.location.pathname);
    var found = path.match(/\/voila\/render\/((?:lessons|exercises)\/[^\/]+\.ipynb)$/);
    return found ? found[1] : null;
  }
  var path = pagePath();

  function remember(change) {
    var data = load();
    change(data);
    save(data);
  }

  if (path && path !== HOME) {
    remember(function (data) {
      var page = data.pages[path] || {};
      page.title = document.title || path;
      page.opened = page.opened || Date.now();
      page.seen = Date.now();
      data.pages[path] = page;
      data.last = path;
    });
  }

  function readMarks() {
    if (!path || path === HOME) return;
    var marks = document.querySelectorAll(".course-progress-mark");
    if (!marks.length) return;
    remember(function (data) {
      var page = data.pages[path] || { title: document.title || path, opened: Date.now() };
      marks.forEach(function (mark) {
        var kind = mark.getAttribute("data-kind");
        var right = parseInt(mark.getAttribute("data-right"), 10);
        var answered = parseInt(mark.getAttribute("data-answered"), 10);
        var total = parseInt(mark.getAttribute("data-total"), 10);
        if ((kind !== "quiz" && kind !== "practice") || !(total > 0) || !(answered > 0)) return;
        page[kind] = { right: right, answered: answered, total: total, at: Date.now() };
      });
      data.pages[path] = page;
    });
  }

  function text(tag, content, className) {
    var node = document.createElement(tag);
    if (content) node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  /* The home's links, so the summary names each lesson as the course map does. */
  function courseMapTitles() {
    var titles = {};
    document.querySelectorAll("#rendered_cells a[href$='.ipynb']").forEach(function (link) {
      var url = new URL(link.getAttribute("href"), window.location.href);
      var found = decodeURIComponent(url.pathname).match(/((?:lessons|exercises)\/[^\/]+\.ipynb)$/);
      if (found && !titles[found[1]]) titles[found[1]] = link.textContent.trim();
    });
    return titles;
  }

  function link(target, label) {
    var a = document.createElement("a");
    var here = path || HOME;
    var depth = here.split("/").length - 1;
    a.href = new Array(depth + 1).join("../") + target;
    a.textContent = label;
    return a;
  }

  /* "quiz: 2 of 5 right", "practice: 5 of 5 right (done)" (kind: "quiz" or "practice") */
  function score(result, kind) {
    if (!result) return null;
    var done = result.right === result.total;
    var english = kind + ": {right} of {total} right" + (done ? " (done)" : "");
    return word("progress_" + kind + (done ? "_done" : ""), english,
                {right: result.right, total: result.total});
  }

  function draw(panel) {
    var data = load();
    var titles = courseMapTitles();
    panel.textContent = "";
    var paths = Object.keys(data.pages).sort();
    if (!paths.length) {
      panel.appendChild(text("p", word("progress_nothing_yet", "Nothing yet: open a lesson to " +
        "begin, and this page will show where you are. Your progress stays in this browser, on " +
        "this device only: no account, nothing is sent anywhere.")));
      return;
    }
    if (data.last && data.pages[data.last]) {
      var again = text("p", "", "course-progress-continue");
      again.appendChild(text("strong",
        word("progress_continue", "Continue where you left off:") + " "));
      again.appendChild(link(data.last, titles[data.last] || data.pages[data.last].title));
      panel.appendChild(again);
    }
    var lessons = paths.filter(function (p) { return p.indexOf("lessons/") === 0; });
    var practice = paths.filter(function (p) {
      return p.indexOf("exercises/") === 0 && data.pages[p].practice &&
        data.pages[p].practice.right === data.pages[p].practice.total;
    });
    var quizzes = paths.filter(function (p) { return data.pages[p].quiz; });
    panel.appendChild(text("p", word("progress_counts", "Lessons opened: {lessons}. Quizzes " +
      "answered: {quizzes}. Practice sets done: {practice}.",
      {lessons: lessons.length, quizzes: quizzes.length, practice: practice.length})));
    var list = text("ul", "", "course-progress-list");
    paths.forEach(function (p) {
      var entry = data.pages[p];
      var item = document.createElement("li");
      item.appendChild(link(p, titles[p] || entry.title || p));
      var facts = [word("progress_opened", "opened")];
      var quiz = score(entry.quiz, "quiz");
      var set = score(entry.practice, "practice");
      if (quiz) facts.push(quiz);
      if (set) facts.push(set);
      item.appendChild(document.createTextNode(": " + facts.join(", ")));
      list.appendChild(item);
    });
    panel.appendChild(list);
    var clear = text("button", word("progress_clear", "Clear my progress"),
                     "course-progress-clear");
    clear.type = "button";
    clear.addEventListener("click", function () { confirmClear(panel, clear); });
    panel.appendChild(clear);
  }

  function confirmClear(panel, clear) {
    var box = text("div", "", "course-progress-confirm");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", word("progress_clear_question", "Clear my progress?"));
    box.appendChild(text("p", word("progress_forget", "Forget every page, score and place kept " +
      "in this browser? This cannot be undone.")));
    var yes = text("button", word("progress_clear_yes", "Yes, clear my progress"));
    var no = text("button", word("progress_cancel", "Cancel"));
    yes.type = no.type = "button";
    yes.addEventListener("click", function () {
      try { window.localStorage.removeItem(KEY); } catch (error) { /* nothing kept */ }
      drawAll();
      var done = document.querySelector(".course-progress-panel p");
      if (done) done.setAttribute("tabindex", "-1"), done.focus();
    });
    no.addEventListener("click", function () { box.remove(); clear.focus(); });
    box.appendChild(yes);
    box.appendChild(no);
    clear.after(box);
    yes.focus();
  }

  function drawAll() {
    document.querySelectorAll(".course-progress-panel").forEach(draw);
  }

  var pending = null;
  function soon() {
    if (pending) return;
    pending = window.setTimeout(function () { pending = null; readMarks(); }, 250);
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll();
    new MutationObserver(soon).observe(document.body, {
      childList: true, subtree: true, characterData: true, attributes: true,
      attributeFilter: ["data-answered", "data-right"]
    });
  });
  window.addEventListener("storage", function (event) { if (event.key === KEY) drawAll(); });
})();
