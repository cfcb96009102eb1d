import { describe, expect, it } from 'vitest'
import { buildEntries, filterEntries } from '@/features/app/palette'

const labs = [
  { id: 'composite-and-cloudtrail', title: 'Composite alarms against noise, CloudTrail for who-did-what', examItems: ['4.3.S3'], steps: [{ title: 'One page, not three' }] },
  { id: 'latency-alarm-p99', title: 'Latency alarms that page for the right reasons', examItems: ['4.2.S1'], steps: [{ title: 'Alarm on the latency your users feel' }, { title: 'Stop the lone spikes from paging: M of N' }] }
]

describe('the go-to palette', () => {
  const entries = buildEntries(labs, 'w-1')

  it('lists the pages, each lab with its steps and checkpoint, and the console tabs in the open world', () => {
    expect(entries.map((e) => e.id)).toEqual([
      'page-dashboard',
      'page-labs',
      'page-sandbox',
      'page-settings',
      'lab-composite-and-cloudtrail',
      'lab-composite-and-cloudtrail-step-0',
      'lab-composite-and-cloudtrail-checkpoint',
      'lab-latency-alarm-p99',
      'lab-latency-alarm-p99-step-0',
      'lab-latency-alarm-p99-step-1',
      'lab-latency-alarm-p99-checkpoint',
      'tab-endpoints',
      'tab-metrics',
      'tab-alarms',
      'tab-eventbridge',
      'tab-cloudtrail'
    ])
    expect(entries.find((e) => e.id === 'tab-alarms')?.to).toEqual({ name: 'sandbox', query: { world: 'w-1', tab: 'alarms' } })
    expect(entries.find((e) => e.id === 'lab-latency-alarm-p99-step-1')?.to).toEqual({ name: 'lab', params: { labId: 'latency-alarm-p99' }, query: { step: '1' } })
  })

  it('finds an entry by the starts of its words, in any order, the exact name first', () => {
    expect(filterEntries(entries, 'spikes lone').map((e) => e.id)).toEqual(['lab-latency-alarm-p99-step-1'])
    expect(filterEntries(entries, 'cloudtrail')[0].id).toBe('tab-cloudtrail')
    expect(filterEntries(entries, '4.3.s3').map((e) => e.id)).toEqual(['lab-composite-and-cloudtrail'])
    expect(filterEntries(entries, 'zzz')).toEqual([])
    expect(filterEntries(entries, '  ')).toHaveLength(entries.length)
  })
})
