// The adoption ledger (台账) as the server sends it.
export type Adoption = 'ADOPTED' | 'PARTLY_ADOPTED' | 'IN_PROGRESS' | 'NOT_ADOPTED'

export interface LedgerEntry {
  id: number
  reportId: number
  reportTitle: string
  suggestion: string
  sources: number
  departmentId: number
  department: string
  dueOn: string
  adoption: Adoption | null
  adoptionLabel: string
  repliedAt: string | null
  supervised: boolean
  overdue: boolean
  createdAt: string
}

export interface LedgerReply { adoption: Adoption; adoptionLabel: string; text: string; by: string; at: string }

/** An opinion behind an entry, as the report cites it: what the department is asked to act on. */
export interface LedgerOpinion { id: number; text: string; label: string }

export interface LedgerDetail extends LedgerEntry {
  replies: LedgerReply[]
  opinions: LedgerOpinion[]
  mayReply: boolean
  maySupervise: boolean
}

export const ADOPTIONS: Adoption[] = ['ADOPTED', 'PARTLY_ADOPTED', 'IN_PROGRESS', 'NOT_ADOPTED']

/** The tag colour of an entry's state: overdue first, then how it was answered. */
export function stateType(e: Pick<LedgerEntry, 'adoption' | 'overdue'>): 'danger' | 'success' | 'warning' | 'info' {
  if (e.overdue) return 'danger'
  if (e.adoption === 'ADOPTED' || e.adoption === 'PARTLY_ADOPTED') return 'success'
  if (e.adoption === 'IN_PROGRESS') return 'warning'
  return 'info'
}
