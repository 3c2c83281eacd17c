// The Bot Framework edge: CloudAdapter with authentication from the environment, split into its two steps
// (authenticate, then run the turn) so that /api/messages can spend a conversation's rate limit only on a
// request that passed authentication; and an in-process delivery for this server's own website (its local
// Direct Line), which runs a turn with replies returned rather than POSTed to a serviceUrl.
import { AuthenticationConstants, ClaimsIdentity, type AuthenticateRequestResult } from 'botframework-connector';
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  DeliveryModes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext
} from 'botbuilder';
import type { Config } from './config.js';
import type { Content } from './content/load.js';
import { safeError, type Logger } from './logger.js';
import { fill } from './render/words.js';
import { ReusingBotFrameworkAuthentication } from './reusedClients.js';

export type TurnLogic = (context: TurnContext) => Promise<void>;

export class GuideAdapter extends CloudAdapter {
  /**
   * Checks a request's Bot Framework token (the `Authorization` header) as CloudAdapter.process would. Rejects
   * with botframework-connector's AuthenticationError when the token is refused, and with other errors when the
   * check itself failed (e.g. the OpenID metadata could not be fetched).
   */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  /** A caller nobody vouches for: authentication is off, or the channel is this server's own. */
  anonymous(): AuthenticateRequestResult {
    const claimsIdentity = new ClaimsIdentity([], AuthenticationConstants.AnonymousAuthType);
    return {
      claimsIdentity,
      audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
      connectorFactory: this.botFrameworkAuthentication.createConnectorFactory(claimsIdentity)
    };
  }

  /** Runs one turn for an authenticated activity: the response to send (ExpectReplies: the replies), if any. */
  runTurn(auth: AuthenticateRequestResult, activity: Activity, logic: TurnLogic): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }

  /**
   * Runs one turn for an activity that arrived through this server's own channel (already
   * authorised there, e.g. by a Direct Line token) and returns the bot's replies.
   */
  async deliver(activity: Partial<Activity>, logic: TurnLogic): Promise<Partial<Activity>[]> {
    const result = await this.runTurn(this.anonymous(), { ...activity, deliveryMode: DeliveryModes.ExpectReplies } as Activity, logic);
    const body = result?.body as { activities?: Partial<Activity>[] } | undefined;
    return (body?.activities ?? []).filter((a) => a.type === 'message' || a.type === 'typing');
  }
}

/**
 * The public cloud's settings with another OpenID metadata URL (a mirror, for a server without direct internet
 * access). botbuilder takes any one of these settings as "all of them are given", so the rest are spelled out.
 */
function openIdMetadataOnly(url: string): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: url,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel
  };
}

export function createAdapter(config: Config, content: Content, logger: Logger): GuideAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    MicrosoftAppType: config.MicrosoftAppType ?? '',
    ...(config.ToBotFromChannelOpenIdMetadataUrl && openIdMetadataOnly(config.ToBotFromChannelOpenIdMetadataUrl))
  };
  const adapter = new GuideAdapter(new ReusingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication(options)));
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    // Name, code and HTTP status only (src/logger.ts safeError): the message could quote the activity.
    logger.error({ err: safeError(error) }, 'turn failed');
    await context.sendActivity(fill(content.words, 'turnError')).catch(() => undefined);
  };
  return adapter;
}
