import { expect, it } from 'vitest'
import { speechSeconds } from './speech'

it('a speech under way shows the time since it began, not 0 秒 (P22)', () => {
  expect(speechSeconds({ start: 1_000, end: null, spokenSeconds: 0 }, 13_500)).toBe(12)
  expect(speechSeconds({ start: 1_000, end: null, spokenSeconds: 0 }, 11_000, 2_000)).toBe(12)
  expect(speechSeconds({ start: 1_000, end: 9_000, spokenSeconds: 8 }, 60_000)).toBe(8)
})
