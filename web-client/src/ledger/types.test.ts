import { describe, expect, it } from 'vitest'
import { stateType } from './types'

describe('stateType', () => {
  it('marks an overdue entry first, whatever its last answer', () => {
    expect(stateType({ adoption: 'IN_PROGRESS', overdue: true })).toBe('danger')
    expect(stateType({ adoption: null, overdue: true })).toBe('danger')
  })

  it('tells adopted from in progress from unanswered or refused', () => {
    expect(stateType({ adoption: 'ADOPTED', overdue: false })).toBe('success')
    expect(stateType({ adoption: 'PARTLY_ADOPTED', overdue: false })).toBe('success')
    expect(stateType({ adoption: 'IN_PROGRESS', overdue: false })).toBe('warning')
    expect(stateType({ adoption: 'NOT_ADOPTED', overdue: false })).toBe('info')
    expect(stateType({ adoption: null, overdue: false })).toBe('info')
  })
})
