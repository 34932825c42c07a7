"""Measure a page's layout in headless Chromium: what sticks out of a phone-wide viewport.

The page is copied with a probe script appended to its body; Chromium runs it at the given
window width and ``--dump-dom`` returns the probe's JSON. An element inside a box that scrolls
or clips sideways (``overflow-x: auto | scroll | hidden``) does not count: that box scrolls on
its own, as WCAG 1.4.10 allows for data tables. The page itself must not scroll sideways.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

_PROBE = """<script>
(function () {
  var vw = document.documentElement.clientWidth, bad = [];
  function scrolls(el) {
    for (var p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden") { return true; }
    }
    return false;
  }
  Array.prototype.forEach.call(document.querySelectorAll("body *"), function (el) {
    var r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) { return; }
    if ((r.right > vw + 1 || r.left < -1) && !scrolls(el)) {
      bad.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && el.className.baseVal === undefined ? "." + el.className : "") + " " + Math.round(r.left) + ".." + Math.round(r.right));
    }
  });
  parent.postMessage(JSON.stringify({viewport: vw, scroll_width: document.documentElement.scrollWidth,
                                     outside: bad.slice(0, 25)}), "*");
}());
</script>"""


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


#: Headless Chromium keeps its window at least 500 px wide: the page runs in a frame of the wanted width.
_FRAME = """<!DOCTYPE html><html><body style="margin:0"><pre id="layout-probe"></pre>
<iframe src="{src}" width="{width}" height="{height}" style="border:0"></iframe>
<script>addEventListener("message", function (e) {{ document.getElementById("layout-probe").textContent = e.data; }});</script>
</body></html>"""


def measure(html: str, tmp_path: Path, width: int = 390, height: int = 844) -> dict[str, Any]:
    """``{"viewport", "scroll_width", "outside": [...]}`` of ``html`` rendered ``width`` px wide."""
    page = tmp_path / f"probe-{width}.html"
    page.write_text(html.replace("</body>", _PROBE + "\n</body>", 1), encoding="utf-8")
    frame = tmp_path / f"frame-{width}.html"
    frame.write_text(_FRAME.format(src=page.name, width=width, height=height), encoding="utf-8")
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'chrome-profile'}", "--window-size=800,900",
         "--virtual-time-budget=5000", "--dump-dom", frame.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    start = done.stdout.index('<pre id="layout-probe">') + len('<pre id="layout-probe">')
    raw = done.stdout[start:done.stdout.index("</pre>", start)]
    return dict(json.loads(raw.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")))


def screenshot(html_path: Path, png: Path, tmp_path: Path, width: int, height: int = 2400) -> None:
    """A PNG of the page ``width`` px wide, for a person to look at."""
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         f"--user-data-dir={tmp_path / 'chrome-profile'}", f"--window-size={width},{height}",
         f"--screenshot={png}", html_path.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )
