"""A corpus of script-injection payloads and a parser-based check that none of them became markup."""

from bs4 import BeautifulSoup

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>window.__xss=1</script>",
    "<img src=x onerror=alert(1)>",
    '<img src=x onerror="window.__xss=1">',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>XSS</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">CLICK</math>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/<script>alert(1)</script>",
    "https://example.org/?q='><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<p><b><i>unclosed <a href=javascript:alert(1)>",
    "</textarea><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
]

DANGEROUS_TAGS = {
    "iframe", "object", "embed", "svg", "math", "img", "style", "base", "video", "source", "details",
    "template", "noscript", "input", "textarea", "select", "button", "meta", "body",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background"}


def injected(html, scope_selector=".comment, .own-comments, .moderation-table, .account-name, blockquote"):
    """Return what in the reader-controlled parts of a page is markup a payload made (empty when safe)."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for scope in soup.select(scope_selector):
        for element in scope.find_all(True):
            if element.name == "script" or element.name in DANGEROUS_TAGS and not is_page_control(element):
                found.append(f"<{element.name}>")
            for name, value in element.attrs.items():
                value = " ".join(value) if isinstance(value, list) else str(value)
                if name.lower().startswith("on"):
                    found.append(f"{element.name}[{name}]")
                if name.lower() in URL_ATTRIBUTES and value.strip().lower().replace("\t", "").startswith(
                    ("javascript:", "data:", "vbscript:")
                ):
                    found.append(f"{element.name}[{name}={value[:30]}]")
                if name.lower() == "style":
                    found.append(f"{element.name}[style]")
    for script in soup.find_all("script"):
        # The page's own: files from /static/ (and the back office's translations), and data blocks.
        if script.get("type") == "application/json" or script.get("src", "").startswith(("/static/", "/admin/jsi18n/")):
            continue
        found.append(f"script {str(script)[:60]}")
    return found


def is_page_control(element):
    """The page's own controls (the queue's checkboxes, the delete buttons), not a payload's."""
    return element.name in {"input", "button"} and (
        element.get("name") in {"comment", "csrfmiddlewaretoken"} or element.get("type") == "submit"
    )
