// The administrator console: logs in through /api/auth/token, keeps the token in memory only,
// polls /api/admin/console/topology and runs drills. No framework, no inline script (the page's
// Content-Security-Policy allows only this file).
import { drills } from './drills.js';

const POLL_MILLIS = 3000;
const state = { token: null, topology: null, timer: null, drillsRendered: false };

const $ = (id) => document.getElementById(id);

function element(tag, attributes = {}, ...children) {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (name === 'text') {
			node.textContent = value;
		} else if (value !== undefined && value !== null && value !== false) {
			node.setAttribute(name, value === true ? '' : value);
		}
	}
	for (const child of children.flat(Infinity)) {
		if (child !== null && child !== undefined) {
			node.append(child instanceof Node ? child : document.createTextNode(String(child)));
		}
	}
	return node;
}

function say(message, isError = false) {
	const status = $('status');
	status.textContent = message;
	status.className = isError ? 'error' : '';
}

// Every error of the platform is problem+json: show its detail, else the status.
async function describeFailure(response) {
	try {
		const problem = await response.json();
		return `${response.status}: ${problem.detail || problem.title || response.statusText}`;
	} catch {
		return `${response.status} ${response.statusText}`;
	}
}

async function api(method, path, { body, headers = {} } = {}) {
	const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers } };
	if (state.token) {
		init.headers.Authorization = `Bearer ${state.token}`;
	}
	if (body !== undefined) {
		init.headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	const response = await fetch(path, init);
	if (response.status === 401 && state.token) {
		logOut('The session ended (401): log in again.');
	}
	return response;
}

async function logIn(event) {
	event.preventDefault();
	const email = $('email').value;
	const password = $('password').value;
	say('Logging in…');
	const response = await api('POST', '/api/auth/token', { body: { email, password } });
	if (!response.ok) {
		say(`Login refused: ${await describeFailure(response)}`, true);
		return;
	}
	state.token = (await response.json()).access_token;
	$('password').value = '';
	const first = await api('GET', '/api/admin/console/topology');
	if (!first.ok) {
		const reason = await describeFailure(first);
		state.token = null;
		say(`This account cannot use the console (${reason}).`, true);
		return;
	}
	$('login').hidden = true;
	$('topology').hidden = false;
	$('drills').hidden = false;
	$('who').textContent = `Logged in as ${email}. The token stays in this page's memory: reloading logs out.`;
	show(await first.json());
	state.timer = setInterval(poll, POLL_MILLIS);
	say('Logged in.');
	$('topology-title').focus?.();
}

function logOut(message) {
	state.token = null;
	clearInterval(state.timer);
	$('login').hidden = false;
	$('topology').hidden = true;
	$('drills').hidden = true;
	say(message, true);
}

async function poll() {
	try {
		const response = await api('GET', '/api/admin/console/topology');
		if (response.ok) {
			show(await response.json());
		} else if (state.token) {
			say(`Topology not available: ${await describeFailure(response)}`, true);
		}
	} catch (error) {
		say(`Topology not available: ${error.message}`, true);
	}
}

const number = (value, digits = 0) => (value === null || value === undefined ? '–' : Number(value).toFixed(digits));
const percent = (value) => (value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)} %`);
const state_ = (text) => element('span', { class: text, text });

function breakers(list) {
	if (!list || list.length === 0) {
		return '–';
	}
	return list.map((breaker, index) => [index ? ', ' : '', `${breaker.name} `, state_(breaker.state)]);
}

function replicas(list) {
	if (!list || list.length === 0) {
		return '–';
	}
	return list.map((replica, index) => [index ? '; ' : '',
		`${replica.name}: lag ${number(replica.lagSeconds, 1)} s, `,
		replica.inRotation ? state_('in rotation') : element('span', { class: 'open', text: 'out of rotation' })]);
}

function reads(list) {
	if (!list || list.length === 0) {
		return '–';
	}
	return list.map((read) => `${read.server}/${read.consistency || 'eventual'} ${number(read.count)}`).join(', ');
}

function instanceRow(instance) {
	const metrics = instance.metrics || {};
	return element('tr', { 'data-instance': instance.id },
		element('th', { scope: 'row' }, instance.id, element('br'), element('small', { class: 'muted', text: instance.address })),
		element('td', {}, state_(instance.health), instance.problem ? element('br') : null,
			instance.problem ? element('small', { class: 'muted', text: instance.problem }) : null),
		element('td', {}, instance.ejectedUntil
			? element('span', { class: 'ejected', text: `ejected until ${new Date(instance.ejectedUntil).toLocaleTimeString()}` })
			: 'no'),
		element('td', {}, breakers(metrics.circuitBreakers)),
		element('td', {}, replicas(metrics.replicas)),
		element('td', {}, reads(metrics.reads)),
		element('td', {}, percent(metrics.cacheHitRatio),
			metrics.cacheBypassed ? element('span', { class: 'open', text: ' bypassed' }) : null),
		element('td', {}, `${number(metrics.outboxBacklog)}`,
			metrics.outboxOldestAgeSeconds ? ` (oldest ${number(metrics.outboxOldestAgeSeconds, 1)} s)` : ''),
		element('td', {}, number(metrics.consumerLag)),
		element('td', {}, number(metrics.faultsInjected)));
}

function show(topology) {
	state.topology = topology;
	$('collected').textContent = `Last taken ${new Date(topology.collectedAt).toLocaleTimeString()}.`;
	const limiter = Object.entries(topology.gateway.rateLimiterErrors || {});
	$('gateway').replaceChildren(
		element('p', {}, 'Route circuit breakers: ', breakers(topology.gateway.routeBreakers)),
		element('p', {}, 'Rate-limiter errors (requests let through unchecked, Redis unreachable): ',
			limiter.length ? limiter.map(([name, count]) => `${name} ${number(count)}`).join(', ') : '0'));
	$('services').replaceChildren(...topology.services.map((service) => element('div', { class: 'service' },
		element('h3', { text: `${service.name} (${service.instances.length} registered)` }),
		element('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `${service.name} instances` },
			element('table', {},
				element('thead', {}, element('tr', {}, ['instance', 'health', 'gateway ejects', 'client breakers',
					'replicas', 'reads (server/consistency)', 'cache hit ratio', 'outbox backlog', 'consumer lag',
					'faults injected'].map((title) => element('th', { scope: 'col', text: title })))),
				element('tbody', {}, service.instances.map(instanceRow)))))));
	if (!state.drillsRendered) {
		renderDrills(topology);
		state.drillsRendered = true;
	}
	refreshInstanceChoices(topology);
}

function serviceInstances(topology) {
	return topology.services.filter((service) => service.name !== 'gateway')
		.flatMap((service) => service.instances.map((instance) => instance.id));
}

// Keeps each instance picker's options in step with the registry, without losing the choice.
function refreshInstanceChoices(topology) {
	const ids = serviceInstances(topology);
	for (const select of document.querySelectorAll('select[data-instances]')) {
		const chosen = select.value;
		const known = new Set([...select.options].map((option) => option.value));
		for (const id of ids) {
			if (!known.has(id)) {
				select.append(element('option', { value: id, text: id }));
			}
		}
		if (chosen) {
			select.value = chosen;
		}
	}
}

function field(drill, input) {
	const id = `${drill.id}-${input.name}`;
	const label = element('label', { for: id }, input.label);
	let control;
	if (input.type === 'instance') {
		control = element('select', { id, name: input.name, 'data-instances': true, required: true });
	} else if (input.type === 'choice') {
		control = element('select', { id, name: input.name },
			input.choices.map((choice) => element('option', { value: choice, text: choice })));
	} else {
		control = element('input', { id, name: input.name, type: input.type || 'text', value: input.value,
			step: input.step, min: input.min, max: input.max });
	}
	label.append(control);
	return label;
}

function renderDrills(topology) {
	const local = topology.environment === 'LOCAL';
	const launcher = topology.launcherDrills;
	$('environment').textContent = local
		? (launcher ? 'Local run: the launcher runs the drills on processes and infrastructure.'
			: 'Local run without the launcher\'s control endpoint: drills on processes and infrastructure are not available.')
		: `Running in ${topology.environment.toLowerCase()}: drills on processes and infrastructure are shown as the command to run.`;
	$('drill-list').replaceChildren(...drills.map((drill) => {
		const form = element('form', { class: 'drill', 'aria-labelledby': `${drill.id}-title` },
			element('h3', { id: `${drill.id}-title`, text: drill.title }),
			element('p', {}, element('strong', { text: 'Watch: ' }), drill.watch),
			element('p', {}, element('strong', { text: 'Should happen: ' }), drill.expect));
		const controls = element('div', { class: 'controls' }, (drill.inputs || []).map((input) => field(drill, input)));
		form.append(controls);
		const runsHere = drill.kind === 'api' || (local && launcher);
		if (runsHere) {
			for (const action of drill.actions) {
				controls.append(element('button', { type: 'button', class: action.secondary ? 'secondary' : null,
					'data-drill': drill.id, 'data-action': action.id, text: action.label }));
			}
		}
		if (drill.kind === 'launcher' && !local) {
			const command = element('pre', { 'aria-label': `${drill.title}: command` });
			const update = () => {
				const values = Object.fromEntries(new FormData(form).entries());
				command.textContent = drill.command(topology.environment, values);
			};
			form.addEventListener('change', update);
			form.append(command);
			setTimeout(update);
		}
		form.addEventListener('click', async (event) => {
			const button = event.target.closest('button[data-action]');
			if (!button) {
				return;
			}
			const values = Object.fromEntries(new FormData(form).entries());
			button.disabled = true;
			try {
				say(`${drill.title}: ${button.textContent}…`);
				say(await drill.run(button.dataset.action, values, api));
				poll();
			} catch (error) {
				say(`${drill.title}: ${error.message}`, true);
			} finally {
				button.disabled = false;
			}
		});
		form.addEventListener('submit', (event) => event.preventDefault());
		return form;
	}));
}

$('login-form').addEventListener('submit', (event) => {
	logIn(event).catch((error) => say(`Login failed: ${error.message}`, true));
});
