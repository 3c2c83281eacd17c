// CloudAdapter asks its BotFrameworkAuthentication for a new ConnectorClient and a new UserTokenClient on
// every turn, and each builds its own HTTP pipeline (@azure/core-http policies), although a turn answered
// in the response (ExpectReplies: this server's website) never uses either. Measured on 2 December 2026
// (in-process turns, the bench's message mix), building them was about a third of a whole turn: 0.37 ms
// against 0.23 ms with the clients reused. The clients keep no per-turn state (their credentials cache
// their own tokens), so one serves every turn with the same app id, service URL and audience; botbuilder
// has no option for this, so this wrapper reuses them, behind the library's own interface.
// The cache is bounded: with authentication off, any caller can post any serviceUrl.
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { LRUCache } from 'lru-cache';

/** Bot Framework channels answer from a handful of service URLs; more than this is not ordinary traffic. */
const MOST_CLIENTS = 64;

type Clients = LRUCache<string, Promise<ConnectorClient | UserTokenClient>>;

/** The app a claims identity speaks for, as botframework-connector reads it: both claims it may use. */
function appKey(claimsIdentity: ClaimsIdentity): string {
  const audience = claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? '';
  const appId = claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
  return `${audience}|${appId}`;
}

/** The same client for the same key; a failed creation is forgotten, so the next turn tries again. */
function reuse<T extends ConnectorClient | UserTokenClient>(clients: Clients, key: string, create: () => Promise<T>): Promise<T> {
  const known = clients.get(key) as Promise<T> | undefined;
  if (known) return known;
  const created = create();
  clients.set(key, created);
  created.catch(() => clients.delete(key));
  return created;
}

class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly app: string,
    private readonly clients: Clients
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return reuse(this.clients, `connector|${this.app}|${serviceUrl}|${audience ?? ''}`, () => this.inner.create(serviceUrl, audience));
  }
}

/** Any BotFrameworkAuthentication, with the clients it makes reused across turns. */
export class ReusingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly clients: Clients = new LRUCache({ max: MOST_CLIENTS });

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const { connectorFactory, claimsIdentity } = result;
    return connectorFactory ? { ...result, connectorFactory: new ReusingConnectorFactory(connectorFactory, appKey(claimsIdentity), this.clients) } : result;
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new ReusingConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), appKey(claimsIdentity), this.clients);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return reuse(this.clients, `token|${appKey(claimsIdentity)}`, () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
