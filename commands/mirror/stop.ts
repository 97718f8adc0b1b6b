import { mirrorStateCommand } from '../../src/cli/mirror-state-command.js';

/** `drctl mirror stop`. */
export default mirrorStateCommand('stop', "Stop a flow's MirrorMaker 2 connectors on Connect (0 tasks, offsets kept), e.g. before reversing it.");
