import { describe, expect, it } from 'vitest'
import {
  evaluateCompositeAlarm,
  formatCompositeTime,
  parseAlarmRule,
  referencedAlarms,
  type AlarmRuleNode
} from '../../../../src/main/sandbox/cloudwatch/composite'
import { stateCode, stateName } from '../../../../src/main/sandbox/cloudwatch/alarm-evaluator'
import type { AlarmState } from '../../../../src/main/sandbox/cloudwatch/types'
import { LabError } from '../../../../src/shared/errors'

const alarm = (name: string): AlarmRuleNode => ({ type: 'state', state: 'ALARM', alarm: name })

describe('parseAlarmRule', () => {
  // Examples from the PutCompositeAlarm API reference (AlarmRule).
  it('parses the API reference examples', () => {
    expect(parseAlarmRule('ALARM(CPUUtilizationTooHigh) AND ALARM(DiskReadOpsTooHigh)')).toEqual({
      type: 'and',
      left: alarm('CPUUtilizationTooHigh'),
      right: alarm('DiskReadOpsTooHigh')
    })
    expect(parseAlarmRule('ALARM(CPUUtilizationTooHigh) AND NOT ALARM(DeploymentInProgress)')).toEqual({
      type: 'and',
      left: alarm('CPUUtilizationTooHigh'),
      right: { type: 'not', operand: alarm('DeploymentInProgress') }
    })
    expect(parseAlarmRule('(ALARM(CPUUtilizationTooHigh) OR ALARM(DiskReadOpsTooHigh)) AND OK(NetworkOutTooHigh)')).toEqual({
      type: 'and',
      left: { type: 'or', left: alarm('CPUUtilizationTooHigh'), right: alarm('DiskReadOpsTooHigh') },
      right: { type: 'state', state: 'OK', alarm: 'NetworkOutTooHigh' }
    })
  })

  it('accepts quoted and unquoted names, ARNs, and the constants', () => {
    expect(parseAlarmRule('ALARM("latency high (p99)")')).toEqual(alarm('latency high (p99)'))
    expect(parseAlarmRule('INSUFFICIENT_DATA( arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu/high )')).toEqual({
      type: 'state',
      state: 'INSUFFICIENT_DATA',
      alarm: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu/high'
    })
    expect(parseAlarmRule('TRUE')).toEqual({ type: 'constant', value: true })
    expect(parseAlarmRule('NOT FALSE')).toEqual({ type: 'not', operand: { type: 'constant', value: false } })
  })

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(parseAlarmRule('ALARM(a) OR ALARM(b) AND ALARM(c)')).toEqual({
      type: 'or',
      left: alarm('a'),
      right: { type: 'and', left: alarm('b'), right: alarm('c') }
    })
    expect(parseAlarmRule('NOT ALARM(a) AND ALARM(b)')).toEqual({
      type: 'and',
      left: { type: 'not', operand: alarm('a') },
      right: alarm('b')
    })
  })

  it('lists the referenced alarms once each, in order', () => {
    expect(referencedAlarms(parseAlarmRule('ALARM(b) OR (OK(a) AND NOT ALARM(b))'))).toEqual(['b', 'a'])
  })

  const errors: [string, RegExp][] = [
    ['ALARM(a) AND', /at character 13: expected ALARM\(…\), OK\(…\), INSUFFICIENT_DATA\(…\), TRUE, FALSE, NOT or "\(", found the end of the rule/],
    ['ALARM(a) and ALARM(b)', /at character 10: expected AND, OR or the end of the rule, found "and ALARM\(b\)"/],
    ['alarm(a)', /at character 1: .*keywords are upper case: ALARM/],
    ['(ALARM(a)', /at character 10: expected "\)" to close the "\(" group/],
    ['ALARM(a))', /at character 9: expected AND, OR or the end of the rule \(this "\)" has no matching "\("\)/],
    ['ALARM()', /at character 7: expected an alarm name or ARN/],
    ['ALARM("a)', /at character 7: expected a closing double quote/],
    ['ALARM a', /at character 7: expected "\(" after ALARM/],
    ['FOO(a)', /at character 1: expected ALARM/],
    ['', /non-empty/]
  ]
  it.each(errors)('reports where %j goes wrong', (rule, message) => {
    let error: unknown
    try {
      parseAlarmRule(rule)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(LabError)
    expect((error as LabError).issues[0].path).toBe('AlarmRule')
    expect((error as LabError).message).toMatch(message)
  })

  it('enforces the 10240-character and 100-alarm limits', () => {
    expect(() => parseAlarmRule(`ALARM("${'a'.repeat(10_240)}")`)).toThrow(/at most 10240 characters/)
    const many = Array.from({ length: 101 }, (_, k) => `ALARM(a${k})`).join(' OR ')
    expect(() => parseAlarmRule(many)).toThrow(/at most 100/)
  })

  describe('the 500-element limit (PutCompositeAlarm AlarmRule: "The AlarmRule expression can have as many as 500 elements. Elements are child alarms, TRUE or FALSE statements, and parentheses.")', () => {
    const ors = (term: string, n: number): string => Array.from({ length: n }, () => term).join(' OR ')

    it('accepts 500 TRUE statements and refuses 501, counting the elements in the message', () => {
      expect(() => parseAlarmRule(ors('TRUE', 500))).not.toThrow()
      let error: unknown
      try {
        parseAlarmRule(ors('TRUE', 501))
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(LabError)
      expect((error as LabError).issues[0]).toMatchObject({ path: 'AlarmRule', message: expect.stringContaining('has 501 elements') })
    })

    it('counts every child alarm, even one named again: one alarm 501 times is refused though it is a single child', () => {
      expect(() => parseAlarmRule(ors('ALARM(cpu)', 500))).not.toThrow()
      expect(() => parseAlarmRule(ors('ALARM(cpu)', 501))).toThrow(/501 elements/)
    })

    it('counts a pair of parentheses as one element (user guide, "Create a composite alarm") and AND, OR, NOT as none', () => {
      // 250 × "(TRUE)" is 250 pairs + 250 statements = 500; one more NOT changes nothing, one more pair does.
      const groups = Array.from({ length: 250 }, () => '(TRUE)').join(' AND ')
      expect(() => parseAlarmRule(groups)).not.toThrow()
      expect(() => parseAlarmRule(`NOT ${groups}`)).not.toThrow()
      expect(() => parseAlarmRule(`(${groups})`)).toThrow(/501 elements/)
    })
  })
})

const codes = (states: AlarmState[]): Uint8Array => Uint8Array.from(states.map(stateCode))

describe('evaluateCompositeAlarm', () => {
  /*
   * "cpu-high AND NOT deploying":
   *   index:      0      1      2      3
   *   cpu-high:   OK     ALARM  ALARM  OK
   *   deploying:  ALARM  ALARM  OK     OK
   *   rule:       F      F      T      F   → OK, OK, ALARM, OK
   */
  const children = {
    'cpu-high': codes(['OK', 'ALARM', 'ALARM', 'OK']),
    deploying: codes(['ALARM', 'ALARM', 'OK', 'OK'])
  }
  const times = [0, 1, 2, 3].map((k) => Date.UTC(2022, 6, 22, 15, 57 + k, 45))

  it('is ALARM when the rule is true and OK otherwise, with history on changes only', () => {
    const result = evaluateCompositeAlarm('ALARM("cpu-high") AND NOT ALARM(deploying)', children, { timestamps: times })
    expect(Array.from(result.states, stateName)).toEqual(['OK', 'OK', 'ALARM', 'OK'])
    expect(result.history.map((h) => [h.index, h.oldState, h.newState])).toEqual([
      [0, 'INSUFFICIENT_DATA', 'OK'],
      [2, 'OK', 'ALARM'],
      [3, 'ALARM', 'OK']
    ])
  })

  it('names the child whose change triggered the transition, like CloudWatch', () => {
    const result = evaluateCompositeAlarm('ALARM("cpu-high") AND NOT ALARM(deploying)', children, { timestamps: times })
    // At index 2 only "deploying" changed (ALARM → OK); at index 3 only "cpu-high" (ALARM → OK).
    expect(result.history[1].reason).toBe('deploying transitioned to OK at Friday 22 July, 2022 15:59:45 UTC')
    expect(result.history[1].reasonData.triggeringAlarms).toEqual([{ name: 'deploying', state: { value: 'OK', timestamp: times[2] } }])
    expect(result.history[2].reason).toBe('cpu-high transitioned to OK at Friday 22 July, 2022 16:00:45 UTC')
  })

  it('formats times as CloudWatch does in composite reasons', () => {
    // From an AWS composite-alarm event: "… transitioned to ALARM at Friday 22 July, 2022 15:57:45 UTC".
    expect(formatCompositeTime(Date.UTC(2022, 6, 22, 15, 57, 45))).toBe('Friday 22 July, 2022 15:57:45 UTC')
  })

  it('can use another composite alarm as a child', () => {
    const inner = evaluateCompositeAlarm('ALARM("cpu-high") OR ALARM(deploying)', children)
    const outer = evaluateCompositeAlarm('OK(inner) OR INSUFFICIENT_DATA(deploying)', { inner: inner.states, deploying: children.deploying })
    // inner: ALARM, ALARM, ALARM, OK → outer true only at index 3.
    expect(Array.from(outer.states, stateName)).toEqual(['OK', 'OK', 'OK', 'ALARM'])
  })

  it('evaluates constant rules', () => {
    const result = evaluateCompositeAlarm('TRUE', {}, { timestamps: times })
    expect(Array.from(result.states, stateName)).toEqual(['ALARM', 'ALARM', 'ALARM', 'ALARM'])
    expect(result.history).toHaveLength(1)
    expect(result.history[0].reason).toBe('AlarmRule evaluated to TRUE')
  })

  it('refuses rules that name alarms it was not given', () => {
    expect(() => evaluateCompositeAlarm('ALARM(cpu-high) AND ALARM(memory-high)', children)).toThrow(/memory-high/)
  })

  it('refuses child timelines of different lengths', () => {
    expect(() => evaluateCompositeAlarm('ALARM(a) OR ALARM(b)', { a: codes(['OK']), b: codes(['OK', 'OK']) })).toThrow(/same length/)
  })
})
