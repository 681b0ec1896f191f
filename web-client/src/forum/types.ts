// What the server sends about online themes (see /api/openapi.yaml and docs/forum.md).

export interface Attachment { id: number; fileName: string; mediaType: string; size: number }

export interface Post {
  id: number
  themeId: number
  threadId: number | null
  parentId: number | null
  depth: number
  kind: 'THREAD' | 'REPLY' | 'GUIDANCE'
  status: 'PENDING' | 'VISIBLE' | 'HIDDEN' | 'WITHDRAWN'
  featured: boolean
  version: number
  authorName: string | null
  authorKind: string
  authorKindLabel: string
  organization: string | null
  sector: string | null
  createdAt: string
  editedAt: string | null
  mine: boolean
  title: string | null
  body: string | null
  attachments: Attachment[]
  replies?: number
  hiddenReason?: string | null
  flagged?: string[]
}

export interface Statement {
  id: number
  themeId: number
  body: string
  status: 'PENDING' | 'VISIBLE' | 'HIDDEN'
  agree: number
  disagree: number
  pass: number
  authorKind: string
  authorKindLabel: string
  createdAt: string
  mine: boolean
  myVote?: number | null
  remaining?: number
  hiddenReason?: string | null
  flagged?: string[]
}

export interface Theme {
  id: number
  title: string
  topic: string
  description: string
  activityId: number | null
  opensAt: string
  closesAt: string
  visibility: 'MEMBERS' | 'PUBLIC'
  premoderatePublic: boolean
  state: 'NOT_OPEN' | 'OPEN' | 'CLOSED'
  posts?: number
  statements?: number
  threads?: Post[]
  me?: { authorKind: string; authorKindLabel: string; moderator: boolean; guide: boolean; heldForModeration: boolean }
}

export type ForumEvent =
  | { type: 'Counts'; statements: { id: number; agree: number; disagree: number; pass: number }[] }
  | { type: 'PostShown'; post: Post }
  | { type: 'StatementShown'; statement: Statement }
  | { type: 'Removed'; targetType: 'POST' | 'STATEMENT'; id: number }
  | { type: 'ModerationChanged' }

/** What one theme's page holds, changed by the events of forum.<id>.events. */
export interface ThemeState {
  threads: Post[]
  statements: Statement[]
  /** the thread being read, with its posts in order */
  open: { id: number; posts: Post[] } | null
}
