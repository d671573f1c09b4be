import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');
/** Browser bundles (Vite), not layers of the server. */
const BROWSER = ['admin/', 'graphiql/'];

/**
 * The layers of src/, lowest first (README, "Layout"): a file may import its own layer and any
 * lower one, never a higher one, nor another layer of the same rank (the doors never import each
 * other, nor do tenancy and resources). A layer is folders (`auth/`) and files (`errors.ts`); the
 * longest of them that starts a file's path names its layer.
 */
const LAYERS: Array<{ layer: string; rank: number; paths: string[] }> = [
  // Cross-cutting leaves.
  { layer: 'errors', rank: 0, paths: ['errors.ts', 'heap-probe.ts', 'cache-stats.ts'] },
  { layer: 'limits', rank: 1, paths: ['limits/'] },
  { layer: 'config', rank: 2, paths: ['config.ts'] },
  // The entities, then the database under them.
  { layer: 'domain', rank: 3, paths: ['domain/'] },
  { layer: 'db', rank: 4, paths: ['db/'] },
  // The resource model that both the service and the SQL compiler read: the registry, its names, the ReadQuery.
  { layer: 'resource model', rank: 5, paths: ['resources/registry.ts', 'resources/naming.ts', 'resources/read-query.ts'] },
  { layer: 'sql', rank: 6, paths: ['sql/'] },
  // Door plumbing: bodies, media types, the deadline, error shapes, the route docs every door shares. No service.
  { layer: 'http', rank: 7, paths: ['http/'] },
  // Services: auth below tenancy (tenancy registers accounts and implements what auth asks of API clients).
  { layer: 'auth', rank: 8, paths: ['auth/'] },
  { layer: 'tenancy', rank: 9, paths: ['tenancy/'] },
  { layer: 'resources', rank: 9, paths: ['resources/'] },
  // Doors.
  { layer: 'rest', rank: 10, paths: ['rest/'] },
  { layer: 'graphql', rank: 10, paths: ['graphql/'] },
  { layer: 'home', rank: 10, paths: ['home/'] },
  // The plugin graph, then what starts it.
  { layer: 'app', rank: 11, paths: ['app.ts'] },
  { layer: 'cli', rank: 12, paths: ['cli/'] },
  { layer: 'main', rank: 12, paths: ['main.ts'] },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `auth/tokens.ts` for a file under src/, with forward slashes. */
const srcPath = (file: string) => relative(SRC, file).split(sep).join('/');

function layerOf(path: string): { layer: string; rank: number } | undefined {
  const matches = LAYERS.flatMap(({ layer, rank, paths }) =>
    paths.filter((key) => path === key || (key.endsWith('/') && path.startsWith(key))).map((key) => ({ layer, rank, length: key.length })),
  );
  return matches.sort((a, b) => b.length - a.length)[0];
}

/** Every relative module a file names: static imports and re-exports (types too), side-effect imports, import(), require(). */
function importsOf(text: string): string[] {
  const pattern = /(?:^|[^\w.$])(?:import|export)\s[^'";]*?\sfrom\s*['"](\.[^'"]*)['"]|(?:^|[^\w.$])import\s*['"](\.[^'"]*)['"]|(?:import|require)\(\s*['"](\.[^'"]*)['"]\s*\)/gm;
  return [...text.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3]);
}

const files = sourceFiles(SRC)
  .map((file) => ({ file, path: srcPath(file) }))
  .filter(({ path }) => !BROWSER.some((folder) => path.startsWith(folder)));

describe('the layers of src/ (imports run one way: doors → services → sql → db)', () => {
  it('reads the server sources', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(importsOf(readFileSync(join(SRC, 'app.ts'), 'utf8'))).toEqual(expect.arrayContaining(['./config', './db/database.plugin']));
  });

  it('puts every file in a layer', () => {
    const unplaced = files.filter(({ path }) => layerOf(path) === undefined).map(({ path }) => `src/${path}: add its folder to LAYERS`);
    expect(unplaced).toEqual([]);
  });

  it('has no import that runs up, or sideways into another layer of the same rank', () => {
    const wrong: string[] = [];
    for (const { file, path } of files) {
      const from = layerOf(path);
      if (from === undefined) continue;
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const target = srcPath(resolve(dirname(file), specifier));
        if (target.startsWith('..')) continue; // outside src/ (the migrations)
        const to = layerOf(`${target}.ts`) ?? layerOf(target) ?? layerOf(`${target}/index.ts`);
        if (to === undefined || to.layer === from.layer) continue;
        if (to.rank > from.rank) wrong.push(`src/${path} imports '${specifier}': ${to.layer} (${to.rank}) is above ${from.layer} (${from.rank})`);
        else if (to.rank === from.rank) wrong.push(`src/${path} imports '${specifier}': ${to.layer} and ${from.layer} are side by side (${from.rank})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
