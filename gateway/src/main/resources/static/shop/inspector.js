// The request inspector: one entry per request the shop made, newest first, with what the platform's
// diagnostic response headers say about its path (docs/api.md, "Request path headers"). A header that is
// missing is shown as such: the production overlay switches them off, and some only apply to some requests
// (X-Read-From only where the service read from its database, X-Cache only where it looked in a cache).

const KEEP = 50;

export class Inspector {

	constructor(list, seen) {
		this.list = list;
		this.seen = seen;
		this.entries = [];
	}

	clear() {
		this.entries = [];
		this.list.replaceChildren();
		this.seen.textContent = '';
	}

	// The instances that answered so far, for the shop's own summary and the browser test.
	instances() {
		return new Set(this.entries.map((entry) => entry.servedBy).filter(Boolean));
	}

	record({ method, path, status, millis, sent, headers }) {
		const header = (name) => (headers ? headers.get(name) : null);
		const entry = {
			method,
			path,
			status,
			millis: Math.round(millis),
			route: header('X-Gateway-Route'),
			servedBy: header('X-Served-By'),
			retries: header('X-Gateway-Retries'),
			readFrom: header('X-Read-From'),
			readConsistency: header('X-Read-Consistency'),
			cache: header('X-Cache'),
			consistencySent: sent.Consistency || (sent['X-Consistency-Token'] ? 'read-your-writes' : null),
			tokenSent: sent['X-Consistency-Token'] || null,
			tokenReceived: header('X-Consistency-Token'),
			idempotencyKey: sent['Idempotency-Key'] || null,
			replayed: header('Idempotent-Replayed'),
			traceId: header('X-Trace-Id'),
			traceUrl: header('X-Trace-Url'),
		};
		this.entries.push(entry);
		const instances = [...this.instances()].sort();
		this.seen.textContent = instances.length ? `Instances that answered: ${instances.join(', ')}` : '';
		this.list.prepend(render(entry));
		while (this.list.children.length > KEEP) {
			this.list.lastElementChild.remove();
		}
	}

}

function render(entry) {
	const item = document.createElement('li');
	item.className = entry.status >= 400 || entry.status === 0 ? 'request failed' : 'request';
	item.dataset.servedBy = entry.servedBy || '';
	const title = document.createElement('p');
	title.className = 'request-line';
	const code = document.createElement('code');
	code.textContent = `${entry.method} ${entry.path}`;
	title.append(code, ` → ${entry.status === 0 ? 'no answer' : entry.status} in ${entry.millis} ms`);
	item.append(title);

	const facts = document.createElement('dl');
	facts.className = 'request-facts';
	add(facts, 'Route', entry.route);
	add(facts, 'Instance', entry.servedBy, 'served-by');
	add(facts, 'Retries', entry.retries);
	add(facts, 'Read from', entry.readFrom && `${entry.readFrom} (${entry.readConsistency})`);
	add(facts, 'Cache', entry.cache);
	add(facts, 'Consistency sent', entry.consistencySent || 'none (eventual)');
	if (entry.tokenSent) {
		add(facts, 'Token sent', entry.tokenSent);
	}
	add(facts, 'Token received', entry.tokenReceived);
	if (entry.idempotencyKey) {
		add(facts, 'Idempotency-Key', entry.idempotencyKey + (entry.replayed ? ' (replayed answer)' : ''));
	}
	const trace = add(facts, 'Trace', entry.traceUrl ? null : entry.traceId);
	if (entry.traceUrl) {
		const link = document.createElement('a');
		link.href = entry.traceUrl;
		link.target = '_blank';
		link.rel = 'noopener noreferrer';
		link.textContent = entry.traceId;
		trace.replaceChildren(link);
	}
	item.append(facts);
	return item;
}

function add(list, term, value, name) {
	const dt = document.createElement('dt');
	dt.textContent = term;
	const dd = document.createElement('dd');
	dd.textContent = value === null || value === undefined || value === '' ? '—' : String(value);
	if (name) {
		dd.dataset.fact = name;
	}
	list.append(dt, dd);
	return dd;
}
