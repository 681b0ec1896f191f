// One label for a person's role in a session, on every page (screen review P12): the host of the main
// venue is 主会场主持人, a branch venue's host 分会场主持人; every other role by its glossary name.

/** The i18n key of a session role's label; venueKind is the kind (MAIN or BRANCH) of the person's venue. */
export function sessionRoleKey(role: string, venueKind?: string | null): string {
  if (role === 'VENUE_HOST' && venueKind === 'MAIN') return 'live.sessionRole.MAIN_VENUE_HOST'
  return 'live.sessionRole.' + role
}

/** A venue's name with its kind noted only when the name does not say it already (P20: not 主会场（市政协）（主会场）). */
export function venueNeedsKind(name: string, kindLabel: string): boolean {
  return !name.includes(kindLabel)
}
