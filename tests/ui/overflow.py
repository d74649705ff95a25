"""What sticks out of a page at a phone's width (shared by the browser tests that check a
page fits a 360 px phone)."""

#: What sticks out of a page: its scroll width, and every visible element whose right edge lies
#: beyond the viewport, unless it sits in a box of its own that scrolls (a table, a wide map).
#: Jupyter's output areas scroll sideways too, but a control reachable only that way is cut off
#: for a phone user, so they do not count as "a box of its own". Labels and buttons whose text is
#: clipped inside them count as cut off too.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const ownScrollBox = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      const own = a.tagName === 'TABLE' || a.tagName === 'PRE' ||
                  a.classList.contains('course-scroll') ||
                  a.classList.contains('course-table-scroll');
      if (own && (overflow === 'auto' || overflow === 'scroll')) return a;
    }
    return null;
  };
  const cut = [];
  for (const el of document.querySelectorAll('#rendered_cells *, .course-room-bar *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || r.right <= width + 1) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    const box = ownScrollBox(el);
    if (box && box.getBoundingClientRect().right <= width + 1) continue;
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40);
    cut.push(`<${el.tagName.toLowerCase()} class="${el.className.baseVal ?? el.className}">` +
             ` ends at ${Math.round(r.right)} px: ${text}`);
  }
  // Text cut off inside its own box (a label or button ending in "..." or simply clipped).
  for (const el of document.querySelectorAll(
      '#rendered_cells .widget-label, #rendered_cells .widget-label-basic, ' +
      '#rendered_cells button')) {
    const r = el.getBoundingClientRect();
    if (!r.width || getComputedStyle(el).visibility === 'hidden') continue;
    // A label for screen readers only (clipped away: "Answers to question 2") shows nothing.
    const look = getComputedStyle(el);
    if ((look.clip && look.clip !== 'auto') || (look.position === 'absolute' && r.width <= 2))
      continue;
    if (el.scrollWidth > el.clientWidth + 1)
      cut.push(`<${el.tagName.toLowerCase()} class="${el.className}"> clips its text: ` +
               el.textContent.trim().slice(0, 40));
  }
  return {page: document.documentElement.scrollWidth, viewport: window.innerWidth,
          cut: cut.slice(0, 10)};
}"""
