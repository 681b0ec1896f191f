import { describe, expect, it } from 'vitest'
import { invitationKey } from './invitation'

describe('invitationKey', () => {
  it('shows an unanswered invitation as awaiting a reply only before the meeting', () => {
    expect(invitationKey('SCHEDULED', 'INVITED')).toBe('activities.invitation.INVITED')
    for (const status of ['LIVE', 'PAUSED', 'CLOSED']) expect(invitationKey(status, 'INVITED')).toBeNull()
  })

  it('keeps an answer given, before and after', () => {
    expect(invitationKey('CLOSED', 'ACCEPTED')).toBe('activities.invitation.ACCEPTED')
    expect(invitationKey('SCHEDULED', 'DECLINED')).toBe('activities.invitation.DECLINED')
    expect(invitationKey('CLOSED', undefined)).toBeNull()
  })
})
