import { ROOT, cruiseViolations, lintProblems, listed, median, sourceFiles } from './tools';

/**
 * Rules a tool enforces (STYLE.md 15, docs/architecture.md "The dependency rule"): dependency-cruiser's forbidden
 * imports (.dependency-cruiser.cjs) and typescript-eslint's recommended-type-checked set (eslint.config.mjs).
 * A rule broken is a failing test here, with every violation listed. Type-checked linting of src/ takes tens of
 * seconds (minutes on a busy machine), hence the long timeout.
 */
const TOOL_TIMEOUT_MS = 300_000;

describe('the house rules', () => {
  it('src/ breaks none of the dependency rules, and has no circular imports', async () => {
    const { modules, violations } = await cruiseViolations();
    const circular = violations.filter(({ rule }) => rule === 'no-circular');
    console.log(`dependency-cruiser: ${modules} modules, ${violations.length} violations, ${circular.length} circular imports`);
    expect(modules).toBeGreaterThan(100);
    expect(listed(circular)).toBe('');
    expect(listed(violations)).toBe('');
  }, TOOL_TIMEOUT_MS);

  it('src/ and test/ pass ESLint (typescript-eslint recommended-type-checked on src/)', async () => {
    const problems = await lintProblems();
    expect(listed(problems)).toBe('');
  }, TOOL_TIMEOUT_MS);

  it('reports the size of src/: files, median lines, the largest files', () => {
    const files = sourceFiles('src');
    const largest = [...files].sort((a, b) => b.lines - a.lines).slice(0, 10);
    console.log([
      `src/ (${ROOT}): ${files.length} files, median ${median(files.map(({ lines }) => lines))} lines`,
      'largest:',
      ...largest.map(({ file, lines }) => `  ${String(lines).padStart(4)}  ${file}`),
    ].join('\n'));
    expect(files.length).toBeGreaterThan(100);
  });
});
