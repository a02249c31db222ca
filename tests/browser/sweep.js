() => {
    const found = {overflow: null, small_text: [], split_numbers: [], unsized_images: [], unlabelled_scrolling: []};
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) found.overflow = root.scrollWidth;
    const visible = element => {
        const style = getComputedStyle(element);
        if (style.visibility === "hidden" || style.display === "none") return false;
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && !element.closest(".visually-hidden");
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const element = node.parentElement;
        if (!node.textContent.trim() || !element || seen.has(element)) continue;
        seen.add(element);
        if (element.closest("script, style, title, desc, noscript") || !visible(element)) continue;
        let size = parseFloat(getComputedStyle(element).fontSize);
        const svg = element.closest("svg");
        if (svg) {
            const matrix = element.getScreenCTM && element.getScreenCTM();
            if (matrix) size *= Math.hypot(matrix.a, matrix.b);
        }
        if (size < 11.95) found.small_text.push(`${element.tagName.toLowerCase()} ${size.toFixed(1)}px "${node.textContent.trim().slice(0, 30)}"`);
    }
    for (const cell of document.querySelectorAll("td, th")) {
        const text = cell.textContent.trim();
        if (!/\d/.test(text) || !visible(cell)) continue;
        const range = document.createRange();
        for (const match of text.matchAll(/[−+\-]?[\d,.]*\d(?:\s?%)?/g)) {
            const node = [...cell.childNodes].find(n => n.nodeType === 3 && n.textContent.includes(match[0]))
                || [...cell.querySelectorAll("*")].flatMap(e => [...e.childNodes]).find(n => n.nodeType === 3 && n.textContent.includes(match[0]));
            if (!node) continue;
            const start = node.textContent.indexOf(match[0]);
            range.setStart(node, start);
            range.setEnd(node, start + match[0].length);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (tops.size > 1) found.split_numbers.push(`"${match[0]}" in "${text.slice(0, 30)}"`);
        }
    }
    for (const image of document.querySelectorAll("img")) {
        if (!image.getAttribute("width") || !image.getAttribute("height")) found.unsized_images.push(image.src);
    }
    // A box that scrolls a table sideways (or is meant to) is a focusable region with a name,
    // so a keyboard can scroll it and a screen reader says what it holds.
    const scrolls = box => ["auto", "scroll"].includes(getComputedStyle(box).overflowX)
        && box.scrollWidth > box.clientWidth + 1;
    const boxes = new Set(document.querySelectorAll(".table-scroll"));
    for (const table of document.querySelectorAll("table")) {
        for (let box = table.parentElement; box && box !== document.body; box = box.parentElement) {
            if (scrolls(box)) { boxes.add(box); break; }
        }
    }
    for (const box of boxes) {
        const named = (box.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean)
            .some(id => (document.getElementById(id)?.textContent || "").trim())
            || (box.getAttribute("aria-label") || "").trim();
        if (box.getAttribute("role") !== "region" || box.getAttribute("tabindex") !== "0" || !named) {
            found.unlabelled_scrolling.push(box.outerHTML.slice(0, 80));
        }
    }
    return found;
}
