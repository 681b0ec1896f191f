import { expect, it } from 'vitest'
import { liveActionsOpen } from './phase'

it('the chair\'s 互动交流 actions are offered only while the meeting runs (P13)', () => {
  expect(liveActionsOpen('SCHEDULED')).toBe(false)
  expect(liveActionsOpen('CLOSED')).toBe(false)
  expect(liveActionsOpen('LIVE')).toBe(true)
  expect(liveActionsOpen('PAUSED')).toBe(true)
})
