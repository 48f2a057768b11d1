import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Runs the house's rule tools as the command line does (`npm run lint`), in child processes: dependency-cruiser
 * is an ES module and ESLint loads eslint.config.mjs, neither of which Jest's module loader runs in-process.
 */
export const ROOT = path.resolve(__dirname, '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: string[], cwd = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    const file = path.join(ROOT, 'node_modules', '.bin', bin);
    execFile(file, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function parsed<T>(tool: string, result: Run): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`${tool} gave no report (exit ${result.code}):\n${result.stderr || result.stdout}`);
  }
}

export interface Violation {
  rule: string;
  where: string;
}

interface CruiseReport {
  summary: {
    totalCruised: number;
    violations: Array<{ from: string; to: string; rule: { name: string }; cycle?: Array<{ name: string } | string> }>;
  };
}

/** dependency-cruiser over src/ of `cwd` with the house's .dependency-cruiser.cjs: every forbidden import, cycles with their path. */
export async function cruiseViolations(cwd = ROOT): Promise<{ modules: number; violations: Violation[] }> {
  const config = path.join(ROOT, '.dependency-cruiser.cjs');
  const report = parsed<CruiseReport>('dependency-cruiser', await run('depcruise', ['src', '--config', config, '--output-type', 'json'], cwd));
  const violations = report.summary.violations.map(({ from, to, rule, cycle }) => {
    const through = cycle?.map((step) => (typeof step === 'string' ? step : step.name));
    return { rule: rule.name, where: through ? [from, ...through].join(' → ') : `${from} → ${to}` };
  });
  return { modules: report.summary.totalCruised, violations };
}

interface LintReport {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; column: number; message: string }>;
}

/** ESLint over src/ and test/ with eslint.config.mjs: every problem, warnings included. */
export async function lintProblems(): Promise<Violation[]> {
  const reports = parsed<LintReport[]>('ESLint', await run('eslint', ['src', 'test', '--format', 'json']));
  return reports.flatMap(({ filePath, messages }) => messages.map(({ ruleId, line, column, message }) => ({
    rule: ruleId ?? 'parse error',
    where: `${path.relative(ROOT, filePath)}:${line}:${column} ${message}`,
  })));
}

/** Every .ts file under `dir` with its number of lines, as `wc -l` counts them. */
export function sourceFiles(dir: string): Array<{ file: string; lines: number }> {
  const files: Array<{ file: string; lines: number }> = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.push({ file: path.relative(ROOT, full), lines: readFileSync(full, 'utf8').split('\n').length - 1 });
  }
  return files;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One line per violation, grouped by rule, for a failing test's message. */
export function listed(violations: Violation[]): string {
  return violations.map(({ rule, where }) => `  ${rule}: ${where}`).sort().join('\n');
}
