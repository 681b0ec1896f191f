// Random selection (随机抽选) as the server sends it (see /api/openapi.yaml and docs/sortition.md).

export interface Pool { id: number; title: string; topic: string; activityId: number | null; viewpointQuestion: string | null
  viewpointOptions: string[]; eligibleCounties: string[]; eligibleAgeBands: string[]; open: boolean; volunteers: number | null
  registered: boolean; phase: 'OPEN' | 'CLOSED' | 'ACTIVITY_ENDED'; canVolunteer: boolean; canPrepare: boolean
  canDraw: boolean; activityTitle: string | null }

export interface Pick { volunteerId: number; pseudonym: string; name: string; features: Record<string, string>; kind: string
  status: string; deadline: string | null; replacedBy: number | null }

export interface Draw { id: number; status: string; panelSize: number; panels: number; commitment: string; lotterySha256: string
  minProbability: number; gini: number; maxDeviation: number; publicValue: string | null; panelNumber: number | null
  preparedAt: string; drawnAt: string | null; withdrawnAt: string | null; withdrawReason: string | null; picks?: Pick[] }

/** What the fair algorithms buy, on these volunteers and quotas, before anything is committed. */
export interface Comparison {
  legacyDraws: number
  algorithms: { algorithm: 'leximin' | 'maximin' | 'nash' | 'diversimax' | 'legacy'; minProbability: number; gini: number; seconds: number }[]
  volunteers: { id: number; name: string; county: string; leximin: number; maximin: number; nash: number; diversimax: number; legacy: number }[]
}

/** A link sent by text message to a person drawn. */
export interface Invitation { name: string; phone: string; link: string }

/** What a draw needs besides the volunteers: the panel, the reserve, and the quotas per feature. */
export interface Plan { panelSize: number; reserveSize: number; quotas: unknown }
