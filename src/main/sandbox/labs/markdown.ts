/**
 * Load-time safety for lab markdown. The renderer sanitizes with DOMPurify before showing anything;
 * this is the second fence: lab files are plain markdown, so raw HTML and script-bearing link
 * schemes are refused when the file is loaded, and the author hears which field is wrong.
 *
 * Code (fenced blocks and `inline code`) is exempt, so a lab can show `p99 < 250` or a snippet.
 */

const FENCED = /(^|\n)(```|~~~)[^\n]*\n[\s\S]*?(\n\2[^\n]*(?=\n|$)|$)/g
const INLINE_CODE = /`[^`\n]*`/g
/** A raw HTML tag, comment, declaration or processing instruction. */
const RAW_HTML = /<\s*(\/?[A-Za-z][\w:-]*|!|\?)/
/** Schemes that run code or smuggle documents when a link or image is followed. */
const BAD_SCHEME = /\b(javascript|vbscript|livescript)\s*:|\bdata\s*:\s*(text\/html|image\/svg|application)/i

/** Returns a problem description, or null when the markdown is safe to ship. */
export function markdownProblem(text: string): string | null {
  const prose = text.replace(FENCED, '\n').replace(INLINE_CODE, '')
  const script = /<\s*script/i.test(prose)
  if (script) return 'must not contain raw HTML: found a <script> tag (lab text is markdown only)'
  const tag = RAW_HTML.exec(prose)
  if (tag) return `must not contain raw HTML: found "<${tag[1]}" (lab text is markdown only; put code in backticks)`
  const scheme = BAD_SCHEME.exec(prose)
  if (scheme) return `must not contain "${scheme[0]}" links (javascript:, vbscript: and data: URLs are refused)`
  return null
}
