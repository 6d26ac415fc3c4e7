import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * What workflow code (workflows/) and the pure rules it runs (domain/) may not touch: Node's
 * modules, I/O, clocks, randomness and timers outside Temporal's. The workflow clock is read in one
 * module only (workflows/workflowClock.ts); domain rules take the time as a parameter. biome.json
 * forbids the imports and globals too; this test also catches the calls a lint rule cannot name.
 */
const root = new URL('../../', import.meta.url);
const sources = ['workflows', 'domain'].flatMap((folder) =>
  readdirSync(new URL(`${folder}/`, root))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `${folder}/${name}`),
);
const clockModule = 'workflows/workflowClock.ts';

interface Rule {
  what: string;
  pattern: RegExp;
  /** Files the rule does not apply to. */
  except?: (file: string) => boolean;
}

const rules: Rule[] = [
  {
    what: 'a Node built-in module',
    pattern: /from '(node:[^']+|fs|path|os|crypto|child_process|http|https|net|util|events)'/,
  },
  {
    what: 'an I/O library',
    pattern: /from '(kafkajs|pino|nodemailer|@temporalio\/(client|worker|activity))'/,
  },
  { what: 'zod at run time', pattern: /^import (?!type )[^;]*from 'zod'/m },
  { what: 'a schema at run time', pattern: /^import (?!type )[^;]*from '(\.\.\/)+schemas\/[^']+'/m },
  {
    what: 'Temporal in a domain rule',
    pattern: /from '@temporalio\//,
    except: (file) => !file.startsWith('domain/'),
  },
  { what: 'the wall clock (Date.now)', pattern: /\bDate\.now\s*\(/, except: (file) => file === clockModule },
  { what: 'the wall clock (new Date())', pattern: /\bnew Date\(\s*\)/ },
  { what: 'randomness (Math.random)', pattern: /\bMath\.random\s*\(/ },
  { what: 'crypto randomness', pattern: /\bcrypto\.(randomUUID|getRandomValues)\b/ },
  { what: 'a Node timer', pattern: /\b(setTimeout|setInterval|setImmediate)\s*\(/ },
  { what: 'the process', pattern: /\bprocess\.(env|argv|hrtime|exit|cwd|nextTick)\b/ },
  { what: 'performance timing', pattern: /\bperformance\.now\s*\(/ },
  { what: 'network I/O (fetch)', pattern: /\bfetch\s*\(/ },
  { what: 'require()', pattern: /\brequire\s*\(/ },
  { what: 'console output', pattern: /\bconsole\./ },
];

/** The code without its comments, so a comment may name what the code may not do. */
function code(file: string): string {
  return readFileSync(new URL(file, root), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function breaches(file: string, source: string): string[] {
  return rules
    .filter((rule) => !rule.except?.(file) && rule.pattern.test(source))
    .map((rule) => `${file}: ${rule.what}`);
}

describe('workflow and domain code stays deterministic', () => {
  it('finds the workflow and domain modules to check', () => {
    expect(sources).toContain('workflows/postWorkflow.ts');
    expect(sources).toContain('domain/routeSteps.ts');
  });

  it.each(sources)('%s uses no Node module, I/O, clock, randomness or timer of its own', (file) => {
    expect(breaches(file, code(file))).toEqual([]);
  });

  it.each([
    ["import { readFileSync } from 'node:fs';", 'a Node built-in module'],
    ["import { z } from 'zod';", 'zod at run time'],
    ["import { postCommand } from '../schemas/postCommands.js';", 'a schema at run time'],
    ['const at = Date.now();', 'the wall clock (Date.now)'],
    ['const at = new Date().toISOString();', 'the wall clock (new Date())'],
    ['const id = Math.random();', 'randomness (Math.random)'],
    ['setTimeout(() => undefined, 10);', 'a Node timer'],
    ['const url = process.env.URL;', 'the process'],
  ])('catches %s', (line, what) => {
    expect(breaches('domain/changed.ts', line)).toEqual([`domain/changed.ts: ${what}`]);
  });

  it('lets a module import schema types and read a date it is given', () => {
    const allowed = [
      "import type { PostCommand } from '../schemas/postCommands.js';",
      "import type { z } from 'zod';",
      'const day = new Date(instant).getUTCDay();',
      '// Date.now() is the workflow clock here',
    ].join('\n');
    expect(breaches('domain/changed.ts', allowed.replace(/\/\/.*$/gm, ''))).toEqual([]);
  });
});
