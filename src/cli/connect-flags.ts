/** The flags of the `drctl mirror` commands that talk to a Kafka Connect cluster. */
import { Flags } from '@oclif/core';
import { configuredConnect, type ConnectTarget } from '../connect/connect-rest.js';

/** --connect URL and --connect-user (the password comes from DRCTL_CONNECT_PASSWORD, never from a flag). */
export const connectFlags = {
  connect: Flags.string({ description: "REST URL of a worker of the Connect cluster MM2 runs on (attached to the flow's target), e.g. http://connect-1:8083", required: true }),
  'connect-user': Flags.string({ description: "user for the REST API's basic auth (password: DRCTL_CONNECT_PASSWORD)" }),
};

/** Where to reach Connect, from the flags and the environment. */
export function connectTarget(flags: { connect: string; 'connect-user'?: string }, env: NodeJS.ProcessEnv = process.env): ConnectTarget {
  return configuredConnect({ url: flags.connect, username: flags['connect-user'] }, env);
}
