// The Bot Framework edge: CloudAdapter with authentication from the environment, and an
// in-process delivery for this server's own website (its local Direct Line), which runs a
// turn with replies returned rather than POSTed to a serviceUrl.
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  DeliveryModes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext
} from 'botbuilder';
import type { Config } from './config.js';
import type { Content } from './content/load.js';
import { safeError, type Logger } from './logger.js';
import { fill } from './render/words.js';

export type TurnLogic = (context: TurnContext) => Promise<void>;

export class GuideAdapter extends CloudAdapter {
  /**
   * Runs one turn for an activity that arrived through this server's own channel (already
   * authorised there, e.g. by a Direct Line token) and returns the bot's replies.
   */
  async deliver(activity: Partial<Activity>, logic: TurnLogic): Promise<Partial<Activity>[]> {
    const claimsIdentity = new ClaimsIdentity([], AuthenticationConstants.AnonymousAuthType);
    const result = await this.processActivity(
      {
        claimsIdentity,
        audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
        connectorFactory: this.botFrameworkAuthentication.createConnectorFactory(claimsIdentity)
      },
      { ...activity, deliveryMode: DeliveryModes.ExpectReplies } as Activity,
      logic
    );
    const body = result?.body as { activities?: Partial<Activity>[] } | undefined;
    return (body?.activities ?? []).filter((a) => a.type === 'message' || a.type === 'typing');
  }
}

export function createAdapter(config: Config, content: Content, logger: Logger): GuideAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    MicrosoftAppType: config.MicrosoftAppType ?? ''
  };
  const adapter = new GuideAdapter(new ConfigurationBotFrameworkAuthentication(options));
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    // Name, code and HTTP status only (src/logger.ts safeError): the message could quote the activity.
    logger.error({ err: safeError(error) }, 'turn failed');
    await context.sendActivity(fill(content.words, 'turnError')).catch(() => undefined);
  };
  return adapter;
}
