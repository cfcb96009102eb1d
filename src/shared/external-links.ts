/**
 * The one list of places the app may send the learner outside itself: the AWS documentation its
 * simulations and labs cite. The desktop host opens only these in the system browser (security.ts);
 * the renderer makes a link only of these (components/base/markdown.ts); lab files may link only
 * here (sandbox/labs/markdown.ts). https only, no credentials in the address.
 */
export const EXTERNAL_HOST_ALLOW_LIST: readonly string[] = ['docs.aws.amazon.com', 'aws.amazon.com', 'docs.aws.amazon.com.cn']

/**
 * `https://<host>[:443][/path?query#fragment]` with a host on the list. Read strictly, without the
 * URL class (the sandbox, which checks lab files, has no DOM or Node types): the host may hold only
 * letters, digits, dots and hyphens, so no credentials (`user@`), backslash, space or control
 * character can make a browser read another host than the one checked here.
 */
const HTTPS_URL = /^https:\/\/([A-Za-z0-9.-]+)(?::443)?(?:[/?#][^\s\\]*)?$/

export function isAllowedExternalUrl(url: string): boolean {
  const match = HTTPS_URL.exec(url)
  return match !== null && EXTERNAL_HOST_ALLOW_LIST.includes(match[1].toLowerCase())
}
