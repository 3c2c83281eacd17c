// A tiny Direct Line 3.0 client for the protocol tests: the same calls Web Chat's DirectLineJS makes.
export interface Grant {
  conversationId: string;
  token: string;
  expires_in: number;
}

export interface DLResponse<T = any> {
  status: number;
  json: T;
  headers: Headers;
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; contentType?: string; headers?: Record<string, string> } = {}
): Promise<DLResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] = options.contentType ?? 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const res = await fetch(`${base}/directline${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json: json as T, headers: res.headers };
}

export const userId = () => `test-${Math.random().toString(36).slice(2, 12)}`;

export async function generate(base: string, user = userId()): Promise<Grant> {
  const res = await call<Grant>(base, 'POST', '/tokens/generate', { body: { user: { id: user } } });
  if (res.status !== 200) throw new Error(`tokens/generate: ${res.status}`);
  return res.json;
}

/** token -> conversation (201), as Web Chat starts one. */
export async function startConversation(base: string): Promise<Grant & { user: string }> {
  const user = userId();
  const grant = await generate(base, user);
  const res = await call<Grant>(base, 'POST', '/conversations', { token: grant.token, body: { user: { id: user }, locale: 'en-GB' } });
  if (res.status !== 201) throw new Error(`conversations: ${res.status}`);
  return { ...res.json, user };
}

export interface ActivitySet {
  activities: Array<Record<string, any>>;
  watermark: string;
}

export function getActivities(base: string, grant: Grant, watermark = '') {
  return call<ActivitySet>(base, 'GET', `/conversations/${grant.conversationId}/activities?watermark=${watermark}`, {
    token: grant.token
  });
}

let counter = 0;
export function postMessage(base: string, grant: Grant, text: string, extra: Record<string, unknown> = {}) {
  return call<{ id: string }>(base, 'POST', `/conversations/${grant.conversationId}/activities`, {
    token: grant.token,
    body: {
      type: 'message',
      text,
      textFormat: 'plain',
      locale: 'en-GB',
      from: { id: 'someone', role: 'user' },
      channelData: { clientActivityID: `client-${++counter}` },
      ...extra
    }
  });
}
