/**
 * events.testEventPattern over both transports, with TestEventPattern's shape (Amazon EventBridge
 * API Reference): request `{ EventPattern, Event }` as JSON text, response `{ Result }`; an invalid
 * pattern or event is a 400 naming the field.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppContext, type AppContext } from '../../src/main/api/app-context'
import { httpTransport, ipcTransport, type Transport } from '../helpers/transports'

/** The EC2 event and the instance-termination pattern from the EventBridge User Guide, "Amazon EventBridge event patterns". */
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' }
}
const terminated = { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } }

describe.each(['ipc', 'http'] as const)('events channels over %s', (kind) => {
  let ctx: AppContext
  let t: Transport

  beforeAll(async () => {
    ctx = createAppContext({ host: 'browser', platform: 'test', dataDir: mkdtempSync(join(tmpdir(), 'events-')) })
    t = kind === 'ipc' ? ipcTransport(ctx.handlers) : await httpTransport(ctx.handlers)
  })

  afterAll(async () => {
    await t?.close()
    ctx?.close()
  })

  const test = (pattern: unknown, event: unknown) =>
    t.call('events.testEventPattern', {
      EventPattern: typeof pattern === 'string' ? pattern : JSON.stringify(pattern),
      Event: typeof event === 'string' ? event : JSON.stringify(event)
    })

  async function refused(pattern: unknown, event: unknown): Promise<string[]> {
    const r = await test(pattern, event)
    expect(r.ok).toBe(false)
    if (r.ok) return []
    expect(r.error.code).toBe('VALIDATION')
    if (kind === 'http') expect(r.status).toBe(400)
    return r.error.issues.map((i) => i.path)
  }

  it('answers { Result: true } for the user guide\'s termination pattern and its EC2 event', async () => {
    const r = await test(terminated, ec2Event)
    expect(r).toMatchObject({ ok: true, data: { Result: true } })
  })

  it('answers { Result: false } when the state differs', async () => {
    const r = await test(terminated, { ...ec2Event, detail: { ...ec2Event.detail, state: 'running' } })
    expect(r).toMatchObject({ ok: true, data: { Result: false } })
  })

  it('accepts an event without resources, as AWS does (LocalStack\'s AWS-validated templates omit it)', async () => {
    const { resources: _omitted, ...withoutResources } = ec2Event
    const r = await test({ source: ['aws.ec2'] }, withoutResources)
    expect(r).toMatchObject({ ok: true, data: { Result: true } })
  })

  it('refuses an invalid pattern with a 400 naming EventPattern and the bad path', async () => {
    expect(await refused({ detail: { state: 'terminated' } }, ec2Event)).toEqual(['EventPattern.detail.state'])
    expect(await refused('{"source": [', ec2Event)).toEqual(['EventPattern'])
    expect(await refused({ source: [{ wildcard: '*:*:*:*:*:event-bus/*' }] }, ec2Event)).toEqual(['EventPattern.source[0].wildcard'])
  })

  it('refuses a pattern longer than 4096 characters (TestEventPattern length constraint)', async () => {
    const long = JSON.stringify({ source: ['x'.repeat(4100)] })
    expect(await refused(long, ec2Event)).toEqual(['EventPattern'])
  })

  it('refuses an event that is not JSON, or lacks the envelope fields, naming Event', async () => {
    expect(await refused(terminated, 'not json')).toEqual(['Event'])
    expect(await refused(terminated, '["an", "array"]')).toEqual(['Event'])
    const { account: _a, time: _t, ...partial } = ec2Event
    const r = await test(terminated, partial)
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: 'Event', message: expect.stringContaining('account, time') })
  })

  it('names both fields when both are wrong', async () => {
    expect(await refused({ source: 'aws.ec2' }, '{}')).toEqual(['EventPattern.source', 'Event'])
  })

  it('refuses a request with a missing or unknown field before it reaches the handler', async () => {
    const missing = await t.call('events.testEventPattern', { EventPattern: '{}' })
    expect(!missing.ok && missing.error.issues.map((i) => i.path)).toEqual(['Event'])
    const extra = await t.call('events.testEventPattern', { EventPattern: '{"source":["a"]}', Event: JSON.stringify(ec2Event), Rule: 'x' })
    expect(!extra.ok && extra.error.code).toBe('VALIDATION')
  })
})
