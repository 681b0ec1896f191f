import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '../i18n'
import { timeOfDay, todayInChina, when } from './time'

describe('time', () => {
  afterEach(() => { i18n.global.locale.value = 'zh-CN' })

  it('shows Beijing time on a 24-hour timeOfDay', () => {
    // 07:30 UTC is 15:30 in Beijing, whatever zone the machine runs in
    expect(when('2026-03-05T07:30:09Z')).toBe('2026年3月5日 15:30')
    expect(timeOfDay('2026-03-05T07:30:09Z')).toBe('15:30:09')
    expect(timeOfDay(Date.parse('2026-03-05T07:30:09Z'))).toBe('15:30:09')
  })

  it('moves to the next day in Beijing before UTC does', () => {
    expect(when('2026-03-05T16:05:00Z')).toBe('2026年3月6日 00:05')
  })

  it('shows nothing for a missing time', () => {
    expect(when(null)).toBe('')
    expect(when(undefined)).toBe('')
    expect(timeOfDay(null)).toBe('')
  })

  it('follows the chosen language', () => {
    i18n.global.locale.value = 'en'
    expect(when('2026-03-05T07:30:09Z')).toBe('Mar 5, 2026, 15:30')
  })

  it('gives the Beijing calendar day, which is already the next day late in the UTC evening', () => {
    expect(todayInChina(new Date('2026-12-03T16:04:00Z'))).toBe('2026-12-04')
    expect(todayInChina(new Date('2026-12-03T15:59:00Z'))).toBe('2026-12-03')
  })
})
