import { chooseSnippet, escapeHtml, HIGHLIGHT_START as S, HIGHLIGHT_STOP as E, snippetHtml } from './search-snippet';

describe('search snippets', () => {
  it('escapes everything from the mail and turns only the markers into <mark>', () => {
    expect(snippetHtml(`<script>alert("x")</script> olvidé mi ${S}contraseña${E} & 'clave'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; olvidé mi <mark>contraseña</mark> &amp; &#39;clave&#39;',
    );
  });

  it('never leaves a tag open or closes one that was not opened', () => {
    expect(snippetHtml(`${E}a ${S}b ${S}c`)).toBe('a <mark>b c</mark>');
  });

  it('escapes markup that only looks like a mark tag', () => {
    expect(snippetHtml('<mark>falso</mark>')).toBe('&lt;mark&gt;falso&lt;/mark&gt;');
  });

  it('prefers the body headline when it holds a match, then the subject, then the start of the body', () => {
    expect(chooseSnippet(`texto ${S}clave${E}`, `${S}clave${E}`)).toBe('texto <mark>clave</mark>');
    expect(chooseSnippet('primeras palabras', `Asunto ${S}clave${E}`)).toBe('Asunto <mark>clave</mark>');
    expect(chooseSnippet('primeras palabras', 'Asunto')).toBe('primeras palabras');
    expect(chooseSnippet(null, null)).toBe('');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
