#!/usr/bin/env python3
"""`cite audit --format html` in a real browser (headless Chromium), outside `cargo test`.

Run from the project root after `cargo build --release` (`.ci/run` does):

    python3 tests/browser/audit_html.py [--bin target/release/cite] [--chromium /usr/bin/chromium]
                                        [--screenshot PATH]

1. A control page whose script sets the title is loaded first: the harness must see
   scripts run, or the checks below could not fail.
2. A corpus and a draft full of hostile markup (`<script>`, `"><img src=x onerror=…>`,
   `javascript:` links) are audited; the page is loaded and its DOM after load must hold
   exactly the report's items and notes, no element the report did not write (no script,
   img, iframe, object, link), no link leaving the page, and an unchanged title: nothing ran.
3. The draft fixture's report (tests/fixtures/draft.md on the seeds) is loaded the same
   way, every item checked, and a screenshot written to PATH (the README's picture).

Needs Python 3's standard library and Chromium. Prints one line per failure and a last
line `N passed, M failed`; exits 1 on any failure.
"""
import argparse
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAYLOAD_TITLE = "PWNED"
ARTICLE = (
    "The council met on Monday. <script>document.title='PWNED'</script> The mayor said the budget "
    "would rise by 12 percent next year.\n"
    "A reader wrote \"><img src=x onerror=\"document.title='PWNED'\"> in the comments of the paper.\n"
    "See [the plan](javascript:document.title='PWNED') for the details of the budget.\n"
)
DRAFT = (
    "# <script>document.title='PWNED'</script>\n\n"
    "The mayor said \u201cthe budget would rise by 21 percent next year\u201d <script>document.title='PWNED'</script>.\n\n"
    "A reader wrote \u201c\"><img src=x onerror=\"document.title='PWNED'\"> in the comments\u201d of the paper.\n\n"
    "See [the plan](javascript:document.title='PWNED') and <a href=\"javascript:document.title='PWNED'\">this</a>.\n"
    "The council met on Monday, the mayor said.\n"
)

passed = 0
failures = []


def ok(cond, msg):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(msg)
        print(f"FAIL: {msg}")
    return cond


class Dom(html.parser.HTMLParser):
    """Elements (tag, attributes) and the title of a serialized DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def chromium(args, page, *extra):
    with tempfile.TemporaryDirectory(prefix="cite-chromium-") as profile:
        cmd = [args.chromium, *FLAGS, f"--user-data-dir={profile}", *extra, "file://" + os.path.abspath(page)]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def load(args, page):
    p = chromium(args, page, "--dump-dom")
    ok(p.returncode == 0, f"chromium --dump-dom {page}: exit {p.returncode}: {p.stderr[-300:]}")
    dom = Dom()
    dom.feed(p.stdout)
    return dom


def audit(args, index, draft, fmt):
    p = subprocess.run([args.bin, "--index", index, "audit", draft, "--format", fmt],
                       capture_output=True, text=True, timeout=300)
    ok(p.returncode in (0, 1), f"audit {draft} --format {fmt}: exit {p.returncode}: {p.stderr.strip()[:300]}")
    return p.stdout


def check_page(args, index, draft, work, name):
    """Loads the report of `draft` and checks its DOM against the JSON report; returns the page path."""
    doc = json.loads(audit(args, index, draft, "json"))
    page = os.path.join(work, name)
    with open(page, "w", encoding="utf-8") as f:
        f.write(audit(args, index, draft, "html"))
    dom = load(args, page)
    where = f"{name}"
    tags = [t for t, _ in dom.elements]
    for bad in ("script", "img", "iframe", "object", "embed", "link", "form", "input", "svg"):
        ok(bad not in tags, f"{where}: the DOM holds a <{bad}> element")
    ok(dom.title.strip() == f"Fact-check report: {draft}", f"{where}: title changed to {dom.title!r}: something ran")
    ok(PAYLOAD_TITLE not in dom.title, f"{where}: a payload ran")
    items = [a for t, a in dom.elements if t == "span" and "item" in a.get("class", "").split()]
    ok(len(items) == len(doc["items"]), f"{where}: {len(items)} item spans, the report has {len(doc['items'])} items")
    for span, item in zip(items, doc["items"]):
        cls = span.get("class", "").split()
        ok(("quotation" in cls) == (item["kind"] == "quotation"), f"{where}: item {item['text'][:30]!r} has classes {cls}")
        if item["verdict"] is not None:
            ok(item["verdict"].replace("_", " ") in span.get("title", ""), f"{where}: hover of {item['text'][:30]!r} lacks its verdict")
            evidence = (item.get("matches") or []) + (item.get("evidence") or [])
            if evidence:
                ok(evidence[0]["source"] in span.get("title", ""), f"{where}: hover of {item['text'][:30]!r} lacks its source")
    ids = {a.get("id") for _, a in dom.elements if a.get("id")}
    checked = [i for i in doc["items"] if i["verdict"] is not None]
    notes = [i for i in ids if i.startswith("note-")]
    ok(len(notes) == len(checked), f"{where}: {len(notes)} notes for {len(checked)} checked items")
    for t, a in dom.elements:
        href = a.get("href")
        if href is not None:
            ok(href.startswith("#") and href[1:] in ids, f"{where}: link {href!r} does not stay in the page")
    return page


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/cite")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--screenshot", default="target/audit-report.png")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cite-browser-") as work:
        # 1. The harness sees a script run.
        control = os.path.join(work, "control.html")
        with open(control, "w") as f:
            f.write("<!DOCTYPE html><title>before</title><script>document.title='PWNED'</script>")
        ok(load(args, control).title == PAYLOAD_TITLE, "control page: the harness does not see scripts run")

        # 2. Hostile sources and draft.
        docs = os.path.join(work, "docs")
        os.makedirs(docs)
        with open(os.path.join(docs, "article.txt"), "w", encoding="utf-8") as f:
            f.write(ARTICLE)
        index = os.path.join(work, "index")
        subprocess.run([args.bin, "--index", index, "index", docs, "--quiet"], check=True, timeout=120)
        draft = os.path.join(work, "hostile.md")
        with open(draft, "w", encoding="utf-8") as f:
            f.write(DRAFT)
        check_page(args, index, draft, work, "hostile.html")

        # 3. The fixture on the seeds, and its screenshot.
        seeds = os.path.join(work, "seeds-index")
        subprocess.run([args.bin, "--index", seeds, "index", "seeds", "--quiet"], check=True, timeout=300)
        page = check_page(args, seeds, "tests/fixtures/draft.md", work, "fixture.html")
        shot = os.path.abspath(args.screenshot)
        os.makedirs(os.path.dirname(shot), exist_ok=True)
        p = chromium(args, page, f"--screenshot={shot}", "--window-size=1000,1000", "--hide-scrollbars")
        ok(p.returncode == 0 and os.path.getsize(shot) > 1000, f"screenshot: exit {p.returncode}: {p.stderr[-300:]}")
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
