// The one place the shop talks to the gateway: every call goes through request(), which adds the token,
// the consistency headers and an Idempotency-Key where given, and records what the answer's headers tell
// about its path (the inspector). Same origin, so the browser lets a script read every response header.

const SESSION_KEY = 'platform-shop-session';

// The token lives in sessionStorage, not only in memory and never in localStorage or a cookie: a reload of
// the tab keeps the learner signed in, but it is gone with the tab and not shared with other tabs. A
// cookie would ride along on cross-site requests (the gateway takes bearer tokens only, so nothing to
// forge with); localStorage would outlive the session. Script injection, the one way to read it, is what
// the page's CSP (own scripts only, no inline script) shuts out. It expires after 15 minutes anyway.
export function loadSession() {
	try {
		const session = JSON.parse(sessionStorage.getItem(SESSION_KEY));
		return session && session.expiresAt > Date.now() ? session : null;
	}
	catch {
		return null;
	}
}

export function saveSession(session) {
	if (session) {
		sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
	}
	else {
		sessionStorage.removeItem(SESSION_KEY);
	}
}

// A version 4 UUID from the platform's random source. crypto.randomUUID() exists only in secure contexts,
// and compose serves the shop over plain HTTP on the host's address.
export function newKey() {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	bytes[6] = (bytes[6] & 0x0f) | 0x40;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// The claims of a token, read without verifying it: the gateway and the services verify; the shop only
// needs to know who it signed in as.
export function claimsOf(token) {
	const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
	return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '=')));
}

export class ApiError extends Error {
	constructor(status, problem) {
		super(describe(status, problem));
		this.status = status;
		this.problem = problem;
	}
}

function describe(status, problem) {
	if (status === 0) {
		return 'The gateway could not be reached. Check your connection and try again.';
	}
	if (problem && Array.isArray(problem.errors) && problem.errors.length > 0) {
		return problem.errors.map((error) => `${error.field}: ${error.message}`).join('; ');
	}
	return (problem && (problem.detail || problem.title)) || `The request failed (${status}).`;
}

export class Api {

	constructor(inspector) {
		this.inspector = inspector;
		this.session = loadSession();
		// The last consistency token each service gave this browser: later reads from that service see
		// those writes (read-your-writes). Tokens are positions in one service's database.
		this.tokens = {};
		this.consistency = 'token';
	}

	signedIn() {
		return this.session !== null && this.session.expiresAt > Date.now();
	}

	// consistency: this call's own choice ('strong', 'eventual'), else the inspector's setting.
	async request(method, path, { body, idempotencyKey, auth = true, consistency = this.consistency } = {}) {
		const headers = { Accept: 'application/json, application/problem+json' };
		if (body !== undefined) {
			headers['Content-Type'] = 'application/json';
		}
		if (auth && this.signedIn()) {
			headers.Authorization = `Bearer ${this.session.token}`;
		}
		if (idempotencyKey) {
			headers['Idempotency-Key'] = idempotencyKey;
		}
		const service = serviceOf(path);
		if (consistency === 'token' && this.tokens[service]) {
			headers['X-Consistency-Token'] = this.tokens[service];
		}
		else if (consistency !== 'token') {
			headers.Consistency = consistency;
		}
		const started = performance.now();
		let response;
		try {
			response = await fetch(path, {
				method,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body),
				cache: 'no-store',
			});
		}
		catch {
			this.inspector.record({ method, path, status: 0, millis: performance.now() - started, sent: headers });
			throw new ApiError(0, null);
		}
		const millis = performance.now() - started;
		const token = response.headers.get('X-Consistency-Token');
		if (token && response.ok && method !== 'GET') {
			this.tokens[service] = token;
		}
		const text = await response.text();
		const data = text ? JSON.parse(text) : null;
		this.inspector.record({ method, path, status: response.status, millis, sent: headers, headers: response.headers });
		if (!response.ok) {
			throw new ApiError(response.status, data);
		}
		return { status: response.status, data, headers: response.headers, receivedAt: performance.now() };
	}

}

function serviceOf(path) {
	if (path.startsWith('/api/orders') || path.startsWith('/api/products')) {
		return 'order-service';
	}
	return 'user-service';
}
