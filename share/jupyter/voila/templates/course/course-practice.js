/* Practice pages and quizzes, by keyboard: two small moves the widgets cannot make themselves.
   1. After "Next", "Previous" or the exercise menu (class course-practice-nav), the new task's
      heading gets the focus, so the next Tab reaches its first control and a screen reader reads
      "Exercise 2 of 5: ..." (before, Next kept the focus, about 8 Tabs away from the task).
   2. Feedback that appears after "Check answer" (or a hint) is scrolled into view if it is
      below the visible screen. Nothing moves for changes the person did not ask for. */
(function () {
  var navPending = false;
  var checkPending = false;
  function inNav(element) {
    return !!(element && element.closest && element.closest(".course-practice-nav"));
  }
  function onUserAction(event) {
    var target = event.target;
    if (inNav(target)) { navPending = true; }
    if (target && target.closest && target.closest(".course-practice-task, .course-quiz")) {
      checkPending = true;
    }
  }
  document.addEventListener("click", onUserAction, true);
  document.addEventListener("change", onUserAction, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { onUserAction(event); }
  }, true);
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  function reveal(box) {
    var rect = box.getBoundingClientRect();
    if (rect.bottom > window.innerHeight || rect.top < 0) {
      box.scrollIntoView({block: "nearest", behavior: still ? "auto" : "smooth"});
    }
  }
  function look(node) {
    if (node.nodeType !== 1) { return; }
    if (navPending) {
      var heading = node.matches(".course-task-heading") ? node
        : node.querySelector(".course-task-heading");
      if (heading) {
        navPending = false;
        heading.focus({preventScroll: true});
        heading.scrollIntoView({block: "nearest"});
        return;
      }
    }
    if (checkPending) {
      var box = node.matches("[class^='course-feedback-']") ? node
        : node.querySelector("[class^='course-feedback-']");
      if (box && box.closest(".course-practice-task, .course-quiz")) {
        checkPending = false;
        reveal(box);
      }
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("rendered_cells") || document.body;
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) { mutation.addedNodes.forEach(look); });
    }).observe(root, {childList: true, subtree: true});
  });
})();
