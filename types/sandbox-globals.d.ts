/**
 * The one web-platform global the pure code may use, for tsconfig.sandbox.json only (which has
 * neither DOM nor Node types): the WHATWG URL parser, which every host the sandbox runs in (Node,
 * Electron, a worker, a browser) provides. shared/external-links.ts checks lab links with it; a
 * hand-written URL parser would be a weaker security check. Only the members used are declared.
 */
declare class URL {
  constructor(url: string, base?: string)
  readonly protocol: string
  readonly username: string
  readonly password: string
  readonly hostname: string
  readonly port: string
  readonly pathname: string
  readonly href: string
}
