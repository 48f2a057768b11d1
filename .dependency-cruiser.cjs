/**
 * The house's dependency rules (shared/DESIGN.md "Layout", docs/architecture.md "The dependency rule"),
 * checked by test/house/rules.test.ts in `npm test` and by `npm run lint`. A rule broken is a failing test.
 *
 *   web/ (+ app.ts, server.ts)  →  feature rooms  →  lower rooms  →  libraries
 *
 * Type-only imports count: they are still a dependency of the design, and a cycle through a type is
 * still a cycle a reader has to hold in their head.
 */
const FEATURES = '(livestream|plans|jobs|events|destinations|preflight|youtube)';
const LOWER = '(zoom|credentials|db|cache|sessions|i18n|metrics)';
/** Express and its middleware: they take req/res, so they belong in web/ (and the emulator's own server). */
const EXPRESS_FAMILY =
  '(^|/)node_modules/(@types/)?(express|express-serve-static-core|helmet|csrf-sync|express-rate-limit|rate-limit-redis|i18next-http-middleware|multer)/';
/** express-session on its own: the web's session middleware, and the stores in src/sessions that plug into it. */
const EXPRESS_SESSION = '(^|/)node_modules/(@types/)?express-session/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only ones included: a cycle means two modules that are really one, or a type in the wrong file.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-express-outside-web',
      severity: 'error',
      comment: 'Nothing below web/ knows Express: the domain takes plain values (a session id, settings), never req/res.',
      from: { path: '^src/', pathNot: '^src/(web/|emulator/|emulators/|app\\.ts$|server\\.ts$)' },
      to: { path: EXPRESS_FAMILY },
    },
    {
      name: 'not-to-express-session-outside-web',
      severity: 'error',
      comment:
        'The session\'s type is declared once (src/web/shared/session-data.ts); only web/ and the session stores (src/sessions) ' +
        'import express-session. A lower room that touches a session declares the structural type it needs.',
      from: { path: '^src/', pathNot: '^src/(web/|sessions/|app\\.ts$|server\\.ts$)' },
      to: { path: EXPRESS_SESSION },
    },
    {
      name: 'not-to-web',
      severity: 'error',
      comment: 'web/ is the top of the house: only app.ts (the route table) and server.ts import it.',
      from: { path: '^src/', pathNot: '^src/(web/|app\\.ts$|server\\.ts$)' },
      to: { path: '^src/web/' },
    },
    {
      name: 'lower-not-to-features',
      severity: 'error',
      comment: `The lower rooms ${LOWER} serve the feature rooms ${FEATURES}, never the other way round.`,
      from: { path: `^src/${LOWER}/` },
      to: { path: `^src/${FEATURES}/` },
    },
    {
      name: 'rooms-not-to-the-app',
      severity: 'error',
      comment: 'app.ts and server.ts assemble the rooms; no room imports them (config.ts and logging.ts are for everyone).',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/(app|server)\\.ts$' },
    },
    {
      name: 'only-the-top-imports-deps',
      severity: 'error',
      comment: 'deps.ts builds every collaborator; below web/ a room is handed what it needs, never the whole bag.',
      from: { path: '^src/[^/]+/', pathNot: '^src/web/' },
      to: { path: '^src/deps\\.ts$' },
    },
    {
      name: 'web-imports-deps-types-only',
      severity: 'error',
      comment: 'web/ wires its handlers from the AppDeps type; building the collaborators stays in deps.ts, called by server.ts.',
      from: { path: '^src/web/' },
      to: { path: '^src/deps\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-server-imports-app',
      severity: 'error',
      comment: 'createApp is called by server.ts (and the tests); nothing else builds an app.',
      from: { path: '^src/', pathNot: '^src/server\\.ts$' },
      to: { path: '^src/app\\.ts$' },
    },
    {
      name: 'emulator-not-to-app',
      severity: 'error',
      comment: 'The emulator stands in for Zoom: it never imports the app, so it cannot share the app\'s mistakes.',
      from: { path: '^src/emulator/' },
      to: { path: '^src/', pathNot: '^src/emulator/' },
    },
    {
      name: 'app-not-to-emulator',
      severity: 'error',
      comment: 'The app reaches the emulator only through server.ts (the sandbox) and the tests, never from a room.',
      from: { path: '^src/', pathNot: '^src/(emulator/|server\\.ts$)' },
      to: { path: '^src/emulator/' },
    },
    {
      name: 'emulators-not-to-app',
      severity: 'error',
      comment:
        'Each emulator under src/emulators/ (YouTube today) stands in for a service: it imports only its own folder, ' +
        'never the app nor another emulator, so it cannot share their mistakes.',
      from: { path: '^src/emulators/([^/]+)/' },
      to: { path: '^src/', pathNot: '^src/emulators/$1/' },
    },
    {
      name: 'app-not-to-emulators',
      severity: 'error',
      comment: 'The app reaches an emulator under src/emulators/ only through server.ts (the sandbox) and the tests, never from a room.',
      from: { path: '^src/', pathNot: '^src/(emulators/|server\\.ts$)' },
      to: { path: '^src/emulators/' },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'The app never imports the tests or their helpers.',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'What the app runs must be in "dependencies": `npm ci --omit=dev` would leave a devDependency out (type-only imports of @types are fine).',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '(^|/)node_modules/@types/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve to a file.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'A package the app imports must be in package.json, not only present through another package.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
