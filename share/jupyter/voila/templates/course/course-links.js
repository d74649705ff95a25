/* Links to the optional code exercises and their solutions (exercises/code/, solutions/code/), in
   the app view (Voila). The practice pages (exercises/NN_topic.ipynb) work in Voila: untouched.
   Voila hides code cells, so an exercise opened here has nowhere to type an answer. Where a
   Jupyter server serves this page (Voila as an extension of JupyterLab), such a link goes to the
   same notebook in JupyterLab; under the course's own server (`make start`, which marks its
   pages with courseJupyterLab: false) it becomes text that says how to open it there. */
document.addEventListener("DOMContentLoaded", function () {
  /* The page's words (index.html.j2: window.courseWord), English without them. */
  var word = window.courseWord || function (key, english, values) {
    return english.replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  };
  var config = {};
  try {
    config = JSON.parse(document.getElementById("jupyter-config-data").textContent);
  } catch (error) { /* no config: treat as served without JupyterLab below */ }
  var labServed = config.courseJupyterLab !== false && "baseUrl" in config;
  var base = config.baseUrl || "/";
  /* Under a Jupyter server (JupyterHub, make lab) JupyterLab is one click away: this very page,
     with its code, in JupyterLab. */
  var page = window.location.pathname.match(/\/voila\/render\/(.+\.ipynb)$/);
  var main = document.getElementById("course-main");
  if (labServed && page && main) {
    var open = document.createElement("p");
    open.className = "course-lab-open";
    var to = document.createElement("a");
    to.href = base + "lab/tree/" + page[1];
    to.textContent = word("open_in_lab", "Open this page in JupyterLab");
    open.append(to);
    var bar = main.querySelector(".course-room-bar");  /* an app's row of room controls */
    if (bar) bar.append(open); else main.prepend(open);
  }
  document.querySelectorAll("#rendered_cells a[href]").forEach(function (link) {
    var url = new URL(link.getAttribute("href"), window.location.href);
    if (url.origin !== window.location.origin) return;
    var found = url.pathname.match(/\/voila\/render\/((?:exercises|solutions)\/code\/[^\/]+\.ipynb)$/);
    if (!found) return;
    if (labServed) {
      link.href = base + "lab/tree/" + found[1];
      link.append(" " + word("opens_in_lab", "(opens in JupyterLab)"));
      link.classList.add("course-lab-link");
    } else {
      var text = document.createElement("span");
      text.className = "course-lab-only";
      text.textContent = word("lab_only", "{link} (in JupyterLab: run make lab in the course " +
        "folder)", {link: link.textContent});
      link.replaceWith(text);
    }
  });
});

/* A table wider than a narrow screen scrolls in its own box (course.css); such a box must be
   reachable by keyboard to be scrolled without a mouse (axe: scrollable-region-focusable).
   Tables drawn later by widgets are looked at too, whenever the page changes. */
(function () {
  var pending = false;
  function mark() {
    pending = false;
    document.querySelectorAll(
      ".jp-RenderedHTMLCommon table, .widget-html-content table").forEach(function (table) {
      var scrolls = table.scrollWidth > table.clientWidth + 1;
      if (scrolls && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
        table.dataset.courseScrolls = "yes";
      } else if (!scrolls && table.dataset.courseScrolls === "yes") {
        table.removeAttribute("tabindex");
        delete table.dataset.courseScrolls;
      }
    });
  }
  function soon() {
    if (!pending) { pending = true; window.requestAnimationFrame(mark); }
  }
  window.addEventListener("resize", soon);
  window.addEventListener("load", soon);
  document.addEventListener("DOMContentLoaded", function () {
    soon();
    new MutationObserver(soon).observe(document.body, {childList: true, subtree: true});
  });
})();
