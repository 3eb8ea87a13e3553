import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Linter } from 'eslint';

const repoRoot = resolve(__dirname, '..', '..', '..');
const RULE = '@nx/enforce-module-boundaries';
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

interface Snippet {
  filePath: string;
  code: string;
}

/**
 * Runs `ESLint#lintText` with the workspace's own eslint.config.mjs, in a plain node process: ESLint
 * loads that config with a dynamic import(), which jest's module sandbox refuses unless node runs
 * with --experimental-vm-modules. The snippets are not files on disk, so TypeScript's project service
 * cannot place them; the boundary rule needs no type information, so only it runs, on a plain parse.
 */
function lintTexts(snippets: Snippet[]): Linter.LintMessage[][] {
  const script = `
    const { ESLint } = require('eslint');
    const snippets = JSON.parse(process.argv[1]);
    const eslint = new ESLint({
      cwd: process.cwd(),
      overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
      ruleFilter: ({ ruleId }) => ruleId === ${JSON.stringify(RULE)},
    });
    (async () => {
      const out = [];
      for (const { filePath, code } of snippets) {
        const [result] = await eslint.lintText(code, { filePath });
        out.push(result.messages);
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((err) => {
      process.stderr.write(String(err && err.stack ? err.stack : err));
      process.exit(1);
    });
  `;
  const stdout = execFileSync(
    process.execPath,
    ['-e', script, JSON.stringify(snippets.map((s) => ({ ...s, filePath: resolve(repoRoot, s.filePath) })))],
    { cwd: repoRoot, env: nxEnv, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Linter.LintMessage[][];
}

const snippets = {
  relativeIntoOtherService: {
    filePath: 'services/gateway/src/leak.ts',
    code: "import { TasksService } from '../../tasks/src/tasks/tasks.service';\n\nexport const leak = TasksService;\n",
  },
  packageOfOtherService: {
    filePath: 'services/tasks/src/leak.ts',
    code: "import * as gateway from '@orbita/gateway';\n\nexport const leak = gateway;\n",
  },
  contracts: {
    filePath: 'services/tasks/src/leak.ts',
    code: "import { ErrorCode } from '@orbita/contracts';\n\nexport const code = ErrorCode.NotFound;\n",
  },
} satisfies Record<string, Snippet>;

describe('module boundaries (eslint.config.mjs)', () => {
  let messages: Record<keyof typeof snippets, Linter.LintMessage[]>;

  beforeAll(() => {
    // The rule reads the project graph from Nx's cache; building it is what `npm run lint` does first.
    execFileSync('npx', ['nx', 'show', 'projects'], { cwd: repoRoot, env: nxEnv, stdio: 'ignore' });
    const names = Object.keys(snippets) as (keyof typeof snippets)[];
    const results = lintTexts(names.map((name) => snippets[name]));
    messages = Object.fromEntries(names.map((name, i) => [name, results[i] ?? []])) as typeof messages;
  }, 60_000);

  const boundaryErrors = (name: keyof typeof snippets): string[] =>
    messages[name].filter((m) => m.ruleId === RULE && m.severity === 2).map((m) => m.message);

  it.each(Object.keys(snippets) as (keyof typeof snippets)[])(
    'lints the %s snippet without a fatal error',
    (name) => {
      expect(messages[name].filter((m) => m.fatal).map((m) => m.message)).toEqual([]);
    },
  );

  it('reports a service importing another service by a relative path', () => {
    expect(boundaryErrors('relativeIntoOtherService')).toEqual([
      expect.stringMatching(/cannot be imported by a relative or absolute path/),
    ]);
  });

  it('reports a service importing another service by its package name', () => {
    expect(boundaryErrors('packageOfOtherService')).toEqual([
      expect.stringMatching(/tagged with "type:service" can only depend on libs tagged with/),
    ]);
  });

  it('lets a service import the contracts', () => {
    expect(boundaryErrors('contracts')).toEqual([]);
  });
});
