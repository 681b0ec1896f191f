export type Role =
  | 'ADMIN' | 'CHAIR' | 'VICE_CHAIR' | 'STAFF' | 'MEMBER' | 'VENUE_HOST' | 'OFFICIAL' | 'EXPERT' | 'PUBLIC'

export interface Account {
  id: number
  username: string
  displayName: string
  phone: string | null
  roles: Role[]
  organizationId: number | null
  sectorId: number | null
  committeeId: number | null
  departmentId: number | null
  standingCommittee: boolean
  mustChangePassword: boolean
}

export interface Session {
  accessToken: string
  refreshToken: string
  expiresIn: number
  account: Account
}

export interface Organization {
  id: number
  name: string
  level: 'CITY' | 'COUNTY'
  parentId: number | null
}
