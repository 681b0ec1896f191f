// @vitest-environment node
/// <reference types="node" />
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// schema.d.ts is generated from the server's openapi.yaml (the document it serves at /api/openapi.yaml)
// by `npm run api:types` and committed. This regenerates it into a temporary folder the same way:
// a change to openapi.yaml without regenerating fails here, so the client's types follow the server.
const client = fileURLToPath(new URL('../../', import.meta.url))
const document = join(client, '../server/src/main/resources/openapi.yaml')
const cli = join(client, 'node_modules/openapi-typescript/bin/cli.js')

it('schema.d.ts is what openapi-typescript makes of openapi.yaml now (else run npm run api:types)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xieshang-api-types-'))
  try {
    const fresh = join(dir, 'schema.d.ts')
    execFileSync(process.execPath, [cli, document, '-o', fresh], { cwd: client, stdio: 'pipe' })
    expect(readFileSync(join(client, 'src/api/schema.d.ts'), 'utf8')).toBe(readFileSync(fresh, 'utf8'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 60_000)
