/**
 * `tsx scripts/ensure-browser.ts` (the first thing `npm test` and `npm run test:e2e` run): makes sure
 * the Playwright tests have a Chromium to drive, and installs one when the machine has none.
 *
 * Search, first hit wins:
 *   1. `CHROMIUM_PATH` (when set and not executable: stop; a wrong explicit setting is not skipped);
 *   2. a system Chromium or Chrome (`systemCandidates`); Ubuntu's snap launchers are skipped, since
 *      Playwright cannot drive the confined snap (it cannot see the profile folder in the host's /tmp);
 *   3. Playwright's own download: the path playwright-core's `chromium.executablePath()` reports, when
 *      the file is there.
 * Install, when nothing is found:
 *   1. Playwright's installer, `playwright install --no-shell chromium`, with a 5 s network stall
 *      timeout so a closed network fails in seconds, not minutes; then, as root on Debian or Ubuntu,
 *      `playwright install-deps chromium` for the libraries that build needs;
 *   2. as root on Debian or Ubuntu: `apt-get update`, and `apt-get install chromium` when apt offers a
 *      real `chromium` package (on Ubuntu the archive's Chromium is only a transitional package for the
 *      snap, so there a plain Ubuntu is told what to run instead);
 *   3. otherwise stop, with the exact command to run.
 *
 * Why the full `chromium` and not the headless shell: with no `executablePath`, Playwright ≥ 1.49
 * launches its separate `chromium-headless-shell` build in headless mode, which is a different file from
 * the `chromium` that `executablePath()` reports. The tests therefore always pass the path found here
 * (tests/helpers/chromium.ts), so `--no-shell` skips a download nothing would use.
 *
 * One source of truth: this script writes nothing. `playwright.config.ts` asks `findBrowser()`, the same
 * search without installing, so the browser reported here is the one Playwright launches, and
 * `npx playwright test` on its own picks the same one.
 *
 * The decision is `nextStep(facts)`, a pure function of the environment, the platform, whether we are
 * root, /etc/os-release, which paths are executable and what the commands run so far returned.
 * `ensureBrowser(host)` gathers those facts, runs the command the decision names, and asks again,
 * until the answer is "use" or "stop"; each command runs at most once.
 */
import { spawnSync } from 'node:child_process'
import { accessSync, constants, readFileSync, realpathSync, statSync } from 'node:fs'
import { posix, win32 } from 'node:path'
import { chromium } from 'playwright-core'

export type Env = Readonly<Record<string, string | undefined>>

export interface Candidate {
  path: string
  label: string
}

export type CommandId = 'playwright-install' | 'playwright-install-deps' | 'apt-update' | 'apt-show' | 'apt-install'

export interface Command {
  id: CommandId
  /** `playwright` is this project's own Playwright CLI, run by the current Node. */
  program: 'playwright' | 'apt-get' | 'apt-cache'
  args: string[]
  /** Variables added to the inherited environment. */
  env: Record<string, string>
  /** Hard limit for the whole command; a backstop, the fast failure comes from the command's own timeouts. */
  timeoutMs: number
  /** Keep stdout for the next decision instead of showing it. */
  captureOutput: boolean
}

export interface CommandResult {
  ok: boolean
  output: string
}

export interface BrowserFacts {
  env: Env
  platform: NodeJS.Platform
  isRoot: boolean
  /** Text of /etc/os-release, or undefined where there is none. */
  osRelease: string | undefined
  /** The candidate paths (CHROMIUM_PATH, system ones, Playwright's) that are executable files. */
  executables: ReadonlySet<string>
  /** The executable system candidates that only launch Ubuntu's chromium snap. */
  snapLaunchers: ReadonlySet<string>
  /** What playwright-core's `chromium.executablePath()` reports, whether or not the file is there. */
  playwrightExecutable: string | undefined
  /** The commands run so far in this bootstrap and what they returned. */
  ran: Readonly<Partial<Record<CommandId, CommandResult>>>
}

export type BrowserSource = 'CHROMIUM_PATH' | 'system' | 'playwright'
export type UseStep = { kind: 'use'; path: string; source: BrowserSource; label: string; notes: string[] }
export type StopStep = { kind: 'stop'; message: string }
export type RunStep = { kind: 'run'; command: Command; why: string }
export type Step = UseStep | RunStep | StopStep

export type LinuxFamily = 'debian' | 'ubuntu' | 'other'

/** Playwright's own variable; its default is 30 s per attempt, and it makes 5 attempts. */
const DOWNLOAD_STALL_MS = '5000'
const MINUTE = 60_000
const ONLINE = "# on a network that reaches Playwright's download host"

/** Reads a variable the way the platform does: Windows' environment names are case-insensitive. */
function envValue(env: Env, name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') return env[name] || undefined
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase())
  return (key && env[key]) || undefined
}

/** The system Chromium and Chrome locations, in the order they are tried (Chromium before Chrome). */
export function systemCandidates(platform: NodeJS.Platform, env: Env): Candidate[] {
  if (platform === 'linux') {
    return [
      { path: '/usr/bin/chromium', label: 'Chromium' },
      { path: '/usr/bin/chromium-browser', label: 'Chromium' },
      { path: '/usr/bin/google-chrome', label: 'Google Chrome' },
      { path: '/usr/bin/google-chrome-stable', label: 'Google Chrome' }
    ]
  }
  if (platform === 'darwin') {
    const home = envValue(env, 'HOME', platform)
    const folders = ['/Applications', ...(home ? [posix.join(home, 'Applications')] : [])]
    return [
      ...folders.map((f) => ({ path: posix.join(f, 'Chromium.app/Contents/MacOS/Chromium'), label: 'Chromium' })),
      ...folders.map((f) => ({ path: posix.join(f, 'Google Chrome.app/Contents/MacOS/Google Chrome'), label: 'Google Chrome' }))
    ]
  }
  if (platform === 'win32') {
    // Google's installers put Chrome under Program Files (per machine) or %LOCALAPPDATA% (per user);
    // Chromium's Windows builds install per user.
    const local = envValue(env, 'LOCALAPPDATA', platform)
    const machine = ['ProgramFiles', 'ProgramFiles(x86)'].map((n) => envValue(env, n, platform))
    const chrome = [...machine, local].filter((d): d is string => Boolean(d))
    return [
      ...(local ? [{ path: win32.join(local, 'Chromium', 'Application', 'chrome.exe'), label: 'Chromium' }] : []),
      ...chrome.map((d) => ({ path: win32.join(d, 'Google', 'Chrome', 'Application', 'chrome.exe'), label: 'Google Chrome' }))
    ]
  }
  return []
}

/** Every path whose existence the decision needs, so a host can check exactly these. */
export function pathsToCheck(platform: NodeJS.Platform, env: Env, playwrightExecutable: string | undefined): string[] {
  const own = envValue(env, 'CHROMIUM_PATH', platform)
  return [...(own ? [own] : []), ...systemCandidates(platform, env).map((c) => c.path), ...(playwrightExecutable ? [playwrightExecutable] : [])]
}

/** The KEY=value pairs of an os-release file (freedesktop.org's os-release(5)), quotes removed. */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line)
    if (!m) continue
    fields[m[1]] = m[2].trim().replace(/^(["'])(.*)\1$/, '$2')
  }
  return fields
}

/** Ubuntu and its derivatives (ID_LIKE names ubuntu, e.g. Linux Mint), then Debian and its derivatives. */
export function linuxFamily(osRelease: string | undefined): LinuxFamily {
  if (!osRelease) return 'other'
  const f = parseOsRelease(osRelease)
  const ids = [f.ID ?? '', ...(f.ID_LIKE ?? '').split(/\s+/)].map((s) => s.toLowerCase())
  if (ids.includes('ubuntu')) return 'ubuntu'
  if (ids.includes('debian')) return 'debian'
  return 'other'
}

/** Debian's package name first; Ubuntu's name second, since a PPA may ship a real package under it. */
export const APT_PACKAGES = ['chromium', 'chromium-browser'] as const

export type AptOffer = { kind: 'deb'; pkg: string } | { kind: 'snap' } | { kind: 'none' }

/**
 * What `apt-cache show --no-all-versions chromium chromium-browser` says apt would install: a real
 * package, or only Ubuntu's transitional package for the snap (it pre-depends on snapd and describes
 * itself as "Transitional package - chromium-browser -> chromium snap"), or nothing.
 */
export function aptOffer(result: CommandResult | undefined): AptOffer {
  if (!result?.ok) return { kind: 'none' }
  const stanzas = result.output.split(/\n\s*\n/).map((text) => ({ pkg: /^Package:\s*(\S+)/m.exec(text)?.[1], text }))
  let snapOnly = false
  for (const pkg of APT_PACKAGES) {
    const stanza = stanzas.find((s) => s.pkg === pkg)
    if (!stanza) continue
    const depends = stanza.text.match(/^(Pre-)?Depends:.*$/gm) ?? []
    const snap = depends.some((line) => /\bsnapd\b/.test(line)) || /^Description:.*transitional.*snap/im.test(stanza.text)
    if (!snap) return { kind: 'deb', pkg }
    snapOnly = true
  }
  return snapOnly ? { kind: 'snap' } : { kind: 'none' }
}

function playwrightInstall(env: Env): Command {
  return {
    id: 'playwright-install',
    program: 'playwright',
    args: ['install', '--no-shell', 'chromium'],
    env: { PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT: env.PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT || DOWNLOAD_STALL_MS },
    timeoutMs: 10 * MINUTE,
    captureOutput: false
  }
}

const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' }
// Wait for another apt or dpkg run (another engineer's, unattended-upgrades) instead of failing at once.
const DPKG_LOCK_WAIT = ['-o', 'DPkg::Lock::Timeout=120']

const COMMANDS: Record<Exclude<CommandId, 'playwright-install' | 'apt-install'>, Command> = {
  'playwright-install-deps': {
    id: 'playwright-install-deps',
    program: 'playwright',
    args: ['install-deps', 'chromium'],
    env: APT_ENV,
    timeoutMs: 15 * MINUTE,
    captureOutput: false
  },
  'apt-update': { id: 'apt-update', program: 'apt-get', args: ['-qq', 'update'], env: APT_ENV, timeoutMs: 5 * MINUTE, captureOutput: false },
  'apt-show': { id: 'apt-show', program: 'apt-cache', args: ['show', '--no-all-versions', ...APT_PACKAGES], env: {}, timeoutMs: MINUTE, captureOutput: true }
}

function aptInstall(pkg: string): Command {
  return { id: 'apt-install', program: 'apt-get', args: ['install', '-y', '-qq', ...DPKG_LOCK_WAIT, pkg], env: APT_ENV, timeoutMs: 20 * MINUTE, captureOutput: false }
}

/** How a person would type the command. */
export function displayCommand(command: Command): string {
  return [command.program === 'playwright' ? 'npx playwright' : command.program, ...command.args].join(' ')
}

function run(command: Command, why: string): RunStep {
  return { kind: 'run', command, why }
}

/** The search alone: a browser to use, a stop (CHROMIUM_PATH is wrong), or null when there is none. */
export function locateBrowser(facts: BrowserFacts): UseStep | StopStep | null {
  const own = envValue(facts.env, 'CHROMIUM_PATH', facts.platform)
  if (own) {
    if (facts.executables.has(own)) return { kind: 'use', path: own, source: 'CHROMIUM_PATH', label: 'CHROMIUM_PATH', notes: [] }
    return {
      kind: 'stop',
      message: `CHROMIUM_PATH is ${own}, which is not an executable file. Point it at a Chromium or Chrome executable, or unset it to let \`npm test\` find or install one.`
    }
  }
  const notes: string[] = []
  for (const c of systemCandidates(facts.platform, facts.env)) {
    if (!facts.executables.has(c.path)) continue
    if (facts.snapLaunchers.has(c.path)) {
      notes.push(`skipped ${c.path}: it only starts Ubuntu's chromium snap, which Playwright cannot drive`)
      continue
    }
    return { kind: 'use', path: c.path, source: 'system', label: c.label, notes }
  }
  const pw = facts.playwrightExecutable
  if (pw && facts.executables.has(pw)) return { kind: 'use', path: pw, source: 'playwright', label: "Playwright's Chromium", notes }
  return null
}

/** What was looked at, for the messages. */
function searched(facts: BrowserFacts): string {
  const places = [...systemCandidates(facts.platform, facts.env).map((c) => c.path)]
  if (facts.playwrightExecutable) places.push(`Playwright's own (${facts.playwrightExecutable})`)
  return `Looked for: CHROMIUM_PATH (not set), ${places.join(', ')}.`
}

/** The attempts a stop message lists (asking apt what it offers is not one). */
const ATTEMPTS: Partial<Record<CommandId, string>> = {
  'playwright-install': "Playwright's installer",
  'playwright-install-deps': "Playwright's system libraries",
  'apt-update': 'apt-get update',
  'apt-install': 'apt-get install'
}

function tried(facts: BrowserFacts): string {
  const ids = (Object.keys(facts.ran) as CommandId[]).filter((id) => ATTEMPTS[id])
  const lines = ids.map((id) => `  ${ATTEMPTS[id]}: ${facts.ran[id]?.ok ? 'succeeded' : 'failed'}`)
  return lines.length ? `Tried:\n${lines.join('\n')}\n` : ''
}

function stop(facts: BrowserFacts, reason: string, command: string): StopStep {
  return {
    kind: 'stop',
    message:
      `No Chromium or Chrome for the browser tests. ${searched(facts)}\n${tried(facts)}${reason}\n` +
      `Run:\n  ${command}\nthen \`npm test\` again (or set CHROMIUM_PATH to a Chromium or Chrome executable).`
  }
}

/** The next thing to do towards a browser for the tests. */
export function nextStep(facts: BrowserFacts): Step {
  const family = facts.platform === 'linux' ? linuxFamily(facts.osRelease) : 'other'
  const aptMachine = family !== 'other'
  const found = locateBrowser(facts)
  if (found?.kind === 'stop') return found
  if (found) {
    // Playwright's Linux builds need system libraries a fresh machine lacks; only root can add them.
    const justDownloaded = found.source === 'playwright' && facts.ran['playwright-install']?.ok
    if (justDownloaded && aptMachine && facts.isRoot && !facts.ran['playwright-install-deps']) {
      return run(COMMANDS['playwright-install-deps'], "installing the system libraries Playwright's Chromium needs")
    }
    return found
  }

  if (!facts.ran['playwright-install']) return run(playwrightInstall(facts.env), "downloading Playwright's Chromium")

  const download = facts.ran['playwright-install']?.ok
    ? `Playwright's installer finished, but its Chromium is not at ${facts.playwrightExecutable ?? 'a path Playwright reports'}`
    : "Playwright's installer could not download its Chromium (see its output above)"
  if (!aptMachine) return stop(facts, `${download}.`, `npx playwright install chromium   ${ONLINE}`)
  if (!facts.isRoot) {
    return family === 'debian'
      ? stop(facts, `${download}, and installing Debian's chromium needs root.`, 'sudo apt-get update && sudo apt-get install -y chromium')
      : stop(facts, `${download}, and Ubuntu's own chromium package only installs the snap, which Playwright cannot drive.`, `npx playwright install --with-deps chromium   ${ONLINE}`)
  }
  if (!facts.ran['apt-update']) return run(COMMANDS['apt-update'], "refreshing apt's package lists")
  if (!facts.ran['apt-show']) return run(COMMANDS['apt-show'], 'asking apt which chromium it would install')
  const offer = aptOffer(facts.ran['apt-show'])
  if (offer.kind === 'deb' && !facts.ran['apt-install']) return run(aptInstall(offer.pkg), `installing apt's ${offer.pkg} package`)
  if (offer.kind === 'deb') {
    const outcome = facts.ran['apt-install']?.ok
      ? `apt-get installed ${offer.pkg}, but none of the paths above appeared.`
      : `apt-get could not install ${offer.pkg} (see its output above).`
    return stop(facts, outcome, `apt-get update && apt-get install -y ${offer.pkg}   # and read the errors it prints`)
  }
  const aptSays =
    offer.kind === 'snap'
      ? "apt's chromium is only Ubuntu's transitional package for the snap, which Playwright cannot drive"
      : `apt has no chromium package${facts.ran['apt-update']?.ok ? '' : ' (and apt-get update failed)'}`
  const fixApt = family === 'debian' && !facts.ran['apt-update']?.ok
  return fixApt
    ? stop(facts, `${download}, and ${aptSays}.`, 'apt-get update && apt-get install -y chromium   # after fixing what apt-get update reports')
    : stop(facts, `${download}, and ${aptSays}.`, `npx playwright install --with-deps chromium   ${ONLINE}`)
}

/** The side effects the decision needs, injectable so the tests can hand in fakes. */
export interface BrowserHost {
  env: Env
  platform: NodeJS.Platform
  isRoot: boolean
  readOsRelease(): string | undefined
  isExecutable(path: string): boolean
  isSnapLauncher(path: string): boolean
  playwrightExecutable(): string | undefined
  run(command: Command): CommandResult
  log(line: string): void
}

export function gatherFacts(host: BrowserHost, ran: BrowserFacts['ran'] = {}): BrowserFacts {
  const playwrightExecutable = host.playwrightExecutable()
  const executables = new Set(pathsToCheck(host.platform, host.env, playwrightExecutable).filter((p) => host.isExecutable(p)))
  const system = new Set(systemCandidates(host.platform, host.env).map((c) => c.path))
  const snapLaunchers = new Set([...executables].filter((p) => system.has(p) && host.isSnapLauncher(p)))
  return { env: host.env, platform: host.platform, isRoot: host.isRoot, osRelease: host.readOsRelease(), executables, snapLaunchers, playwrightExecutable, ran }
}

/** Find a browser without installing anything (what the Playwright config asks). */
export function findBrowser(host: BrowserHost = nodeHost()): UseStep | StopStep {
  const facts = gatherFacts(host)
  const found = locateBrowser(facts)
  if (found) return found
  return {
    kind: 'stop',
    message: `No Chromium or Chrome for the browser tests. ${searched(facts)}\nRun \`npx tsx scripts/ensure-browser.ts\` (\`npm test\` runs it first) to install one, or set CHROMIUM_PATH.`
  }
}

/** Find a browser, installing one when there is none; each command runs at most once. */
export function ensureBrowser(host: BrowserHost): UseStep | StopStep {
  const ran: Partial<Record<CommandId, CommandResult>> = {}
  for (;;) {
    const step = nextStep(gatherFacts(host, ran))
    if (step.kind !== 'run') return step
    if (ran[step.command.id]) throw new Error(`ensure-browser: ${step.command.id} was asked for twice`)
    host.log(`No browser for the e2e tests yet: ${step.why}: ${displayCommand(step.command)}`)
    ran[step.command.id] = host.run(step.command)
  }
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** Ubuntu's /usr/bin/chromium-browser is a small shell script that starts /snap/bin/chromium. */
export function isSnapLauncher(path: string): boolean {
  try {
    if (realpathSync(path).startsWith('/snap/')) return true
    if (statSync(path).size > 64 * 1024) return false
    const text = readFileSync(path, 'utf8')
    return text.startsWith('#!') && text.includes('/snap/')
  } catch {
    return false
  }
}

function runCommand(command: Command): CommandResult {
  const [file, args] =
    command.program === 'playwright' ? [process.execPath, [require.resolve('@playwright/test/cli'), ...command.args]] : [command.program, command.args]
  const r = spawnSync(file, args, {
    env: { ...process.env, ...command.env },
    stdio: command.captureOutput ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    timeout: command.timeoutMs
  })
  if (r.error) console.error(`${displayCommand(command)}: ${r.error.message}`)
  return { ok: r.status === 0 && !r.error, output: r.stdout ?? '' }
}

export function nodeHost(): BrowserHost {
  return {
    env: process.env,
    platform: process.platform,
    isRoot: process.getuid?.() === 0,
    readOsRelease: () => {
      try {
        return readFileSync('/etc/os-release', 'utf8')
      } catch {
        return undefined
      }
    },
    isExecutable: isExecutableFile,
    isSnapLauncher,
    playwrightExecutable: () => {
      try {
        return chromium.executablePath()
      } catch {
        return undefined // Playwright has no build for this platform
      }
    },
    run: runCommand,
    log: (line) => console.log(line)
  }
}

function main(): void {
  const step = ensureBrowser(nodeHost())
  if (step.kind === 'stop') {
    console.error(step.message)
    process.exit(1)
  }
  for (const note of step.notes) console.log(`Browser for the e2e tests: ${note}`)
  console.log(`Browser for the e2e tests: ${step.path} (${step.label})`)
}

if (typeof require !== 'undefined' && require.main === module) main()
