import { filterInlineStyle, sanitizeMailHtml } from './sanitize-mail-html';

describe('sanitizeMailHtml', () => {
  it.each([
    ['a script element', '<p>Hola</p><script>alert(1)</script>', '<p>Hola</p>'],
    ['an inline event handler', '<p onclick="robar()">Hola</p>', '<p>Hola</p>'],
    ['an onerror image', '<img src="x" onerror="alert(1)">', '<img />'],
    ['a javascript: link', '<a href="javascript:alert(1)">clic</a>', '<a target="_blank" rel="noopener noreferrer nofollow">clic</a>'],
    ['an entity-obfuscated javascript: link', '<a href="jav&#x09;ascript&colon;alert(1)">clic</a>', '<a target="_blank" rel="noopener noreferrer nofollow">clic</a>'],
    ['a data: link', '<a href="data:text/html,&lt;script&gt;">x</a>', '<a target="_blank" rel="noopener noreferrer nofollow">x</a>'],
    ['a vbscript: link', '<a href="vbscript:msgbox(1)">x</a>', '<a target="_blank" rel="noopener noreferrer nofollow">x</a>'],
    ['an iframe', '<iframe src="https://evil.example/"></iframe>ok', 'ok'],
    ['a form with inputs', '<form action="https://evil.example/"><input name="clave"><button>Enviar</button></form>', 'Enviar'],
    ['objects and embeds', '<object data="x.swf"></object><embed src="x.swf">ok', 'ok'],
    ['style elements', '<style>body{background:url(https://t.example/x.gif)}</style><p>ok</p>', '<p>ok</p>'],
    ['a CSS expression', '<div style="width: expression(alert(1)); color: red">x</div>', '<div style="color: red">x</div>'],
    ['a CSS url()', '<div style="background-image: url(https://t.example/x.gif)">x</div>', '<div>x</div>'],
    ['an escaped CSS expression', '<div style="width: e\\78 pression(alert(1))">x</div>', '<div>x</div>'],
    ['CSS that overlays the page', '<div style="position: fixed; top: 0; z-index: 9999">x</div>', '<div>x</div>'],
    ['meta refresh and base', '<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/">ok', 'ok'],
    ['SVG with script', '<svg><script>alert(1)</script></svg>ok', 'ok'],
    ['ids and classes', '<p id="app" class="MsoNormal">x</p>', '<p>x</p>'],
    ['a background attribute', '<table background="https://t.example/bg.png"><tr><td>x</td></tr></table>', '<table><tr><td>x</td></tr></table>'],
    ['a data: image', '<img src="data:image/png;base64,AAAA">', '<img />'],
  ])('removes %s', (_what, html, expected) => {
    expect(sanitizeMailHtml(html).html).toBe(expected);
  });

  it.each([
    ['a remote image, moved to data-remote-src', '<img src="https://t.example/p.gif" alt="logo">', '<img alt="logo" data-remote-src="https://t.example/p.gif" />'],
    ['a protocol-relative image', '<img src="//t.example/p.gif">', '<img data-remote-src="https://t.example/p.gif" />'],
    ['a cid: image', '<img src="cid:escudo@pasto.gov.co" alt="Escudo">', '<img alt="Escudo" src="cid:escudo@pasto.gov.co" />'],
    ['an https link, opened safely', '<a href="https://sispt.dnp.gov.co/">SisPT</a>', '<a href="https://sispt.dnp.gov.co/" target="_blank" rel="noopener noreferrer nofollow">SisPT</a>'],
    ['a mailto link', '<a href="mailto:kpt@dnp.gov.co">kpt</a>', '<a href="mailto:kpt@dnp.gov.co" target="_blank" rel="noopener noreferrer nofollow">kpt</a>'],
    ['tables and harmless styles', '<table border="1"><tr><td colspan="2" style="color: #003366; font-weight: bold">Año</td></tr></table>', '<table border="1"><tr><td colspan="2" style="color: #003366; font-weight: bold">Año</td></tr></table>'],
    ['accents and ñ in entities', '<p>Peti&ccedil;&atilde;o &ntilde; a&ntilde;o &#241;</p>', '<p>Petição ñ año ñ</p>'],
  ])('keeps %s', (_what, html, expected) => {
    expect(sanitizeMailHtml(html).html).toBe(expected);
  });

  it('never lets a remote image load, whatever the case or spacing', () => {
    const { html } = sanitizeMailHtml('<IMG SRC=" HTTPS://t.example/a.gif"><img srcset="https://t.example/b.gif 2x"><img lowsrc="https://t.example/c.gif">');
    expect(html).not.toMatch(/\s(?:src|srcset|lowsrc)="\s*(?:https?:)?\/\//i);
  });

  it.each([
    ['paragraphs and line breaks', '<p>Cordial saludo,</p><p>Primera línea<br>Segunda   línea</p>', 'Cordial saludo,\n\nPrimera línea\nSegunda línea'],
    ['escaped characters', '<p>a &lt; b &amp;&amp; c &gt; d</p>', 'a < b && c > d'],
    ['hidden elements', '<html><head><title>Título</title><style>p{}</style></head><body><p>Cuerpo</p><script>x()</script></body></html>', 'Cuerpo'],
    ['preformatted text', '<pre>línea 1\n  línea 2</pre><p>fin</p>', 'línea 1\n  línea 2\n\nfin'],
    ['table cells', '<table><tr><td>Municipio</td><td>Tuluá</td></tr></table>', 'Municipio Tuluá'],
    ['indented source markup', '<div>\n    <p>\n      Hola,\n      señor\n    </p>\n</div>', 'Hola, señor'],
  ])('derives text from %s', (_what, html, text) => {
    expect(sanitizeMailHtml(html).text).toBe(text);
  });
});

describe('filterInlineStyle', () => {
  it.each([
    ['color: red; font-weight: bold', 'color: red; font-weight: bold'],
    ['COLOR: rgb(0, 51, 102)', 'color: rgb(0, 51, 102)'],
    ["font-family: 'Calibri', sans-serif", "font-family: 'Calibri', sans-serif"],
    ['color: red; behavior: url(x.htc)', 'color: red'],
    ['-moz-binding: url(x.xml#y); color: blue', 'color: blue'],
    ['background: url(https://t.example/x.gif)', ''],
    ['color: red /* comment */', ''],
    ['color: expression(alert(1))', ''],
    ['color: &#101;xpression(1)', ''],
    ['position: absolute; left: 0', ''],
    ['', ''],
  ])('%j → %j', (style, expected) => {
    expect(filterInlineStyle(style)).toBe(expected);
  });
});
