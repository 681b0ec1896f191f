// The values volunteers answer with, as the server stores and the quotas name them (Volunteer.FEATURES,
// the CSV import): data, not interface text, so they stay in Chinese in every language; what a
// person reads beside them comes from the messages (pools.gender.女). The CJK scan
// (src/i18n/noLiterals.test.ts) lets this file through for that reason.

/** The counties a pool offers when it names none: Ziyang's three. */
export const COUNTIES = ['雁江区', '安岳县', '乐至县']

export const GENDERS = ['女', '男'] as const

export const AGE_BANDS = ['18-29', '30-44', '45-59', '60+']

/** The quotas a new draw starts from, for staff to edit. */
export const EXAMPLE_QUOTAS = '{\n  "gender": {"女": {"min": 3, "max": 5}, "男": {"min": 3, "max": 5}}\n}'
