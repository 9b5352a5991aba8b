import type { Translate } from '../ui/messages.js';
import type { Context } from './context.js';

/** What a command's registration needs: words for its help, and the run context once options are parsed. */
export interface Registration {
  t: Translate;
  context: () => Context;
}
