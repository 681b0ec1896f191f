import { expect, it } from 'vitest'
import { sessionRoleKey } from './role'
import zh from '../i18n/zh-CN'

const label = (key: string) => key.split('.').reduce((o: any, k) => o?.[k], zh)

it('the main venue host is 主会场主持人, a branch host 分会场主持人 (P12)', () => {
  expect(label(sessionRoleKey('VENUE_HOST', 'MAIN'))).toBe('主会场主持人')
  expect(label(sessionRoleKey('VENUE_HOST', 'BRANCH'))).toBe('分会场主持人')
  expect(label(sessionRoleKey('OFFICIAL', 'BRANCH'))).toBe('部门负责人')
  expect(label('kinds.STAFF')).toBe('委室工作人员')
  expect(label('kinds.DEPARTMENT')).toBe('部门负责人')
})

it('a venue named after its kind is not told its kind again (P20)', async () => {
  const { venueNeedsKind } = await import('./role')
  expect(venueNeedsKind('主会场（市政协）', '主会场')).toBe(false)
  expect(venueNeedsKind('雁江区分会场', '分会场')).toBe(false)
  expect(venueNeedsKind('市政协三楼', '主会场')).toBe(true)
})
