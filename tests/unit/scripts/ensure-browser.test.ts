/**
 * The browser bootstrap that `npm test` runs before Playwright (scripts/ensure-browser.ts).
 *
 * Fixtures come from the systems they describe, not from the code:
 * - DEBIAN_12: /etc/os-release of this project's Debian 12 machines, copied verbatim.
 * - UBUNTU_24_04: /etc/os-release of Ubuntu 24.04.1 LTS as `cat /etc/os-release` prints it.
 * - MINT_20: Linux Mint 20.1's os-release (ID=linuxmint, ID_LIKE=ubuntu).
 * - DEBIAN_APT_SHOW: `apt-cache show --no-all-versions chromium chromium-browser` on Debian 12,
 *   trimmed to the fields read (Debian has no chromium-browser package, so only one stanza).
 * - UBUNTU_APT_SHOW: the same question on Ubuntu 20.04: the archive has no `chromium`, and
 *   `chromium-browser` is Canonical's transitional package for the snap ("Pre-Depends: debconf, snapd",
 *   "Transitional package - chromium-browser -> chromium snap"; Canonical's "Chromium in Ubuntu – deb
 *   to snap transition", 2019).
 * - The Playwright paths follow playwright-core 1.65's registry: ~/.cache/ms-playwright/chromium-<rev>/
 *   chrome-linux64/chrome for the full browser, chromium_headless_shell-<rev>/… for the shell.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  aptOffer,
  ensureBrowser,
  isSnapLauncher,
  linuxFamily,
  nextStep,
  systemCandidates,
  type BrowserFacts,
  type BrowserHost,
  type Command,
  type CommandId,
  type CommandResult
} from '../../../scripts/ensure-browser'

const DEBIAN_12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`

const UBUNTU_24_04 = `PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.1 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
`

const MINT_20 = `NAME="Linux Mint"
VERSION="20.1 (Ulyssa)"
ID=linuxmint
ID_LIKE=ubuntu
PRETTY_NAME="Linux Mint 20.1"
VERSION_ID="20.1"
`

const FEDORA = `NAME="Fedora Linux"
VERSION_ID=40
ID=fedora
`

const DEBIAN_APT_SHOW = `Package: chromium
Version: 156.0.8078.114-1~deb12u1
Maintainer: Debian Chromium Team <chromium@packages.debian.org>
Architecture: amd64
Provides: gnome-www-browser, www-browser
Depends: libasound2 (>= 1.0.17), libatk-bridge2.0-0 (>= 2.5.3), libnss3 (>= 2:3.30), chromium-common (= 156.0.8078.114-1~deb12u1)
Suggests: chromium-l10n, chromium-shell, chromium-driver
Description: web browser
Section: web

`

const UBUNTU_APT_SHOW = `Package: chromium-browser
Architecture: amd64
Version: 1:85.0.4183.83-0ubuntu0.20.04.2
Priority: optional
Section: universe/web
Origin: Ubuntu
Provides: gnome-www-browser, www-browser, x-www-browser
Pre-Depends: debconf, snapd
Depends: debconf (>= 0.5) | debconf-2.0
Description: Transitional package - chromium-browser -> chromium snap

`

const PW_CHROME = '/root/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome'
const PW_SHELL = '/root/.cache/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell'

function facts(over: Partial<BrowserFacts> = {}): BrowserFacts {
  return {
    env: {},
    platform: 'linux',
    isRoot: false,
    osRelease: DEBIAN_12,
    executables: new Set(),
    snapLaunchers: new Set(),
    playwrightExecutable: PW_CHROME,
    ran: {},
    ...over
  }
}

const ok = (output = ''): CommandResult => ({ ok: true, output })
const failed: CommandResult = { ok: false, output: '' }

function runOf(step: ReturnType<typeof nextStep>): Command {
  if (step.kind !== 'run') throw new Error(`expected a command, got ${JSON.stringify(step)}`)
  return step.command
}

describe('the search order', () => {
  it('uses CHROMIUM_PATH before a system Chromium', () => {
    const step = nextStep(facts({ env: { CHROMIUM_PATH: '/opt/my/chrome' }, executables: new Set(['/opt/my/chrome', '/usr/bin/chromium']) }))
    expect(step).toMatchObject({ kind: 'use', path: '/opt/my/chrome', source: 'CHROMIUM_PATH' })
  })

  it('stops on a CHROMIUM_PATH that is not there instead of quietly using another browser or installing', () => {
    const step = nextStep(facts({ env: { CHROMIUM_PATH: '/opt/typo/chrome' }, executables: new Set(['/usr/bin/chromium']), isRoot: true }))
    expect(step.kind).toBe('stop')
    if (step.kind === 'stop') expect(step.message).toContain('CHROMIUM_PATH is /opt/typo/chrome')
  })

  it('prefers Chromium to Chrome among the system browsers', () => {
    const step = nextStep(facts({ executables: new Set(['/usr/bin/google-chrome-stable', '/usr/bin/chromium-browser', PW_CHROME]) }))
    expect(step).toMatchObject({ kind: 'use', path: '/usr/bin/chromium-browser', source: 'system' })
  })

  it('finds Google Chrome when it is the only system browser', () => {
    expect(nextStep(facts({ executables: new Set(['/usr/bin/google-chrome']) }))).toMatchObject({ kind: 'use', path: '/usr/bin/google-chrome' })
  })

  it("skips Ubuntu's snap launcher and falls back to Playwright's own Chromium", () => {
    const step = nextStep(facts({ osRelease: UBUNTU_24_04, executables: new Set(['/usr/bin/chromium-browser', PW_CHROME]), snapLaunchers: new Set(['/usr/bin/chromium-browser']) }))
    expect(step).toMatchObject({ kind: 'use', path: PW_CHROME, source: 'playwright' })
    if (step.kind === 'use') expect(step.notes.join()).toContain('/usr/bin/chromium-browser')
  })

  it("uses Playwright's full Chromium and does not count a lone headless shell as a browser", () => {
    expect(nextStep(facts({ executables: new Set([PW_CHROME]) }))).toMatchObject({ kind: 'use', path: PW_CHROME })
    // Only the shell downloaded (`playwright install --only-shell`): the path executablePath() reports is missing.
    expect(runOf(nextStep(facts({ executables: new Set([PW_SHELL]) }))).id).toBe('playwright-install')
  })

  it('knows the macOS application bundles, including the per-user Applications folder', () => {
    const paths = systemCandidates('darwin', { HOME: '/Users/ana' }).map((c) => c.path)
    expect(paths).toEqual([
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Users/ana/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Users/ana/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
    ])
  })

  it("knows Chrome's per-machine and per-user Windows locations, reading variables case-insensitively as Windows does", () => {
    const env = { ProgramFiles: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LocalAppData: 'C:\\Users\\ana\\AppData\\Local' }
    expect(systemCandidates('win32', env).map((c) => c.path)).toEqual([
      'C:\\Users\\ana\\AppData\\Local\\Chromium\\Application\\chrome.exe',
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Users\\ana\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe'
    ])
  })
})

describe('installing when there is no browser', () => {
  it("tries Playwright's installer first, for the full Chromium only, with a 5 s network stall timeout", () => {
    const cmd = runOf(nextStep(facts()))
    expect(cmd).toMatchObject({ id: 'playwright-install', program: 'playwright', args: ['install', '--no-shell', 'chromium'] })
    expect(cmd.env.PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT).toBe('5000')
  })

  it("keeps the user's own Playwright download timeout", () => {
    const cmd = runOf(nextStep(facts({ env: { PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT: '60000' } })))
    expect(cmd.env.PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT).toBe('60000')
  })

  it("adds the system libraries as root on Debian after Playwright's download, then uses it", () => {
    const base = { isRoot: true, executables: new Set([PW_CHROME]) }
    expect(runOf(nextStep(facts({ ...base, ran: { 'playwright-install': ok() } })))).toMatchObject({ id: 'playwright-install-deps', args: ['install-deps', 'chromium'] })
    expect(nextStep(facts({ ...base, ran: { 'playwright-install': ok(), 'playwright-install-deps': failed } }))).toMatchObject({ kind: 'use', path: PW_CHROME })
  })

  it("does not ask a non-root user to install libraries after Playwright's download", () => {
    expect(nextStep(facts({ executables: new Set([PW_CHROME]), ran: { 'playwright-install': ok() } }))).toMatchObject({ kind: 'use', path: PW_CHROME })
  })

  it("as root on Debian, falls back to apt: update, ask what it offers, install Debian's chromium, use it", () => {
    const root = { isRoot: true }
    const afterPw = { 'playwright-install': failed }
    expect(runOf(nextStep(facts({ ...root, ran: afterPw })))).toMatchObject({ id: 'apt-update', program: 'apt-get', args: ['-qq', 'update'] })
    const afterUpdate = { ...afterPw, 'apt-update': ok() }
    expect(runOf(nextStep(facts({ ...root, ran: afterUpdate })))).toMatchObject({ id: 'apt-show', program: 'apt-cache', args: ['show', '--no-all-versions', 'chromium', 'chromium-browser'] })
    const afterShow = { ...afterUpdate, 'apt-show': ok(DEBIAN_APT_SHOW) }
    const install = runOf(nextStep(facts({ ...root, ran: afterShow })))
    expect(install).toMatchObject({ id: 'apt-install', program: 'apt-get' })
    expect(install.args.at(-1)).toBe('chromium')
    expect(install.args).toContain('-y')
    expect(install.env.DEBIAN_FRONTEND).toBe('noninteractive')
    const afterInstall = { ...afterShow, 'apt-install': ok() }
    expect(nextStep(facts({ ...root, ran: afterInstall, executables: new Set(['/usr/bin/chromium']) }))).toMatchObject({ kind: 'use', path: '/usr/bin/chromium' })
  })

  it('stops, rather than asking again, when apt says it installed chromium but no browser appeared', () => {
    const ran = { 'playwright-install': failed, 'apt-update': ok(), 'apt-show': ok(DEBIAN_APT_SHOW), 'apt-install': ok() }
    const step = nextStep(facts({ isRoot: true, ran }))
    expect(step.kind).toBe('stop')
  })

  it('as root on Debian with apt-get update failing and no package listed, says to fix apt first', () => {
    const ran = { 'playwright-install': failed, 'apt-update': failed, 'apt-show': failed }
    const step = nextStep(facts({ isRoot: true, ran }))
    expect(step.kind).toBe('stop')
    if (step.kind === 'stop') {
      expect(step.message).toContain('apt-get update failed')
      expect(step.message).toContain('apt-get update && apt-get install -y chromium')
    }
  })

  it('as a non-root Debian user, stops with the sudo apt-get command', () => {
    const step = nextStep(facts({ ran: { 'playwright-install': failed } }))
    expect(step.kind).toBe('stop')
    if (step.kind === 'stop') expect(step.message).toContain('sudo apt-get update && sudo apt-get install -y chromium')
  })

  it("as root on Ubuntu, does not install the snap's transitional package and names Playwright's installer instead", () => {
    const ran = { 'playwright-install': failed, 'apt-update': ok(), 'apt-show': ok(UBUNTU_APT_SHOW) }
    const step = nextStep(facts({ osRelease: UBUNTU_24_04, isRoot: true, ran }))
    expect(step.kind).toBe('stop')
    if (step.kind === 'stop') {
      expect(step.message).toContain('transitional package for the snap')
      expect(step.message).toContain('npx playwright install --with-deps chromium')
    }
  })

  it('on Ubuntu, installs a real chromium package when a repository offers one', () => {
    const ran = { 'playwright-install': failed, 'apt-update': ok(), 'apt-show': ok(DEBIAN_APT_SHOW) }
    const cmd = runOf(nextStep(facts({ osRelease: UBUNTU_24_04, isRoot: true, ran })))
    expect(cmd.id).toBe('apt-install')
    expect(cmd.args.at(-1)).toBe('chromium')
  })

  it('on macOS, stops after Playwright\'s installer with the command to run on a connected network', () => {
    const step = nextStep(facts({ platform: 'darwin', osRelease: undefined, playwrightExecutable: '/Users/ana/Library/Caches/ms-playwright/chromium-1255/x', ran: { 'playwright-install': failed } }))
    expect(step.kind).toBe('stop')
    if (step.kind === 'stop') expect(step.message).toMatch(/Run:\n {2}npx playwright install chromium/)
  })

  it('on a Linux without apt (Fedora), never runs apt even as root', () => {
    const step = nextStep(facts({ osRelease: FEDORA, isRoot: true, ran: { 'playwright-install': failed } }))
    expect(step.kind).toBe('stop')
  })
})

describe('reading the machine', () => {
  it('tells Ubuntu and its derivatives from Debian and from other distributions', () => {
    expect(linuxFamily(DEBIAN_12)).toBe('debian')
    expect(linuxFamily(UBUNTU_24_04)).toBe('ubuntu')
    expect(linuxFamily(MINT_20)).toBe('ubuntu')
    expect(linuxFamily('ID=raspbian\nID_LIKE=debian\n')).toBe('debian')
    expect(linuxFamily(FEDORA)).toBe('other')
    expect(linuxFamily(undefined)).toBe('other')
  })

  it("reads apt's answer: Debian's real package, Ubuntu's snap-only package, or nothing", () => {
    expect(aptOffer(ok(DEBIAN_APT_SHOW))).toEqual({ kind: 'deb', pkg: 'chromium' })
    expect(aptOffer(ok(UBUNTU_APT_SHOW))).toEqual({ kind: 'snap' })
    expect(aptOffer({ ok: false, output: '' })).toEqual({ kind: 'none' })
  })
})

describe('the decision always ends', () => {
  const ids: CommandId[] = ['playwright-install', 'playwright-install-deps', 'apt-update', 'apt-show', 'apt-install']
  const arbFacts = fc.record({
    // Weighted towards the machines where most of the decision happens (Linux, no CHROMIUM_PATH).
    platform: fc.constantFrom<NodeJS.Platform>('linux', 'linux', 'linux', 'darwin', 'win32', 'freebsd'),
    isRoot: fc.boolean(),
    osRelease: fc.constantFrom(DEBIAN_12, UBUNTU_24_04, MINT_20, FEDORA, undefined),
    chromiumPath: fc.constantFrom(undefined, undefined, undefined, '/usr/bin/chromium', '/opt/missing'),
    // What each command returns, and which browser (if any) appears once it has run.
    outcomes: fc.dictionary(fc.constantFrom(...ids), fc.record({ ok: fc.boolean(), shows: fc.constantFrom(DEBIAN_APT_SHOW, UBUNTU_APT_SHOW, ''), appears: fc.option(fc.constantFrom('/usr/bin/chromium', PW_CHROME), { nil: undefined }) }))
  })

  it('runs each command at most once and finishes with use or stop, whatever the machine and the commands do', () => {
    fc.assert(
      fc.property(arbFacts, (a) => {
        const present = new Set<string>()
        const ran: Partial<Record<CommandId, CommandResult>> = {}
        for (let i = 0; i <= ids.length; i++) {
          const step = nextStep(facts({ platform: a.platform, isRoot: a.isRoot, osRelease: a.osRelease, env: { CHROMIUM_PATH: a.chromiumPath }, executables: new Set(present), ran: { ...ran } }))
          if (step.kind !== 'run') return true
          const id = step.command.id
          if (ran[id]) return false
          const outcome = a.outcomes[id] ?? { ok: false, shows: '', appears: undefined }
          ran[id] = { ok: outcome.ok, output: outcome.shows }
          if (outcome.appears) present.add(outcome.appears)
        }
        return false
      }),
      { numRuns: 500 }
    )
  })

  it('never runs apt as a non-root user or off Debian and Ubuntu', () => {
    fc.assert(
      fc.property(arbFacts, (a) => {
        const aptAllowed = a.isRoot && a.platform === 'linux' && linuxFamily(a.osRelease) !== 'other'
        const ran: Partial<Record<CommandId, CommandResult>> = {}
        for (let i = 0; i <= ids.length; i++) {
          const step = nextStep(facts({ platform: a.platform, isRoot: a.isRoot, osRelease: a.osRelease, ran: { ...ran } }))
          if (step.kind !== 'run') return true
          const aptLike = step.command.program !== 'playwright' || step.command.id === 'playwright-install-deps'
          if (aptLike && !aptAllowed) return false
          const outcome = a.outcomes[step.command.id]
          ran[step.command.id] = { ok: outcome?.ok ?? false, output: outcome?.shows ?? '' }
        }
        return true
      }),
      { numRuns: 500 }
    )
  })
})

describe('ensureBrowser, the side-effecting loop, with a fake machine', () => {
  function fakeHost(opts: { present: string[]; results: Partial<Record<CommandId, { result: CommandResult; installs?: string }>> }) {
    const present = new Set(opts.present)
    const commands: string[] = []
    const host: BrowserHost = {
      env: {},
      platform: 'linux',
      isRoot: true,
      readOsRelease: () => DEBIAN_12,
      isExecutable: (p) => present.has(p),
      isSnapLauncher: () => false,
      playwrightExecutable: () => PW_CHROME,
      run: (cmd) => {
        commands.push(cmd.id)
        const r = opts.results[cmd.id] ?? { result: failed }
        if (r.installs) present.add(r.installs)
        return r.result
      },
      log: () => undefined
    }
    return { host, commands }
  }

  it('runs nothing when a browser is there', () => {
    const { host, commands } = fakeHost({ present: ['/usr/bin/chromium'], results: {} })
    expect(ensureBrowser(host)).toMatchObject({ kind: 'use', path: '/usr/bin/chromium' })
    expect(commands).toEqual([])
  })

  it('on a Debian machine whose network cannot reach Playwright, installs chromium through apt and uses it', () => {
    const { host, commands } = fakeHost({
      present: [],
      results: { 'apt-update': { result: ok() }, 'apt-show': { result: ok(DEBIAN_APT_SHOW) }, 'apt-install': { result: ok(), installs: '/usr/bin/chromium' } }
    })
    expect(ensureBrowser(host)).toMatchObject({ kind: 'use', path: '/usr/bin/chromium' })
    expect(commands).toEqual(['playwright-install', 'apt-update', 'apt-show', 'apt-install'])
  })

  it("where Playwright can download, uses its Chromium after adding the libraries, and never touches apt's chromium", () => {
    const { host, commands } = fakeHost({ present: [], results: { 'playwright-install': { result: ok(), installs: PW_CHROME }, 'playwright-install-deps': { result: ok() } } })
    expect(ensureBrowser(host)).toMatchObject({ kind: 'use', path: PW_CHROME, source: 'playwright' })
    expect(commands).toEqual(['playwright-install', 'playwright-install-deps'])
  })
})

describe('telling a snap launcher from a browser', () => {
  it('treats a small shell script that starts /snap/bin/chromium as a snap launcher, and a real executable as not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ensure-browser-'))
    try {
      const launcher = join(dir, 'chromium-browser')
      writeFileSync(launcher, '#!/bin/sh\nif [ -x /snap/bin/chromium ]; then exec /snap/bin/chromium "$@"; fi\necho "requires the chromium snap" >&2\nexit 1\n')
      chmodSync(launcher, 0o755)
      expect(isSnapLauncher(launcher)).toBe(true)
      expect(isSnapLauncher(process.execPath)).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the script itself', () => {
  const script = resolve(__dirname, '../../../scripts/ensure-browser.ts')
  const tsx = resolve(__dirname, '../../../node_modules/.bin/tsx')

  it('exits 1 with the reason, and installs nothing, when CHROMIUM_PATH names a missing file', () => {
    const r = spawnSync(tsx, [script], { env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chrome' }, encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('CHROMIUM_PATH is /nonexistent/chrome')
    expect(r.stdout).not.toContain('No browser for the e2e tests yet')
  })

  it('reports the browser CHROMIUM_PATH names and exits 0', () => {
    // Any executable file will do for the search; the script does not start it.
    const out = execFileSync(tsx, [script], { env: { ...process.env, CHROMIUM_PATH: process.execPath }, encoding: 'utf8' })
    expect(out).toContain(`Browser for the e2e tests: ${process.execPath} (CHROMIUM_PATH)`)
  })
})
