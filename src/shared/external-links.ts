/**
 * The one list of places the app may send the learner outside itself: the AWS documentation its
 * simulations and labs cite. The desktop host opens only these in the system browser (security.ts);
 * the renderer makes a link only of these (components/base/markdown.ts); lab files may link only
 * here (sandbox/labs/markdown.ts). https only, no credentials in the address.
 */
export const EXTERNAL_HOST_ALLOW_LIST: readonly string[] = ['docs.aws.amazon.com', 'aws.amazon.com', 'docs.aws.amazon.com.cn']

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  // The default port only: another port on an allowed host is another origin.
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.port === '' && EXTERNAL_HOST_ALLOW_LIST.includes(parsed.hostname)
}
