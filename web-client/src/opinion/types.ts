// What the opinion API sends about draft regulations (草案) and written opinions (书面意见); openapi.yaml leaves these untyped.

/** A draft regulation put up for comment on an activity, as listed there. */
export interface DraftRegulationLine { id: number; title: string; paragraphs: number; comments: number }

/** A comment on a paragraph: the caller's own, or (for staff) anyone's with where it came from. */
export interface DraftComment { id: number; text: string; mine: boolean; authorKind: string; venue: string | null; at: string }

export interface DraftParagraph {
  id: number; position: number; article: string | null; label: string; text: string; count: number
  comments: DraftComment[]
}

/** A draft regulation by article and paragraph. */
export interface DraftRegulation { id: number; activityId: number; title: string; paragraphs: DraftParagraph[] }

/** A written opinion as sent: typed text, or a Word/PDF file (base64) whose text the server reads. */
export interface WrittenOpinion { kind: string; text?: string; fileName?: string; data?: string }

/** What the server took of a written opinion. */
export interface WrittenReceipt { id: number; text: string }
