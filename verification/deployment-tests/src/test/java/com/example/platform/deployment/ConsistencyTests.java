package com.example.platform.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.example.platform.local.Repository;

import com.example.platform.local.PlatformSettings;
import org.junit.jupiter.api.Test;

import static com.example.platform.deployment.K8sObject.maps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three ways to run the platform - the local run ({@code ./run-local}),
 * docker-compose and Kubernetes - start the same applications, as many instances by
 * default, on the same ports, configured through the same keys.
 */
class ConsistencyTests {

	// The tracing backend runs only in compose and Kubernetes; the local run exports no
	// spans.
	static final String TRACE_EXPORT = "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT";

	// Every request is traced only where Jaeger shows the traces.
	static final String TRACE_SAMPLING = "MANAGEMENT_TRACING_SAMPLING_PROBABILITY";

	// Log records go to Loki through the OpenTelemetry Collector in compose and
	// Kubernetes only.
	static final String LOG_EXPORT = "MANAGEMENT_OPENTELEMETRY_LOGGING_EXPORT_OTLP_ENDPOINT";

	// Exemplars are turned back on where Prometheus v3 stores them (deploy/config/*.env
	// says
	// why).
	static final String EXEMPLARS = "SPRING_AUTOCONFIGURE_EXCLUDE";

	/**
	 * Keys only containers need: the host name and instance id each instance registers in
	 * Eureka (the local run's defaults, localhost and name:port, are right on one host),
	 * the pod fields they are built from, and the telemetry pipeline's settings.
	 */
	static final Set<String> CONTAINER_ONLY = Set.of("EUREKA_INSTANCE_HOSTNAME", "EUREKA_INSTANCE_INSTANCE_ID",
			"POD_NAME", "POD_IP",
			// Kubernetes pods register under their name in the headless Service this
			// names (mutual TLS: a certificate cannot name a pod IP).
			"PLATFORM_TLS_INSTANCE_DNS_DOMAIN", TRACE_EXPORT, TRACE_SAMPLING, LOG_EXPORT, EXEMPLARS,
			// Proxies trusted for X-Forwarded-For: the local run has none to trust (every
			// client is 127.0.0.1), and only Kubernetes puts a proxy in front of the
			// gateway.
			// (user-service's list: any number of PLATFORM_RATE_LIMIT_TRUSTED_PROXIES_n).
			"PLATFORM_GATEWAY_RATE_LIMIT_TRUSTED_PROXIES",
			// The console shows the docker compose or kubectl command of a drill; locally
			// the default (local) runs it through the launcher.
			"PLATFORM_GATEWAY_CONSOLE_ENVIRONMENT");

	private static final String TRUSTED_PROXIES_PREFIX = "PLATFORM_RATE_LIMIT_TRUSTED_PROXIES_";

	/**
	 * Keys only the local run sets: its export to the Zipkin it runs, and every request
	 * traced into it, as compose traces every request into Jaeger.
	 */
	static final Set<String> LOCAL_ONLY = Set.of("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED",
			"MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", TRACE_SAMPLING,
			// The local Zipkin's page of a trace, linked from the shop's inspector;
			// compose
			// and Kubernetes show traces in Grafana, behind a login, not at a trace URL.
			"PLATFORM_DIAGNOSTICHEADERS_TRACEURL",
			// The launcher's loopback control endpoint for the console's drills.
			"PLATFORM_GATEWAY_CONSOLE_LAUNCHER",
			// Every local client is 127.0.0.1: one address registers all users of a run.
			"PLATFORM_RATE_LIMIT_REGISTRATION_REQUESTS",
			// Loopback by default on the host (issue 18); a container listens on its own
			// network, which compose's networks and Kubernetes' NetworkPolicies restrict.
			"SERVER_ADDRESS", "MANAGEMENT_SERVER_ADDRESS");

	private static final PlatformSettings LOCAL = PlatformSettings.parse("--repository=" + Repository.root());

	/** The local launcher's applications and the environment each is given. */
	private static final String LOCAL_PLATFORM = Stream.of("Topology", "Environments", "SigningKeys")
		.map((file) -> Repository
			.read("tooling/local-platform/src/main/java/com/example/platform/local/" + file + ".java"))
		.collect(Collectors.joining("\n"));

	@Test
	void everyWayRunsTheSameApplications() throws IOException {
		Set<String> applications = applications();
		assertThat(applications).containsExactlyInAnyOrder("discovery", "gateway", "user-service", "order-service");
		applications.forEach((application) -> assertThat(LOCAL_PLATFORM).contains('"' + application + '"'));
		assertThat(composeInstances().keySet()).isEqualTo(applications);
		for (String overlay : Kustomize.OVERLAYS) {
			assertThat(k8sApplications(Rendered.overlay(overlay)).keySet()).as(overlay).isEqualTo(applications);
		}
	}

	@Test
	void defaultInstanceCountsMatch() {
		Map<String, Integer> local = Map.of("discovery", 1, "gateway", 1, "user-service", LOCAL.userServiceInstances(),
				"order-service", LOCAL.orderServiceInstances());
		assertThat(composeInstances()).isEqualTo(local);
		List<K8sObject> dev = Rendered.overlay("dev");
		Map<String, Integer> devInstances = new TreeMap<>();
		k8sApplications(dev)
			.forEach((application, deployment) -> devInstances.put(application, Policies.instances(dev, deployment)));
		assertThat(devInstances).isEqualTo(local);
	}

	@Test
	void portsMatch() {
		assertThat(composeEnvironment("discovery")).containsEntry("SERVER_PORT", String.valueOf(LOCAL.discoveryPort()));
		assertThat(composeEnvironment("gateway")).containsEntry("SERVER_PORT", String.valueOf(LOCAL.gatewayPort()))
			.containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(LOCAL.gatewayManagementPort()));
		// On one host the local run's instances need ports of their own; containers and
		// pods
		// all use the first one (and the management port beside it).
		for (int i = 1; i <= LOCAL.userServiceInstances(); i++) {
			assertThat(composeEnvironment("user-service-" + i)).containsEntry("SERVER_PORT",
					String.valueOf(LOCAL.userServicePort()));
		}
		for (int i = 1; i <= LOCAL.orderServiceInstances(); i++) {
			assertThat(composeEnvironment("order-service-" + i)).containsEntry("SERVER_PORT",
					String.valueOf(LOCAL.orderServicePort()));
		}
		assertThat(Compose.services(Compose.demo()).get("gateway").get("ports")).asString()
			.contains("127.0.0.1:" + LOCAL.gatewayPort());
		assertThat(Compose.services(Compose.demo()).get("discovery").get("ports")).asString()
			.contains("127.0.0.1:" + LOCAL.discoveryPort());

		Map<String, Integer> localPorts = Map.of("discovery", LOCAL.discoveryPort(), "gateway", LOCAL.gatewayPort(),
				"user-service", LOCAL.userServicePort(), "order-service", LOCAL.orderServicePort());
		k8sApplications(Rendered.overlay("dev")).forEach((application, deployment) -> {
			Map<String, String> environment = Policies.environment(Rendered.overlay("dev"), deployment);
			int port = localPorts.get(application);
			assertThat(environment).as(application).containsEntry("SERVER_PORT", String.valueOf(port));
			assertThat(containerPort(deployment, "http")).as(application).isEqualTo(port);
		});
		Map<String, String> gateway = Policies.environment(Rendered.overlay("dev"),
				k8sApplications(Rendered.overlay("dev")).get("gateway"));
		assertThat(gateway).containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(LOCAL.gatewayManagementPort()));
	}

	@Test
	void perAddressLimitsCountTheClientNotTheProxyInFrontOfIt() {
		// user-service's limits behind the gateway, in compose and Kubernetes: a request
		// from the gateway's network counts by the address the gateway forwarded.
		Map<String, String> userService = RuntimeDefects.env(Repository.read("deploy/config/user-service.env"));
		assertThat(userService).containsKey("PLATFORM_RATE_LIMIT_TRUSTED_PROXIES_0");
		assertThat(Policies.environment(Rendered.overlay("dev"),
				k8sApplications(Rendered.overlay("dev")).get("user-service")))
			.containsEntry("PLATFORM_RATE_LIMIT_TRUSTED_PROXIES_0", "10.0.0.0/8");
		// The gateway behind the Ingress controller counts by the address it forwarded.
		for (String overlay : List.of("dev", "prod")) {
			assertThat(Policies.environment(Rendered.overlay(overlay),
					k8sApplications(Rendered.overlay(overlay)).get("gateway")))
				.as(overlay)
				.containsEntry("PLATFORM_GATEWAY_RATE_LIMIT_TRUSTED_PROXIES", "1");
		}
	}

	@Test
	void managementPortsMatchBetweenComposeAndKubernetes() {
		Map<String, String> compose = new TreeMap<>();
		Compose.services(Compose.demo())
			.values()
			.stream()
			.filter(ConsistencyTests::isApplication)
			.filter((service) -> Compose.environment(service).containsKey("MANAGEMENT_SERVER_PORT"))
			.forEach((service) -> compose.merge(Images.shortName((String) service.get("image")),
					Compose.environment(service).get("MANAGEMENT_SERVER_PORT"),
					(a, b) -> a.equals(b) ? a : a + "," + b));
		assertThat(compose).containsOnlyKeys("gateway", "user-service", "order-service");
		for (String overlay : Kustomize.OVERLAYS) {
			List<K8sObject> objects = Rendered.overlay(overlay);
			Map<String, String> kubernetes = new TreeMap<>();
			k8sApplications(objects).forEach((application, deployment) -> {
				String management = Policies.environment(objects, deployment).get("MANAGEMENT_SERVER_PORT");
				if (management != null) {
					assertThat(containerPort(deployment, "management")).as(overlay + " " + application)
						.isEqualTo(Integer.parseInt(management));
					kubernetes.put(application, management);
				}
			});
			assertThat(kubernetes).as(overlay).isEqualTo(compose);
		}
	}

	@Test
	void configurationKeysMatch() {
		Set<String> local = new TreeSet<>();
		Matcher matcher = Pattern.compile("\"((?:SERVER|MANAGEMENT|EUREKA|SPRING|PLATFORM|ORDER|KAFKA)_[A-Z0-9_]+)\"")
			.matcher(LOCAL_PLATFORM);
		while (matcher.find()) {
			local.add(matcher.group(1));
		}
		assertThat(local).containsAll(LOCAL_ONLY);
		local.removeAll(LOCAL_ONLY);
		Map<String, Set<String>> compose = new TreeMap<>();
		Compose.services(Compose.demo())
			.values()
			.stream()
			.filter(ConsistencyTests::isApplication)
			.forEach((service) -> compose
				.computeIfAbsent(Images.shortName((String) service.get("image")), (key) -> new TreeSet<>())
				.addAll(withoutContainerOnly(Compose.environment(service).keySet())));
		Map<String, Set<String>> kubernetes = new TreeMap<>();
		k8sApplications(Rendered.overlay("dev")).forEach((application, deployment) -> kubernetes.put(application,
				withoutContainerOnly(Policies.environment(Rendered.overlay("dev"), deployment).keySet())));
		assertThat(kubernetes).isEqualTo(compose);
		Set<String> everyKey = new TreeSet<>();
		compose.values().forEach(everyKey::addAll);
		assertThat(everyKey).isEqualTo(local);
	}

	private static Set<String> applications() throws IOException {
		try (Stream<Path> modules = Files.list(Repository.root())) {
			return modules.filter((module) -> Files.exists(module.resolve("src/main/resources/application.yml")))
				.map((module) -> module.getFileName().toString())
				.collect(Collectors.toCollection(TreeSet::new));
		}
	}

	private static boolean isApplication(Map<String, Object> service) {
		return String.valueOf(service.get("image")).startsWith(Policies.APPLICATION_IMAGE);
	}

	private static Map<String, Integer> composeInstances() {
		Map<String, Integer> counts = new TreeMap<>();
		Compose.services(Compose.demo())
			.values()
			.stream()
			.filter(ConsistencyTests::isApplication)
			.forEach((service) -> counts.merge(Images.shortName((String) service.get("image")), 1, Integer::sum));
		return counts;
	}

	private static Map<String, String> composeEnvironment(String service) {
		return Compose.environment(Compose.services(Compose.demo()).get(service));
	}

	private static Map<String, K8sObject> k8sApplications(List<K8sObject> objects) {
		Map<String, K8sObject> applications = new TreeMap<>();
		Policies.workloads(objects)
			.stream()
			.filter(Policies::isApplication)
			.forEach((workload) -> applications
				.put(Images.shortName((String) workload.containers().getFirst().get("image")), workload));
		return applications;
	}

	private static int containerPort(K8sObject deployment, String name) {
		return maps(deployment.containers().getFirst().get("ports")).stream()
			.filter((port) -> name.equals(port.get("name")))
			.map((port) -> ((Number) port.get("containerPort")).intValue())
			.findFirst()
			.orElseThrow();
	}

	private static Set<String> withoutContainerOnly(Set<String> keys) {
		Set<String> result = new TreeSet<>(keys);
		result.removeAll(CONTAINER_ONLY);
		result.removeIf((key) -> key.startsWith(TRUSTED_PROXIES_PREFIX));
		return result;
	}

}
