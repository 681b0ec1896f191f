// What a person's invitation to a meeting says on the home and activity pages. An invitation waits for a
// reply only before the meeting: once it has opened or ended, "awaiting reply" (待回复) is no longer true,
// so an unanswered invitation shows nothing (whether the person took part is the attendance's to say).

/** The i18n key of the invitation's label, or null when it says nothing worth showing. */
export function invitationKey(activityStatus: string, invitation: string | undefined | null): string | null {
  if (!invitation) return null
  if (invitation === 'INVITED' && activityStatus !== 'SCHEDULED') return null
  return 'activities.invitation.' + invitation
}
