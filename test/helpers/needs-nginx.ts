/**
 * The one way a suite that needs nginx (and the tools beside it) decides whether it runs: it runs when every tool is
 * there; when one is missing it fails under REQUIRE_NGINX=1 (CI: nothing skipped) and otherwise skips with a note
 * saying what to install. The production, real-media and pre-flight suites each name their own tools.
 */
const REQUIRED = process.env.REQUIRE_NGINX === '1';

export interface NeededTools {
  /** What is missing, each with where it was looked for; empty when all are there. */
  missing: string[];
  /** The tools in words, for the failing test's name: "nginx, certutil and openssl". */
  what: string;
  /** The apt-get line that installs them. */
  install: string;
  /** A page of the docs that says more, if any. */
  docs?: string;
}

export function describeNeeding(name: string, tools: NeededTools, body: () => void, run: (name: string, body: () => void) => void = describe): void {
  if (tools.missing.length === 0) return run(name, body);
  const how = `Install them with \`${tools.install}\`.`;
  if (REQUIRED) {
    describe(name, () => {
      it(`has ${tools.what} (REQUIRE_NGINX=1 makes a missing one a failure)`, () => {
        throw new Error(`REQUIRE_NGINX=1 but missing: ${tools.missing.join(', ')}. ${how}`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": missing ${tools.missing.join(', ')}. ${how}${tools.docs ? ` See ${tools.docs}.` : ''} Set REQUIRE_NGINX=1 to fail instead of skipping.`);
  describe.skip(name, body);
}
