import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import QueueList from './QueueList.vue'
import { i18n } from '../../i18n'

// A text built from messages renders as it did when it was written in the template (the browser tests
// look for the Chinese), and in English with English punctuation.
function heading() {
  const wrapper = mount(QueueList, { props: { entries: [], mode: 'FIRST_COME', chair: false },
    global: { plugins: [i18n, ElementPlus] } })
  return wrapper.find('#queue-heading').text()
}

describe('QueueList', () => {
  afterEach(() => { i18n.global.locale.value = 'zh-CN' })

  it('counts the queue in its heading, in either language', () => {
    expect(heading()).toBe('发言队列（0）')
    i18n.global.locale.value = 'en'
    expect(heading()).toMatch(/^\S.* \(0\)$/)
  })
})
