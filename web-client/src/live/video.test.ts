import { describe, expect, it } from 'vitest'
import { handCommand, iframeRoom } from './video'

describe('Jitsi events onto the speaking queue', () => {
  it('my raised hand in Jitsi raises my hand in the queue, once', () => {
    expect(handCommand({ id: 'abc', handRaised: 1712000000 }, 'abc', false, true)).toBe('RaiseHand')
    expect(handCommand({ id: 'abc', handRaised: 1712000000 }, 'abc', true, true)).toBeNull()
    expect(handCommand({ id: 'abc', handRaised: true }, 'abc', false, true)).toBe('RaiseHand')
  })
  it('lowering it in Jitsi lowers it in the queue', () => {
    expect(handCommand({ id: 'abc', handRaised: 0 }, 'abc', true, true)).toBe('LowerHand')
    expect(handCommand({ id: 'abc', handRaised: 0 }, 'abc', false, true)).toBeNull()
  })
  it('other people\'s hands, and those who may not speak, change nothing', () => {
    expect(handCommand({ id: 'xyz', handRaised: 1 }, 'abc', false, true)).toBeNull()
    expect(handCommand({ id: 'abc', handRaised: 1 }, null, false, true)).toBeNull()
    expect(handCommand({ id: 'abc', handRaised: 1 }, 'abc', false, false)).toBeNull()
  })
  it('rooms carry the tenant when there is one', () => {
    expect(iframeRoom('xs1-main', 'zyzx')).toBe('zyzx/xs1-main')
    expect(iframeRoom('xs1-main', null)).toBe('xs1-main')
  })
})
