// What the activity API sends (GET /api/activities, GET /api/activities/{id}); openapi.yaml leaves these untyped.

/** A line of the activity list: with the caller's session role and invitation when they are on the roster. */
export interface ActivityRow {
  id: number; title: string; typeLabel: string; status: string; scheduledStart: string
  myRole?: string; myInvitation?: string; myVenueKind?: string | null
}

/** The caller's own roster entry on an activity. */
export interface RosterPlace { role: string; venueId: number; invitation: string }

/** An activity with its agenda, documents, venues, the caller's roster entry and whether they manage activities. */
export interface ActivityDetail {
  id: number; title: string; topic: string; typeLabel: string; description: string; status: string
  scheduledStart: string; scheduledEnd: string
  agenda: { id: number; position: number; title: string; plannedMinutes: number }[]
  documents: { id: number; title: string; body: string }[]
  venues: { id: number; name: string; kind: string; hostName: string | null; rosterSize: number }[]
  me: RosterPlace | null
  canManage: boolean
  /** What the caller may do on the activity, as the server decides it. */
  may: { writeOpinion: boolean }
}
