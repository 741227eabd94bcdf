"""The XSS corpus: OWASP filter-evasion vectors, Markdown-specific ones, hostile URLs and
spreadsheet formulas, short enough to fit the curated fields.

Every script payload either calls `alert(1)` (the browser test records dialogs) or sets
`window.__xss` (the browser test reads it), so a vector that runs anywhere is seen.
Sources: the OWASP XSS Filter Evasion Cheat Sheet and the Markdown XSS payload lists.
"""

# Markup: each one is dangerous if it reaches a page as markup rather than text.
HTML_VECTORS = [
    "<script>alert(1)</script>",
    "<ScRiPt>window.__xss=1</sCrIpT>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<<SCRIPT>alert(1);//<</SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    '<IMG """><SCRIPT>alert(1)</SCRIPT>">',
    "<img src=x onerror=alert(1)>",
    '<img src=x onerror="window.__xss=1">',
    '<IMG SRC="javascript:alert(1);">',
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=window.__xss=1>",
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=window.__xss=1>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="jav&#x0D;ascript:alert(1)">x</a>',
    '<a href="  javascript:window.__xss=1">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<style>@import'javascript:alert(1)';</style>",
    "' onmouseover='alert(1)",
    '" onmouseover="alert(1)',
    '" autofocus onfocus="alert(1)',
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<svg><a xlink:href="javascript:alert(1)"><text y="9">x</text></a></svg>',
    '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
    '<math><a href="javascript:alert(1)">x</a></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<template><script>alert(1)</script></template>",
]

# Markdown that a careless renderer or sanitiser turns into a live link, image or script.
MARKDOWN_VECTORS = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript:window.__xss=1)",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x]( javascript:alert(1))",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    '[x](https://x.example "t" onmouseover="alert(1)")',
    "[x][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<http://x.example/"onmouseover="alert(1)>',
    "<div>\n<script>alert(1)</script>\n</div>",
    "<div markdown=1>\n[x](javascript:alert(1))\n</div>",
    "`<script>alert(1)</script>`",
]

VECTORS = HTML_VECTORS + MARKDOWN_VECTORS

# What a URL field may hold when it is written through the ORM (forms and imports refuse them).
URL_VECTORS = [
    "javascript:alert(1)",
    " JaVaScRiPt:window.__xss=1",
    "jav\tascript:window.__xss=1",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    'https://x.example/"><script>alert(1)</script>',
]

# Cells a spreadsheet would run: neutralised by a leading quote in CSV downloads.
FORMULA_VECTORS = [
    '=HYPERLINK("https://x.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
