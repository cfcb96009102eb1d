/**
 * Markdown from lab files, rendered for `v-html`. Lab files are checked when they load (no raw
 * HTML, no script links: src/main/sandbox/labs/markdown.ts), but the renderer does not trust that:
 * `marked` turns the text into HTML and DOMPurify keeps only formatting tags; links keep an
 * `https:` address only, and open with rel="noopener noreferrer" (DESIGN.md, Security: "Markdown
 * from lab files is sanitized before it is shown").
 */
import DOMPurify from 'dompurify'
import { Marked } from 'marked'

const ALLOWED_TAGS = [
  'p', 'br', 'strong', 'em', 'b', 'i', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h3', 'h4', 'h5', 'h6',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'del', 'sup', 'sub'
]
const ALLOWED_ATTR = ['href', 'title', 'rel', 'target', 'align', 'start']

// A private instance: no other code can add extensions to it.
const marked = new Marked({ async: false, gfm: true, breaks: false })

let hooked = false
function purifier(): typeof DOMPurify {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName !== 'A') return
      const href = node.getAttribute('href') ?? ''
      if (!/^https:\/\//i.test(href)) {
        node.removeAttribute('href')
        return
      }
      node.setAttribute('rel', 'noopener noreferrer')
      node.setAttribute('target', '_blank')
    })
    hooked = true
  }
  return DOMPurify
}

function sanitize(html: string): string {
  return purifier().sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false })
}

/** Block markdown (paragraphs, lists, code) to sanitized HTML. */
export function renderMarkdown(text: string): string {
  return sanitize(marked.parse(text, { async: false }))
}

/** One line of markdown (no surrounding paragraph), e.g. a question prompt or a choice. */
export function renderInline(text: string): string {
  return sanitize(marked.parseInline(text, { async: false }))
}
