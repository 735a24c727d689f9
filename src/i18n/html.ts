/**
 * Telegram's HTML parse mode accepts only &lt; &gt; &amp; &quot; and numeric entities, and rejects a
 * bare `<`, `>` or `&`. Every user-supplied string goes through this before it meets HTML.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
