// The command-line options every UI test script takes: --no-build, --out DIR (default media/screenshots,
// where the README pictures live), --headed; a script may add its own.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO } from '../../scripts/host/paths.mjs';

export function uiOptions(extra = {}) {
  return parseArgs({
    options: {
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(REPO, 'media', 'screenshots') },
      headed: { type: 'boolean', default: false },
      ...extra,
    },
  }).values;
}
