#!/bin/sh
# probe.sh PAGE WIDTH [SCRIPT]: loads PAGE in headless Chromium inside a
# frame WIDTH px wide and prints "load=MS scrollWidth=N clientWidth=N
# nodes=N" (milliseconds from the start of the frame's load to its load
# event; the widths of the page's root, so scrollWidth > clientWidth is a
# horizontal overflow), then what SCRIPT returns: a JavaScript expression
# evaluated once the page has loaded, with d the page's document.
# The page is opened from a file, so the frame may be read from outside
# (--allow-file-access-from-files). Used by html-tests.sh and bench/run.sh.
set -u
page=$(realpath "$1")
width=$2
script=${3:-'""'}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat >"$dir/probe.html" <<EOT
<!DOCTYPE html><html><body style="margin:0"><pre id="out"></pre>
<script>var t0 = performance.now();
function done(frame) {
  var d = frame.contentDocument, e = d.documentElement, t = Math.round(performance.now() - t0), extra;
  try { extra = String((function (d) { return $script; })(d)); } catch (x) { extra = "error " + x; }
  document.getElementById("out").textContent = "load=" + t + " scrollWidth=" + e.scrollWidth +
    " clientWidth=" + e.clientWidth + " nodes=" + d.getElementsByTagName("*").length + "\n" + extra;
}</script>
<iframe style="width:${width}px;height:900px;border:0" src="file://$page" onload="done(this)"></iframe>
</body></html>
EOT
timeout 180 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --allow-file-access-from-files \
	--user-data-dir="$dir/profile" --window-size=$((width + 40)),1000 --dump-dom "file://$dir/probe.html" 2>/dev/null |
	sed -n '/<pre id="out">/,/<\/pre>/p' | sed 's/.*<pre id="out">//; s:</pre>.*::' | sed 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g'
