import { mirrorStateCommand } from '../../src/cli/mirror-state-command.js';

/** `drctl mirror resume`. */
export default mirrorStateCommand('resume', "Resume a flow's MirrorMaker 2 connectors on Connect (from paused or stopped; copying continues where it was).");
