import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { definePlugin, type Plugin } from '@relayflow/sdk';

/**
 * Where the built console is: `dist/web` of this package (from `src/` under the test runner and
 * from `dist/` once compiled, both one folder below the package).
 */
export const CONSOLE_ROOT = join(__dirname, '..', 'dist', 'web');

/**
 * The web console (`root`: where its built files are; default {@link CONSOLE_ROOT}): `relayflow serve` serves its files at `/` (hashed files under `assets/` cached
 * for good, `index.html` revalidated each time). The page is a client of the REST API only and
 * asks for an API key. A package whose web files were not built (`npm run build`) serves nothing
 * and says so in the log, rather than failing every command.
 */
export function consolePlugin(root: string = CONSOLE_ROOT): Plugin {
  return definePlugin({
    id: 'relayflow-console',
    sdk: '^1.0.0',
    setup(ctx) {
      if (!existsSync(join(root, 'index.html'))) {
        ctx.logger.warn(`the web console is not built (no ${join(root, 'index.html')}); run npm run build in the repository. relayflow serve serves no console until then`);
        return;
      }
      ctx.registerStaticAssets({ id: 'console', prefix: '/', root, immutable: ['assets'] });
    },
  });
}

export default consolePlugin();
