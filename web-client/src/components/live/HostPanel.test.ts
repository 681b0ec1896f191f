import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { i18n } from '../../i18n'

vi.mock('../../api/http', () => ({ api: vi.fn(async () => []) }))
import HostPanel from './HostPanel.vue'

// P14: before anyone at the venue has spoken, the summaries card says what will appear there.
describe('HostPanel', () => {
  it('says what the summaries card is for while no one at the venue has spoken', () => {
    setActivePinia(createPinia())
    const state = { sessionId: 1, you: { accountId: 9, venueId: 2 }, speeches: [], attendance: { accounts: [] },
      queue: { entries: [] } } as any
    const wrapper = mount(HostPanel, { props: { state }, global: { plugins: [i18n, ElementPlus] } })
    expect(wrapper.find('[data-test="no-summaries"]').text()).toContain('本会场还没有人发言')
  })
})
