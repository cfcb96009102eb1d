/**
 * Load-time safety for lab markdown. The renderer sanitizes with DOMPurify before showing anything;
 * this is the second fence, and it is as strict as it says: lab files are plain markdown, so raw
 * HTML is refused, and a link may only go to an `https:` address or stay in the app (a relative
 * path or a `#fragment`), and an https link only to the AWS documentation hosts the app may open
 * (shared/external-links.ts). The author hears which field is wrong.
 *
 * Markdown decodes HTML entities inside link destinations (CommonMark 0.31, "Entity and numeric
 * character references"), and browsers drop tabs and newlines inside a URL (WHATWG URL standard,
 * "basic URL parser"), so `&#106;avascript:` and `java&#9;script:` are `javascript:`. Everything is
 * judged after that decoding (the `entities` package, which knows every HTML5 named reference).
 *
 * Code (fenced blocks and `inline code`) is exempt, so a lab can show `p99 < 250` or a snippet.
 */
import { decodeHTML } from 'entities'
import { EXTERNAL_HOST_ALLOW_LIST, isAllowedExternalUrl } from '../../../shared/external-links'

const FENCED = /(^|\n)(```|~~~)[^\n]*\n[\s\S]*?(\n\2[^\n]*(?=\n|$)|$)/g
const INLINE_CODE = /`[^`\n]*`/g
/** A raw HTML tag, comment, declaration or processing instruction (also catches `<scheme:…>` autolinks). */
const RAW_HTML = /<\s*(\/?[A-Za-z][\w:-]*|!|\?)/
/** Schemes that run code or smuggle documents when a link or image is followed. */
const BAD_SCHEME = /\b(javascript|vbscript|livescript)\s*:|\bdata\s*:\s*(text\/html|image\/svg|application)/i
/** Inline link or image destinations: `](dest` or `](<dest>`. */
const INLINE_DEST = /\]\(\s*(<[^>\n]*>|[^\s)]+)/g
/** Link reference definitions: `[label]: dest`. */
const REFERENCE_DEST = /^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)/gm
/** Bare addresses that GitHub-flavoured markdown turns into links by itself (`http://…`, `www.…`). */
const BARE_LINK = /\b([a-z][a-z0-9+.-]*:\/\/|www\.)/gi
const SCHEME = /^([a-z][a-z0-9+.-]*):/
/** A bare https address, which GitHub-flavoured markdown links by itself. */
const BARE_HTTPS = /https:\/\/[^\s<>()[\]]+/gi
const ALLOWED = 'only https: links and in-app links (a relative path or #fragment) are allowed'

/** Decodes entity references until nothing changes, so `&amp;#106;` cannot hide a `j` either. */
function decodeEntities(text: string): string {
  let current = text
  for (let i = 0; i < 4; i++) {
    const next = decodeHTML(current)
    if (next === current) break
    current = next
  }
  return current
}

/** What a browser would make of a link destination: entities decoded, tabs and newlines gone. */
function normalizeDestination(raw: string): string {
  const unwrapped = raw.startsWith('<') && raw.endsWith('>') ? raw.slice(1, -1) : raw
  // The URL parser also strips leading C0 controls and spaces before it reads the scheme.
  return decodeEntities(unwrapped).replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '').toLowerCase()
}

function destinationProblem(raw: string): string | null {
  const dest = normalizeDestination(raw)
  const scheme = SCHEME.exec(dest)
  if (scheme && scheme[1] !== 'https') return `must not contain "${scheme[1]}:" links (${ALLOWED})`
  // A link out of the app goes to the AWS documents the app may open, and nowhere else.
  if (scheme && !isAllowedExternalUrl(dest)) return `must not link to "${raw}": links out of the app go to ${EXTERNAL_HOST_ALLOW_LIST.join(', ')} over https`
  if (scheme) return null
  if (/^[/\\]{2}/.test(dest) || /^\/\\/.test(dest)) return `must not contain links to another host ("${raw}"; ${ALLOWED})`
  return null
}

/** Returns a problem description, or null when the markdown is safe to ship. */
export function markdownProblem(text: string): string | null {
  const prose = text.replace(FENCED, '\n').replace(INLINE_CODE, '')
  // Raw HTML is judged before decoding: markdown shows `&lt;b&gt;` as text, never as a tag.
  if (/<\s*script/i.test(prose)) return 'must not contain raw HTML: found a <script> tag (lab text is markdown only)'
  const tag = RAW_HTML.exec(prose)
  if (tag) return `must not contain raw HTML: found "<${tag[1]}" (lab text is markdown only; put code in backticks)`
  const decoded = decodeEntities(prose)
  const scheme = BAD_SCHEME.exec(decoded) ?? BAD_SCHEME.exec(decoded.replace(/[\t\n\r]/g, ''))
  if (scheme) return `must not contain "${scheme[0]}" links (javascript:, vbscript: and data: URLs are refused)`
  for (const pattern of [INLINE_DEST, REFERENCE_DEST]) {
    for (const match of prose.matchAll(pattern)) {
      const problem = destinationProblem(match[1])
      if (problem) return problem
    }
  }
  for (const match of decoded.matchAll(BARE_HTTPS)) {
    const url = match[0].replace(/[.,;:!?'"*_]+$/, '')
    if (!isAllowedExternalUrl(url)) return `must not link to "${url}": links out of the app go to ${EXTERNAL_HOST_ALLOW_LIST.join(', ')} over https`
  }
  for (const match of decoded.matchAll(BARE_LINK)) {
    if (match[1].toLowerCase() !== 'https://') {
      return `must not contain "${match[1]}" links (${ALLOWED}; write the full https:// address in a [link](…))`
    }
  }
  return null
}
