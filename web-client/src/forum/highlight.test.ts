import { describe, expect, it } from 'vitest'
import { highlight } from './highlight'

describe('highlight', () => {
  it('marks the words of a phrase found apart', () => {
    expect(highlight('建议建设污水集中处理设施', ['污水处理', '污水', '处理'])).toEqual([
      { text: '建议建设', hit: false }, { text: '污水', hit: true }, { text: '集中', hit: false },
      { text: '处理', hit: true }, { text: '设施', hit: false }])
  })
  it('marks the phrase whole where it occurs, whatever the case', () => {
    expect(highlight('Service 污水处理', ['污水处理', '污水', 'service'])).toEqual([
      { text: 'Service', hit: true }, { text: ' ', hit: false }, { text: '污水处理', hit: true }])
  })
  it('leaves markup as text and a text without hits whole', () => {
    expect(highlight('<b>养老</b>', ['交通'])).toEqual([{ text: '<b>养老</b>', hit: false }])
    expect(highlight('', ['x'])).toEqual([])
  })
})
