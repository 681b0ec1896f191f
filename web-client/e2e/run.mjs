// Runs the browser tests: starts the real server (the built jar, serving the built client) on a
// fresh database, waits for /health, runs every e2e/*.spec.mjs with node's test runner, then stops
// the server and drops the database.
import { spawn, spawnSync } from 'node:child_process'
import { createServer, connect } from 'node:net'
import { mkdtempSync, readdirSync, rmSync, mkdirSync, openSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const jar = join(root, 'server/target/xieshang-server.jar')
const results = resolve(here, '../test-results')
mkdirSync(results, { recursive: true })

function freePort() {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
  })
}

function answers(port) {
  return new Promise((ok) => {
    const c = connect(port, '127.0.0.1')
    c.setTimeout(1500)
    c.on('connect', () => { c.destroy(); ok(true) })
    c.on('error', () => ok(false))
    c.on('timeout', () => { c.destroy(); ok(false) })
  })
}

function psql(sql) {
  const r = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql],
    { encoding: 'utf8' })
  return r.status === 0
}

const env = { ...process.env }
let database = null
let dataDir = null
if (await answers(5432) && psql('SELECT 1')) {
  database = 'xs_e2e_' + Math.random().toString(36).slice(2, 10)
  if (!psql(`CREATE DATABASE ${database}`)) throw new Error('cannot create ' + database)
  env.XIESHANG_DB_URL = `postgresql://postgres@127.0.0.1:5432/${database}`
} else {
  dataDir = mkdtempSync(join(tmpdir(), 'xieshang-e2e-'))
  delete env.XIESHANG_DB_URL
  env.XIESHANG_DB_EMBEDDED_DIR = join(dataDir, 'pg')
}
const port = await freePort()
Object.assign(env, {
  XIESHANG_HTTP_PORT: String(port),
  XIESHANG_DEMO_LOAD: 'true',
  XIESHANG_DEMO_PASSWORD: 'xieshang2026',
  XIESHANG_HTTP_WEB_ROOT: resolve(here, '../dist'),
  XIESHANG_AUTH_ADDRESS_RATE_PER_MINUTE: '100000',
  XIESHANG_AUTH_JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
})
// The server writes its log straight to the file: a pipe would not be drained while spawnSync below
// blocks this process, and once its 64 KB filled, the server's logging blocked its event loops.
const log = openSync(join(results, 'server.log'), 'w')
const server = spawn('java', ['-Xmx1g', `-Dxieshang.conf=${join(root, 'conf/application.yaml')}`, '-jar', jar],
  { env, cwd: root, stdio: ['ignore', log, log] })

const base = `http://127.0.0.1:${port}`
let code = 1
try {
  const deadline = Date.now() + 90_000
  for (;;) {
    try {
      const r = await fetch(base + '/health')
      if (r.ok && (await r.json()).outcome === 'UP') break
    } catch { /* not up yet */ }
    if (server.exitCode !== null) throw new Error('server exited; see test-results/server.log')
    if (Date.now() > deadline) throw new Error('server did not become healthy; see test-results/server.log')
    await new Promise((r) => setTimeout(r, 500))
  }
  const only = process.argv[2]
  const specs = readdirSync(here).filter((f) => f.endsWith('.spec.mjs') && (!only || f.includes(only))).map((f) => join(here, f))
  const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...specs],
    { stdio: 'inherit', env: { ...process.env, BASE_URL: base, RESULTS_DIR: results, SERVER_PID: String(server.pid) } })
  code = run.status ?? 1
} catch (e) {
  console.error(String(e))
} finally {
  server.kill('SIGTERM')
  await new Promise((r) => { if (server.exitCode !== null) r(); else server.on('exit', r) })
  if (database) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}
process.exit(code)
