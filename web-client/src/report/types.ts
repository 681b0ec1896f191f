// A consultation report (协商报告) as the server sends it (see /api/openapi.yaml).

export interface Paragraph { text: string; sources: number[] }
export interface Section { key: string; title: string; paragraphs: Paragraph[] }
export interface Source { sourceRef: string; label: string; channel: string; authorKind: string; venue: string | null
  organization: string | null; text: string; at: string }
export interface Report { id: number; title: string; status: string; version: number; body: { sections: Section[] }
  sources: Record<string, Source>; history: { action: string; from: string | null; to: string | null; comment: string | null
  by: string; at: string }[]; versions: { version: number; by: string; at: string }[] }

/** A line of the list of reports: who acts next, and whether that is the reader. */
export interface ReportRow { id: number; title: string; status: string; version: number; updatedAt: string
  activityId: number | null; themeId: number | null; author: string | null; nextActor: 'STAFF' | 'LEADERS' | null
  waitingForMe: boolean }
