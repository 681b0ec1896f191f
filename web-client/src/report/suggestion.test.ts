import { describe, expect, it } from 'vitest'
import { suggestionOf } from './suggestion'

describe('suggestionOf', () => {
  it('hands over the words without who said them', () => {
    expect(suggestionOf('雁江区政协委员提出：“建议按片区建设污水处理设施。”')).toBe('建议按片区建设污水处理设施。')
    expect(suggestionOf('网民：“希望增加‘夜间’公交班次。”')).toBe('希望增加‘夜间’公交班次。')
  })
  it('keeps a paragraph written in staff’s own words', () => {
    expect(suggestionOf('（一）关于污水处理等方面：共 5 条，占 40%。')).toBe('（一）关于污水处理等方面：共 5 条，占 40%。')
    expect(suggestionOf('  建议市农业农村局牵头推进。 ')).toBe('建议市农业农村局牵头推进。')
  })
})
