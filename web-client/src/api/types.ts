import type { components } from './schema'

// Generated from the server's openapi.yaml (npm run api:types; schema.test.ts keeps it current).
type Schemas = components['schemas']

export type Role = Schemas['Role']
/** A platform-wide permission the account's roles grant (docs/roles.md); see useSession().can. */
export type Permission = Schemas['Permission']
export type Account = Schemas['Account']
export type Session = Schemas['Session']
/** One person on an activity's roster, with whether their session role may ask to speak. */
export type RosterEntry = Schemas['RosterEntry']

export interface Organization {
  id: number
  name: string
  level: 'CITY' | 'COUNTY'
  parentId: number | null
}

/** A government department in the directory, to which suggestions are handed (交办). */
export interface Department {
  id: number
  name: string
}
