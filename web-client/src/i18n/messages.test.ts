import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from './index'
import zhCN from './zh-CN'
import en from './en'

// Every message exists in both languages, with the same placeholders: a missing English key would
// show the Chinese fallback, a missing placeholder would drop a number from a sentence.
function flatten(messages: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(messages)) {
    if (value && typeof value === 'object') Object.assign(out, flatten(value, `${prefix}${key}.`))
    else out[`${prefix}${key}`] = String(value)
  }
  return out
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('messages', () => {
  const zh = flatten(zhCN)
  const english = flatten(en)

  it('have the same keys in Chinese and English', () => {
    expect(Object.keys(english).sort()).toEqual(Object.keys(zh).sort())
  })

  it('use the same placeholders in both languages', () => {
    const differing = Object.keys(zh).filter((k) => k in english)
      .filter((k) => placeholders(zh[k]).join() !== placeholders(english[k]).join())
    expect(differing).toEqual([])
  })
})

describe('punctuation messages', () => {
  const t = i18n.global.t
  afterEach(() => { i18n.global.locale.value = 'zh-CN' })

  it('render the Chinese texts the pages showed before they moved into messages', () => {
    expect(t('live.announce.FloorGranted', { venue: '安岳县分会场', name: '李四' })).toBe('现在发言：安岳县分会场 李四')
    expect(t('common.labelled', { label: t('forum.myVote'), value: t('forum.vote.1') })).toBe('我的表态：赞成')
    expect(t('common.withNote', { text: '发言队列', note: 3 })).toBe('发言队列（3）')
    expect(t('live.pollDefaultOptions').split('\n')).toEqual(['赞成', '反对', '弃权'])
  })

  it('keep the spaces of English punctuation', () => {
    i18n.global.locale.value = 'en'
    expect('Final' + t('common.note', { note: 'read only' })).toBe('Final (read only)')
    expect(t('common.label', { label: 'Topic' }) + 'Water').toBe('Topic: Water')
  })
})
