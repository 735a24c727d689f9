import { parseTelegramHtml } from '../support/fake-telegram/html';

describe('the fake Telegram HTML checker (what the fake rejects, Telegram rejects)', () => {
  it('accepts supported tags and entities and returns the visible text', () => {
    const r = parseTelegramHtml('<b>Hi</b> &lt;you&gt; &amp; <a href="https://x.org/?a=1&amp;b=2">link</a> &#1587;');
    expect(r).toEqual({ ok: true, text: 'Hi <you> & link س' });
  });

  it.each([
    ['a bare <', 'a < b'],
    ['a bare >', 'a > b'],
    ['a bare &', 'Tom & Jerry'],
    ['an unsupported tag', '<script>x</script>'],
    ['an unclosed tag', '<b>bold'],
    ['crossed tags', '<b><i>x</b></i>'],
    ['a stray end tag', 'x</b>'],
    ['an unknown named entity', '&nbsp;'],
    ['a link without href', '<a>x</a>'],
  ])('rejects %s', (_what, html) => {
    const r = parseTelegramHtml(html);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.description).toMatch(/^Bad Request: can't parse entities: /);
  });
});
