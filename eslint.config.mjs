// ESLint (flat config): typescript-eslint's recommended-type-checked set on src/, the plain recommended set on
// test/ (type-checked, test/ took a minute and flagged mostly supertest's untyped bodies). Run by
// test/house/rules.test.ts in `npm test` and by `npm run lint`. Every rule of the sets is on as typescript-eslint
// ships it, except where a line below says why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** `_name` is the house's way to say "deliberately unused": an Express error handler's `_next`, a key left out by destructuring. */
const unusedVars = ['error', {
  argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true,
}];

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'public/**', 'bench/**', 'scripts/**', 'contract/**'] },
  {
    files: ['src/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': unusedVars,
      // Collaborators are factories returning objects of closures (STYLE.md 3) with methods typed in method syntax;
      // none uses `this`, so handing `repo.get` on is safe, and every such hand-over would be flagged.
      '@typescript-eslint/unbound-method': 'off',
      // An async function that implements a Promise-returning interface without awaiting (memory stores, migration
      // providers) is deliberate: `async` turns a throw into a rejection, which is what callers handle.
      '@typescript-eslint/require-await': 'off',
      // connect-redis 9 stores return promises from express-session's callback methods (src/sessions/redis-store.ts),
      // and settle() never rejects when given a callback. Every other void-return check stays on.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { inheritedMethods: false } }],
      // The app strips control characters from text on purpose (livestream/form.ts, db/clean-text.ts); an \x00 in a
      // regular expression here is written as an escape, never pasted by accident.
      'no-control-regex': 'off',
      // Only config.ts reads the environment (DESIGN.md); the entry points below hand process.env to it.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings through loadConfig (src/config.ts), handed in as config.' }],
    },
  },
  {
    // Entry points that hand the whole environment to a parser: server.ts and db/migrate-cli.ts to loadConfig;
    // emulator/start.ts reads its own PORT (the emulator never imports the app's config).
    files: ['src/server.ts', 'src/db/migrate-cli.ts', 'src/emulator/start.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: { '@typescript-eslint/no-unused-vars': unusedVars },
  },
);
