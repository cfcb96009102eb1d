/**
 * The layering rules (issue #7.6), checked by tests/unit/layering.test.ts in `npm test`:
 *
 *   src/shared    the contract and error types: imports only itself (and zod)
 *   src/main/sandbox  the simulated AWS, pure: imports only itself, src/shared and a few pure packages
 *   src/renderer  imports src/shared, never the host
 *   src/main (the host) never imports the renderer
 *
 * Paths are relative to the repository. `TREE` also matches tests/fixtures/layering, a tree with the
 * same layout that breaks every rule once, so the test can show each rule still catches its case.
 */
const TREE = '^(tests/fixtures/layering/)?src/'
/** npm packages the sandbox may use: pure computation, no I/O. */
const SANDBOX_PACKAGES = ['zod', 'pure-rand', 'yaml', 'entities']

module.exports = {
  forbidden: [
    {
      name: 'shared-is-a-leaf',
      comment: 'src/shared is read by the host, the sandbox and the renderer, so it can depend on none of them.',
      severity: 'error',
      from: { path: `${TREE}shared/` },
      to: { path: `${TREE}(main|renderer|preload)/` }
    },
    {
      name: 'sandbox-imports-only-itself-and-shared',
      comment: 'The sandbox runs unchanged in the main process, a worker, the browser-mode host and tests: no host code.',
      severity: 'error',
      from: { path: `${TREE}main/sandbox/` },
      to: { path: TREE, pathNot: `${TREE}(main/sandbox|shared)/` }
    },
    {
      name: 'sandbox-no-node-builtins',
      comment: 'No file system, network, process or worker APIs in the sandbox: every number is a function of its inputs.',
      severity: 'error',
      from: { path: `${TREE}main/sandbox/` },
      to: { dependencyTypes: ['core'] }
    },
    {
      name: 'sandbox-only-pure-packages',
      comment: `The sandbox may use ${SANDBOX_PACKAGES.join(', ')} and nothing else from npm.`,
      severity: 'error',
      from: { path: `${TREE}main/sandbox/` },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: `node_modules/(${SANDBOX_PACKAGES.join('|')})/` }
    },
    {
      name: 'renderer-never-imports-the-host',
      comment: 'The renderer talks to the host only through the contract (src/shared) and the API client.',
      severity: 'error',
      from: { path: `${TREE}renderer/` },
      to: { path: `${TREE}(main|preload)/` }
    },
    {
      name: 'host-never-imports-the-renderer',
      severity: 'error',
      from: { path: `${TREE}(main|preload)/` },
      to: { path: `${TREE}renderer/` }
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      severity: 'error',
      from: { path: TREE },
      to: { couldNotResolve: true }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    // For path aliases only: the web config knows both @/ (renderer) and @shared/.
    tsConfig: { fileName: require('node:path').join(__dirname, 'tsconfig.web.json') },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.vue', '.json'] }
  }
}
