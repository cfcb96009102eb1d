/**
 * The load-time markdown check judges links as a browser would read them: entities decoded
 * (CommonMark decodes them in link destinations), tabs and newlines dropped (WHATWG URL parser),
 * and only https: or in-app destinations pass.
 */
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLabFiles, readExamItemIds } from '../../../src/main/labs/loader'
import { markdownProblem } from '../../../src/main/sandbox/labs/markdown'

const ROOT = resolve(__dirname, '../../..')
const SCRIPT = 'must not contain "javascript:" links (javascript:, vbscript: and data: URLs are refused)'
const ALLOWED = 'only https: links and in-app links (a relative path or #fragment) are allowed'

describe('markdown links', () => {
  it('an entity cannot hide a javascript: link', () => {
    // &#58; is ":", &#106; is "j", &#9; is a tab (HTML numeric character references).
    expect(markdownProblem('[docs](javascript&#58;alert(1))')).toBe(SCRIPT)
    expect(markdownProblem('[docs](&#106;avascript:alert(1))')).toBe(SCRIPT)
    expect(markdownProblem('[docs](&#x6A;avascript:alert(1))')).toBe(SCRIPT)
    expect(markdownProblem('[docs](java&#9;script:alert(1))')).toBe(SCRIPT)
    expect(markdownProblem('[docs](javascript&colon;alert(1))')).toBe(SCRIPT)
  })

  it('file:, http: and other schemes are refused in links, reference definitions and bare addresses', () => {
    expect(markdownProblem('[passwd](file:///etc/passwd)')).toBe(`must not contain "file:" links (${ALLOWED})`)
    expect(markdownProblem('[site](http://example.com)')).toBe(`must not contain "http:" links (${ALLOWED})`)
    expect(markdownProblem('[site](&#104;ttp://example.com)')).toBe(`must not contain "http:" links (${ALLOWED})`)
    expect(markdownProblem('See [the guide][g].\n\n[g]: ftp://example.com/guide')).toBe(`must not contain "ftp:" links (${ALLOWED})`)
    expect(markdownProblem('Read http://example.com first')).toMatch(/^must not contain "http:\/\/" links/)
    expect(markdownProblem('Read www.example.com first')).toMatch(/^must not contain "www\." links/)
    expect(markdownProblem('[other host](//example.com/x)')).toMatch(/^must not contain links to another host/)
  })

  it('an https link out of the app goes only to the AWS documentation hosts the desktop app may open', () => {
    const elsewhere = 'links out of the app go to docs.aws.amazon.com, aws.amazon.com, docs.aws.amazon.com.cn over https'
    expect(markdownProblem('[a blog](https://example.com/cloudwatch)')).toBe(`must not link to "https://example.com/cloudwatch": ${elsewhere}`)
    // A look-alike host is another host.
    expect(markdownProblem('[docs](https://docs.aws.amazon.com.attacker.example/x)')).toMatch(/^must not link to/)
    expect(markdownProblem('[docs](https://user@docs.aws.amazon.com/x)')).toMatch(/^must not link to/)
    expect(markdownProblem('See https://example.com/x for more.')).toBe(`must not link to "https://example.com/x": ${elsewhere}`)
    expect(markdownProblem('See [pricing](https://aws.amazon.com/sagemaker/pricing/).')).toBeNull()
  })

  it('https: links, relative links, fragments and ordinary colons pass', () => {
    expect(markdownProblem('[CloudWatch alarms](https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html)')).toBeNull()
    expect(markdownProblem('Back to [the top](#top) or [the next lab](../labs/latency-alarm-p99).')).toBeNull()
    expect(markdownProblem('Note: p99 &lt; 250 ms. Period: 60 s. See https://docs.aws.amazon.com/ too.')).toBeNull()
  })

  it('a lab file with an entity-encoded javascript: link is refused by the loader, naming the field', () => {
    const ids = readExamItemIds(resolve(ROOT, 'resources/content/exam-domain4.json'))
    const { labs, errors } = loadLabFiles([resolve(ROOT, 'tests/fixtures/labs/entity-link.yaml')], ids)
    expect(labs).toEqual([])
    expect(errors).toEqual([{ file: 'entity-link.yaml', line: 55, field: 'steps[0].hints[1]', message: SCRIPT }])
  })
})
