import type { Channel, Procedure, Stage } from '../procedure/procedure-schema.ts';

/**
 * The channel a complaint made on this site arrives by: the procedure's `web` channel. A procedure without one
 * does not invite complaints online, so the site offers no form for it.
 *
 * @example
 * webChannel(ceccc) //=> { id: 'web', kind: 'web', entersStage: 'stage-1', … }
 */
export function webChannel(procedure: Procedure): Channel | undefined {
  return procedure.channels.find((channel) => channel.kind === 'web');
}

/** The stage a complaint made online starts in. */
export function webEntryStage(procedure: Procedure): Stage | undefined {
  const channel = webChannel(procedure);
  return channel && procedure.stages.find((stage) => stage.id === channel.entersStage);
}

/** Whether a person can complain under this procedure through the site: an organisation's procedure with a web channel. */
export function acceptsWebComplaints(procedure: Procedure): boolean {
  return procedure.kind === 'procedure' && webChannel(procedure) !== undefined;
}
