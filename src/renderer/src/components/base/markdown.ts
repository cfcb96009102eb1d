/**
 * Markdown from lab files, rendered for `v-html`. Lab files are checked when they load (no raw
 * HTML, no script links: src/main/sandbox/labs/markdown.ts), but the renderer does not trust that:
 * `marked` turns the text into HTML and DOMPurify keeps only formatting tags; links keep an
 * `https:` address on the AWS documentation allow-list only (shared/external-links.ts), and open
 * in a new tab with rel="noopener noreferrer" (DESIGN.md, Security: "Markdown from lab files is
 * sanitized before it is shown"). In the desktop app a new window is refused and an allow-listed
 * address opens in the system browser instead (main/security.ts); in browser mode it is a new tab.
 *
 * With the setting "Show links to the AWS documents" off, links are shown as their text only.
 */
import DOMPurify from 'dompurify'
import { Marked } from 'marked'
import { ref } from 'vue'
import { isAllowedExternalUrl } from '@shared/external-links'

/**
 * The "Show links to the AWS documents" setting, kept current by the app store. The render
 * functions read it, so a view that renders markdown in a computed or a template updates when it
 * changes.
 */
export const docLinks = ref(true)

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
      if (!isAllowedExternalUrl(href)) {
        node.removeAttribute('href')
        return
      }
      node.setAttribute('rel', 'noopener noreferrer')
      node.setAttribute('target', '_blank')
      node.setAttribute('title', href)
    })
    hooked = true
  }
  return DOMPurify
}

const TAGS_WITHOUT_LINKS = ALLOWED_TAGS.filter((t) => t !== 'a')

/** Links survive only with the setting on; off, a link is its text (DOMPurify keeps a dropped tag's content). */
function sanitize(html: string): string {
  const tags = docLinks.value ? ALLOWED_TAGS : TAGS_WITHOUT_LINKS
  return purifier().sanitize(html, { ALLOWED_TAGS: tags, ALLOWED_ATTR, ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false })
}

/** Block markdown (paragraphs, lists, code) to sanitized HTML. */
export function renderMarkdown(text: string): string {
  return sanitize(marked.parse(text, { async: false }))
}

/** One line of markdown (no surrounding paragraph), e.g. a question prompt or a choice. */
export function renderInline(text: string): string {
  return sanitize(marked.parseInline(text, { async: false }))
}
