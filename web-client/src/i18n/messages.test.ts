import { describe, expect, it } from 'vitest'
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
