// The drills the console offers: what each does, what to watch in the topology above and what should
// happen. 'api' drills go through the gateway everywhere; 'launcher' drills change processes or
// infrastructure, run by the local launcher in a local run and shown as a command elsewhere.

async function outcome(response, done) {
	if (response.ok) {
		return done;
	}
	let detail = response.statusText;
	try {
		const problem = await response.json();
		detail = problem.detail || problem.title || detail;
	} catch {
		// No problem body: the status says it.
	}
	throw new Error(`${response.status}: ${detail}`);
}

async function launcher(api, drill, target) {
	const query = target ? `?target=${encodeURIComponent(target)}` : '';
	const response = await api('POST', `/api/admin/console/drills/${drill}${query}`);
	return outcome(response, `${drill}${target ? ` ${target}` : ''}: done`);
}

// The container or pod an instance runs in: the first part of its registry id (compose registers
// user-service-1:8081, Kubernetes <pod name>:8081).
const instanceHost = (id) => (id || '<instance>').split(':')[0];

export const drills = [
	{
		id: 'faults',
		kind: 'api',
		title: 'Inject latency or errors into one instance',
		watch: 'that instance\'s "faults injected" count; the gateway\'s route breakers; order-service\'s client breaker when a user-service instance is the faulty one.',
		expect: 'requests that land on the instance wait the latency or fail with the status; the gateway retries idempotent requests on the other instance, so clients see few errors; with every instance failing, the route breaker opens and the gateway answers 503 at once. Only instances started with the faults profile accept this (others answer 404).',
		inputs: [
			{ name: 'instance', label: 'Instance', type: 'instance' },
			{ name: 'latency', label: 'Latency (ms)', type: 'number', value: '1500', min: '0', max: '30000', step: '100' },
			{ name: 'errorRate', label: 'Error rate (0–1)', type: 'number', value: '0', min: '0', max: '1', step: '0.1' },
		],
		actions: [{ id: 'inject', label: 'Inject' }, { id: 'clear', label: 'Clear', secondary: true }],
		async run(action, values, api) {
			const path = `/api/admin/console/instances/${encodeURIComponent(values.instance)}/faults`;
			if (action === 'clear') {
				return outcome(await api('DELETE', path), `Faults cleared on ${values.instance}`);
			}
			const body = { latency: `PT${Number(values.latency) / 1000}S`, errorRate: Number(values.errorRate) };
			return outcome(await api('PUT', path, { body }), `Faults injected on ${values.instance}`);
		},
	},
	{
		id: 'consistency',
		kind: 'api',
		title: 'Read with a consistency mode',
		watch: 'the "reads" column of user-service\'s instances (server/consistency counts).',
		expect: 'strong reads are served by the primary, eventual ones by a replica in rotation (the primary when none is); 20 reads are sent through the gateway.',
		inputs: [{ name: 'consistency', label: 'Consistency', type: 'choice', choices: ['strong', 'eventual'] }],
		actions: [{ id: 'read', label: 'Send 20 reads' }],
		async run(action, values, api) {
			let served = 0;
			for (let i = 0; i < 20; i++) {
				const response = await api('GET', '/api/users?page=0&size=1', { headers: { Consistency: values.consistency } });
				await outcome(response, '');
				served++;
			}
			return `${served} ${values.consistency} reads of GET /api/users served`;
		},
	},
	{
		id: 'instance',
		kind: 'launcher',
		title: 'Stop or start an instance',
		watch: 'the instance\'s health and "gateway ejects"; the service\'s registered count.',
		expect: 'a stopped instance drains, leaves the registry within seconds and is UNREACHABLE meanwhile; the other instance serves everything (no client errors); a started one registers and takes traffic again.',
		inputs: [{ name: 'instance', label: 'Instance', type: 'instance' }],
		actions: [{ id: 'stop-instance', label: 'Stop' }, { id: 'start-instance', label: 'Start', secondary: true }],
		run: (action, values, api) => launcher(api, action, values.instance),
		command: (environment, values) => environment === 'COMPOSE'
			? `docker compose stop ${instanceHost(values.instance)}\ndocker compose start ${instanceHost(values.instance)}`
			: `kubectl -n platform delete pod ${instanceHost(values.instance)}   # the Deployment starts a new one`,
	},
	{
		id: 'replay',
		kind: 'launcher',
		title: 'Pause or resume the replica\'s replay',
		watch: 'each service instance\'s replica lag and rotation; the "reads" column.',
		expect: 'while paused, lag grows with every write; beyond platform.datasource.max-lag (30 s) the replica leaves rotation and eventual reads go to the primary; resumed, it catches up and returns.',
		actions: [{ id: 'pause-replay', label: 'Pause' }, { id: 'resume-replay', label: 'Resume', secondary: true }],
		run: (action, values, api) => launcher(api, action),
		command: (environment) => environment === 'COMPOSE'
			? 'docker compose exec postgres-replica psql -U postgres -c "select pg_wal_replay_pause()"\n'
				+ 'docker compose exec postgres-replica psql -U postgres -c "select pg_wal_replay_resume()"'
			: 'kubectl -n platform exec statefulset/postgres-replica -- psql -U postgres -c "select pg_wal_replay_pause()"\n'
				+ 'kubectl -n platform exec statefulset/postgres-replica -- psql -U postgres -c "select pg_wal_replay_resume()"',
	},
	{
		id: 'redis',
		kind: 'launcher',
		title: 'Stop or start Redis',
		watch: 'the services\' cache hit ratio and "bypassed"; the gateway\'s rate-limiter errors.',
		expect: 'reads go on, past the cache (bypassed) and to the database; the gateway lets requests through unchecked and counts them as rate-limiter errors; after the start the cache fills again.',
		actions: [{ id: 'stop-redis', label: 'Stop' }, { id: 'start-redis', label: 'Start', secondary: true }],
		run: (action, values, api) => launcher(api, action),
		command: (environment) => environment === 'COMPOSE'
			? 'docker compose stop redis\ndocker compose start redis'
			: 'kubectl -n platform scale statefulset/redis --replicas=0\nkubectl -n platform scale statefulset/redis --replicas=1',
	},
	{
		id: 'kafka',
		kind: 'launcher',
		title: 'Stop or start Kafka',
		watch: 'order-service\'s outbox backlog and its oldest event; user-service\'s consumer lag.',
		expect: 'orders are still accepted; their events wait in the outbox (backlog and age grow); after the start the relay publishes them, user-service consumes them and the backlog returns to 0.',
		actions: [{ id: 'stop-kafka', label: 'Stop' }, { id: 'start-kafka', label: 'Start', secondary: true }],
		run: (action, values, api) => launcher(api, action),
		command: (environment) => environment === 'COMPOSE'
			? 'docker compose stop kafka\ndocker compose start kafka'
			: 'kubectl -n platform scale statefulset/kafka --replicas=0\nkubectl -n platform scale statefulset/kafka --replicas=1',
	},
];
