import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './support/cli';

/** A room of the picture: a folder of core/src (with its sub-folders), a folder's own files (`*.ts`), or one file. */
interface Room {
  /** Relative to core/src: `workflow/engine`, `workflow/*.ts`, `index.ts`. */
  name: string;
  /** Its line in the picture: a room may import rooms on its own line or above. */
  line: number;
}

/** The rooms of core that README.md's "Architecture on one screen" names, in the picture's order. */
function pictureRooms(): Room[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /## Architecture on one screen\n+```\n([\s\S]*?)\n```/.exec(readme)?.[1] ?? '';
  const core = block.split('\nsdk/')[0].split('\n');
  const rooms: Room[] = [];
  let parent = '';
  core.forEach((text, line) => {
    const named = /^( {2}| {4})(\S.*?)(?: {2,}|$)/.exec(text);
    if (!named) return;
    const tokens = named[2].split(/,?\s+/).filter(Boolean);
    if (named[1].length === 2) {
      if (!tokens[0].startsWith('src/')) return;
      parent = '';
      const names = tokens.map((t) => t.replace(/^src\//, '').replace(/\/$/, ''));
      if (names.length === 1 && tokens[0].endsWith('/') && text.trim() === tokens[0]) {
        parent = names[0]; // a heading: the rooms below it are its sub-folders
        return;
      }
      for (const name of names) rooms.push({ name, line });
    } else if (parent) {
      for (const t of tokens) rooms.push({ name: `${parent}/${t.replace(/\/$/, '')}`, line });
    }
  });
  return rooms;
}

/** The room holding a file of core/src (path relative to core/src), or undefined when the picture names none. */
function roomOf(file: string, rooms: Room[]): Room | undefined {
  const exact = rooms.find((r) => r.name === file) ?? rooms.find((r) => r.name === `${dirname(file)}/*.ts`);
  if (exact) return exact;
  return rooms.filter((r) => !r.name.endsWith('.ts') && file.startsWith(`${r.name}/`)).sort((a, b) => b.name.length - a.name.length)[0];
}

/** A room's folder (`workflow` for `workflow/*.ts`). */
const folderOf = (room: Room): string => (room.name.endsWith('.ts') ? dirname(room.name) : room.name);

describe("README's Architecture on one screen", function () {
  this.timeout(60_000);

  it('names folders that exist and a room for every file of core/src, and every import points up the picture', () => {
    const rooms = pictureRooms();
    expect(rooms.map((r) => r.name)).to.include.members(['contracts', 'errors', 'lifecycle', 'workflow/engine', 'workflow/steps', 'runtime', 'server', 'cli']);
    for (const room of rooms) {
      if (room.name.endsWith('*.ts')) continue;
      expect(existsSync(join(ROOT, 'core', 'src', room.name)), `README names core/src/${room.name}`).to.equal(true);
    }
    const cruise = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), 'core/src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const { modules } = JSON.parse(cruise.stdout) as { modules: Array<{ source: string; dependencies: Array<{ resolved: string }> }> };
    const inCore = (path: string): string | undefined => (path.startsWith('core/src/') ? path.slice('core/src/'.length) : undefined);

    const unnamed: string[] = [];
    const backwards: string[] = [];
    for (const module of modules) {
      const from = inCore(module.source);
      if (from === undefined) continue;
      const room = roomOf(from, rooms);
      if (!room) {
        unnamed.push(from);
        continue;
      }
      for (const dependency of module.dependencies) {
        const to = inCore(dependency.resolved);
        const target = to === undefined ? undefined : roomOf(to, rooms);
        if (!target || target === room || target.line <= room.line || `${folderOf(target)}/`.startsWith(`${folderOf(room)}/`)) continue;
        backwards.push(`${room.name} -> ${target.name} (${from} imports ${to})`);
      }
    }
    expect(unnamed, 'files of core/src in no room of the picture').to.deep.equal([]);
    expect([...new Set(backwards)], 'imports pointing down the picture').to.deep.equal([]);
  });
});
