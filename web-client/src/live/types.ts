// The live session as the server describes it (server: live.SessionView). Names match the API.
import type { components } from '../api/schema'

export type SessionStatus = components['schemas']['LiveSnapshot']['status']
export type SessionRole = components['schemas']['SessionRole']
/** The caller in a snapshot: who they are here and what their session role lets them do (`may`). */
export type You = components['schemas']['LiveYou']
export type QueueMode = 'FIRST_COME' | 'ROTATION' | 'LEAST_SPOKEN' | 'MANUAL'

export interface Venue { id: number; name: string; kind: 'MAIN' | 'BRANCH' }
export interface AgendaItem { id: number; position: number; title: string; plannedMinutes: number; speakingSeconds: number; startedAt?: number }
export interface QueueEntry {
  accountId: number; name: string; role: SessionRole; venueId: number; venueName: string
  raisedAt: number; raisedBy: string | null; note: string | null; spokenSeconds: number
}
export interface Floor {
  speechId: string; accountId: number; name: string; role: SessionRole; venueId: number; venueName: string
  kind: 'SPEECH' | 'ANSWER'; answersSpeechId: string | null; grantedAt: number; seconds: number
  deadline: number | null; remainingMs: number | null; warnBeforeMs: number; warned: boolean
}
export interface Attendance {
  checkedIn: number; roster: number; accounts: number[]
  venues: { venueId: number; name: string; kind: string; checkedIn: number; roster: number }[]
}
export interface Speech {
  id: string; accountId: number; name: string; role: SessionRole; venueId: number; venueName: string
  itemId: number | null; kind: 'SPEECH' | 'ANSWER'; answersSpeechId: string | null; start: number; end: number | null
  endReason: string | null; spokenSeconds: number; summary: string | null
}
export interface Comment {
  id: string; accountId: number; name: string; role: SessionRole; venueId: number; venueName: string
  itemId: number | null; text: string | null; status: 'PUBLISHED' | 'HELD' | 'REJECTED' | 'HIDDEN'; at: number
}
export interface Commitment { id: string; speechId: string; officialId: number; officialName: string; text: string; at: number }
export interface Poll {
  id: string; question: string; options: string[]; multiple: boolean; anonymous: boolean; publicMayVote: boolean
  open: boolean; voters: number; tally: { total: number[]; byVenue: Record<string, number[]> }
  /** who chose what, for named (not anonymous) polls only */
  ballots: { accountId: number; name: string; venueId: number; choices: number[] }[] | null
}

export interface LiveState {
  sessionId: number
  title: string
  seq: number
  status: SessionStatus
  venues: Venue[]
  agenda: AgendaItem[]
  item: AgendaItem | null
  queue: { mode: QueueMode; entries: QueueEntry[] }
  floor: Floor | null
  attendance: Attendance
  moderation: { holdPublic: boolean }
  removed: number[]
  speeches: Speech[]
  comments: Comment[]
  commitments: Commitment[]
  polls: Poll[]
  you: You
}

/** One event as published: {seq, type, at, data, view}; view holds the slices it changed. */
export interface Envelope {
  seq: number
  type: string
  at: number
  data: Record<string, unknown>
  view: Partial<Pick<LiveState, 'status' | 'item' | 'queue' | 'floor' | 'attendance' | 'moderation' | 'removed'>> & {
    speech?: Speech; comment?: Comment; commitment?: Commitment; poll?: Poll
  }
}
