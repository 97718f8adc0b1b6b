import { mirrorStateCommand } from '../../src/cli/mirror-state-command.js';

/** `drctl mirror pause`. */
export default mirrorStateCommand('pause', "Pause a flow's MirrorMaker 2 connectors on Connect (tasks stay, nothing is copied).");
