import { describe, expect, it } from 'vitest'

// Every text a person reads comes from the messages (zh-CN.ts, en.ts), so that English is complete and
// a newcomer finds every sentence in one place. This scan fails on any Chinese character or full-width
// punctuation written in the code outside src/i18n and the tests; comments may use Chinese terms.
// Two files hold Chinese on purpose, as data rather than interface text:
const DATA = new Set([
  '../sortition/vocabulary.ts', // the values volunteers answer with, as the server stores them
  '../report/suggestion.ts', // reads the quoted words out of a Chinese report paragraph
])

const sources = import.meta.glob(['../**/*.{vue,ts}', '!../i18n/**', '!../**/*.test.ts', '!../**/*.d.ts'],
  { query: '?raw', import: 'default', eager: true }) as Record<string, string>

// CJK punctuation, ideographs (with extension A and compatibility), full-width forms
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/

/** The text without comments: <!-- … -->, /* … *\/, and // … where // starts a comment (not in http://). */
function withoutComments(source: string): string {
  return source
    .replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .split('\n').map((line) => line.replace(/(^|\s)\/\/.*$/, '$1')).join('\n')
}

function literalsIn(source: string): { line: number; text: string }[] {
  return withoutComments(source).split('\n')
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter((l) => CJK.test(l.text))
}

describe('interface text', () => {
  it('is read from the files it scans', () => {
    expect(Object.keys(sources)).toContain('../stores/live.ts')
    expect(Object.keys(sources)).toContain('../views/LiveView.vue')
    expect(Object.keys(sources).some((f) => f.startsWith('../i18n/'))).toBe(false)
  })

  it('finds Chinese in code and not in comments', () => {
    expect(literalsIn("// 会议\nconst a = '会议' // 会议\n/* 会议 */ const u = 'http://x' + '：'\n<!-- 纪要 -->\n<p>纪要</p>"))
      .toEqual([{ line: 2, text: "const a = '会议'" }, { line: 3, text: "const u = 'http://x' + '：'" }, { line: 5, text: '<p>纪要</p>' }])
  })

  it('has no Chinese literal outside the messages', () => {
    const found = Object.entries(sources).filter(([file]) => !DATA.has(file))
      .flatMap(([file, source]) => literalsIn(source).map((l) => `${file.slice(3)}:${l.line}: ${l.text}`))
    expect(found, 'move these texts into src/i18n/zh-CN.ts and en.ts').toEqual([])
  })
})
