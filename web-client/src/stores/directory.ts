import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '../api/http'
import type { Department, Organization } from '../api/types'

/**
 * The directory (identity): the CPPCC organisations (city and counties, public) and the government
 * departments suggestions are handed to (for those who may read the directory). Nothing of an earlier
 * list is kept while one loads. Loading throws the
 * server's refusal (ApiError) for the page to show.
 */
export const useDirectory = defineStore('directory', () => {
  const organizations = ref<Organization[]>([])
  const departments = ref<Department[]>([])

  async function loadOrganizations() {
    organizations.value = []
    organizations.value = await api<Organization[]>('/api/organizations', { auth: false })
  }

  async function loadDepartments() {
    departments.value = []
    departments.value = (await api<{ departments: Department[] }>('/api/directory')).departments
  }

  return { organizations, departments, loadOrganizations, loadDepartments }
})
