// Live preview of the reply while editing (the preview iframe is sandboxed: no script runs inside it).
(function () {
  var text = document.getElementById("draft-text");
  var html = document.getElementById("draft-html");
  var preText = document.getElementById("preview-text");
  var preHtml = document.getElementById("preview-html");
  var htmlTouched = false;
  function esc(s) { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  function fromText(s) {
    return s.trim().split(/\n{2,}/).map(function (p) { return "<p>" + esc(p).replace(/\n/g, "<br>") + "</p>"; }).join("\n");
  }
  var csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">";
  if (text && preText) {
    text.addEventListener("input", function () {
      preText.textContent = text.value;
      if (preHtml && !htmlTouched) preHtml.srcdoc = csp + fromText(text.value);
    });
  }
  if (html && preHtml) {
    html.addEventListener("input", function () { htmlTouched = true; preHtml.srcdoc = csp + html.value; });
  }
})();
