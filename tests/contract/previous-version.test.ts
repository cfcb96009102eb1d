/**
 * A data folder written by the previous release (tests/fixtures/store/previous-version, made by the
 * script beside it at commit ad0bcaa) opens in this one: its saved worlds replay and its lab
 * progress reads and scores under the new rules. What the fixture holds is listed in that script.
 */
import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAppContext, type AppContext } from '../../src/main/api/app-context'

const FIXTURE = resolve(__dirname, '../fixtures/store/previous-version/mlops-lab.sqlite')

describe('a data folder from the previous release', () => {
  let ctx: AppContext
  afterEach(() => ctx?.close())

  function open(): AppContext {
    const dir = mkdtempSync(join(tmpdir(), 'prev-'))
    copyFileSync(FIXTURE, join(dir, 'mlops-lab.sqlite'))
    ctx = createAppContext({ host: 'browser', platform: 'test', dataDir: dir })
    return ctx
  }

  it('opens without moving anything aside, and keeps the settings and activity', async () => {
    const h = open().handlers
    const info = await h['app.info']({})
    expect(info.notices).toEqual([])
    expect((await h['settings.get']({})).theme).toBe('dark')
    expect((await h['progress.summary']({})).recent.map((r) => r.ref)).toContain('latency-alarm-p99')
  })

  it('lists both saved worlds as readable, and each replays to where it was left', async () => {
    const h = open().handlers
    const listed = await h['sandbox.listWorlds']({})
    expect(listed.unreadable).toEqual([])
    expect(listed.worlds.map((w) => [w.name, w.actionCount]).sort()).toEqual([
      ['Autoscaling and alarms', 7],
      ['Rules and trails', 10]
    ])
    const scaling = listed.worlds.find((w) => w.name === 'Autoscaling and alarms')!
    const a = await h['sandbox.getWorld']({ worldId: scaling.id })
    // 1,440 + 720 minutes advanced; the target tracking policy's two alarms sit beside the learner's.
    expect(a.now - a.startTime).toBe((1440 + 720) * 60_000)
    const alarms = await h['sandbox.describeAlarms']({ worldId: scaling.id })
    expect(alarms.alarms.map((x) => x.AlarmName).filter((n) => !n.startsWith('TargetTracking-'))).toEqual(['churn-p99'])
    expect(alarms.alarms.filter((x) => x.AlarmName.startsWith('TargetTracking-')).length).toBe(2)

    const rules = listed.worlds.find((w) => w.name === 'Rules and trails')!
    const b = await h['sandbox.getWorld']({ worldId: rules.id })
    expect(b.now - b.startTime).toBe((360 + 60) * 60_000)
    // The previous release deleted a rule together with its targets; EventBridge refuses that, so
    // the saved log gains the RemoveTargets call that makes it valid, and the rule is gone.
    expect(b.actions.map((x) => x.type)).toEqual(['CreateEndpoint', 'CreateTrail', 'PutRule', 'PutTargets', 'PutMetricAlarm', 'InjectIncident', 'AdvanceClock', 'RemoveTargets', 'DeleteRule', 'UpdateEndpoint', 'AdvanceClock'])
    expect(b.rules).toEqual([])
    // Saved upgraded once opened: 10 actions and the RemoveTargets.
    expect((await h['sandbox.listWorlds']({})).worlds.find((w) => w.id === rules.id)!.actionCount).toBe(11)
    expect(b.trails).toEqual([{ Name: 'management-events', S3BucketName: 'audit-logs-111122223333', IsLogging: true, HasCustomEventSelectors: false }])
  })

  it('a world from the previous release can be acted on and saved again', async () => {
    const h = open().handlers
    const { worlds } = await h['sandbox.listWorlds']({})
    const id = worlds.find((w) => w.name === 'Rules and trails')!.id
    const after = await h['sandbox.act']({ worldId: id, action: { type: 'AdvanceClock', Minutes: 30 } })
    expect(after.now - after.startTime).toBe((360 + 60 + 30) * 60_000)
    expect((await h['sandbox.listWorlds']({})).worlds.find((w) => w.id === id)!.actionCount).toBe(12)
  })

  it('reads the lab progress and scores it by what each step had opened when it passed', async () => {
    const h = open().handlers
    const latency = (await h['labs.get']({ labId: 'latency-alarm-p99' })).progress
    expect(latency.currentStep).toBe(1)
    // Failed once, then a hint, then passed: solved with hints.
    expect(latency.score.steps.map((s) => s.outcome)).toEqual(['solved-with-hints', 'not-solved', 'not-solved'])
    expect(latency.state.steps['m-of-n'].inputs).toEqual({ evaluationPeriods: 5, datapointsToAlarm: 1 })
    expect(latency.hints['pick-statistic']).toHaveLength(1)

    const composite = (await h['labs.get']({ labId: 'composite-and-cloudtrail' })).progress
    expect(composite.score.steps.map((s) => s.outcome)).toEqual(['solved', 'solution-shown', 'not-solved'])
    expect(composite.state.questionsSubmitted).toBe(true)
    expect(composite.score.questions.correct).toBe(2)
    const list = await h['labs.list']({})
    expect(list.labs.find((l) => l.id === 'composite-and-cloudtrail')!.status).toBe('in_progress')
  })
})

describe('a damaged world in a data folder from the previous release', () => {
  it('is listed as unreadable with why after the upgrade, the other world opens, and nothing is lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prev-damaged-'))
    copyFileSync(FIXTURE, join(dir, 'mlops-lab.sqlite'))
    // Damage one world's saved log while the file is still the previous release's (schema 2).
    const { Database } = await import('node-sqlite3-wasm')
    const raw = new Database(join(dir, 'mlops-lab.sqlite'))
    raw.run("UPDATE worlds SET actions = '[{\"type\": \"AdvanceClo' WHERE name = 'Rules and trails'")
    raw.close()
    const ctx = createAppContext({ host: 'browser', platform: 'test', dataDir: dir })
    try {
      const listed = await ctx.handlers['sandbox.listWorlds']({})
      expect(listed.worlds.map((w) => w.name)).toEqual(['Autoscaling and alarms'])
      expect(listed.unreadable).toEqual([{ id: expect.any(String), name: 'Rules and trails', problem: 'its saved actions are damaged (not a JSON list)' }])
      await expect(Promise.resolve().then(() => ctx.handlers['sandbox.getWorld']({ worldId: listed.unreadable[0].id }))).rejects.toThrow(/cannot be opened: its saved actions are damaged/)
    } finally {
      ctx.close()
    }
  })
})
