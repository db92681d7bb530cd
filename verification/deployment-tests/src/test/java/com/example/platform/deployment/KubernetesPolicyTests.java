package com.example.platform.deployment;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules every rendered overlay follows, and a deliberately broken fixture for each
 * rule showing that its check bites.
 */
class KubernetesPolicyTests {

	static final Map<String, Function<List<K8sObject>, List<String>>> CHECKS = Map.ofEntries(
			Map.entry("probes", Policies::probes), Map.entry("resources", Policies::resources),
			Map.entry("securityContexts", Policies::securityContexts),
			Map.entry("serviceAccounts", Policies::serviceAccounts),
			Map.entry("gracefulTermination", Policies::gracefulTermination),
			Map.entry("autoscaling", Policies::autoscaling),
			Map.entry("disruptionBudgets", Policies::disruptionBudgets), Map.entry("selectors", Policies::selectors),
			Map.entry("servicePorts", Policies::servicePorts), Map.entry("references", Policies::references),
			Map.entry("pinnedImages", Policies::pinnedImages),
			Map.entry("persistentStorage", Policies::persistentStorage), Map.entry("secrets", Policies::secrets),
			Map.entry("managementPorts", Policies::managementPorts),
			Map.entry("networkPolicies", KubernetesPolicyTests::networkViolations),
			Map.entry("applicationPorts", KubernetesPolicyTests::applicationPortViolations));

	/**
	 * The architecture's paths (README diagram), and nothing else: the NetworkPolicies
	 * must open exactly these. DNS to kube-dns is added for every workload.
	 */
	static final Set<String> ARCHITECTURE = Set.of("ns:traefik -> gateway:8080", "gateway -> discovery:8761",
			"gateway -> user-service:8081", "gateway -> order-service:8091", "gateway -> redis:6379",
			// The administrator console's topology: each instance's health and meters.
			"gateway -> user-service:8082", "gateway -> order-service:8092", "user-service -> discovery:8761",
			"user-service -> postgres-primary:5432", "user-service -> postgres-replica:5432",
			"user-service -> kafka:9092", "user-service -> redis:6379", "order-service -> discovery:8761",
			"order-service -> user-service:8081", "order-service -> postgres-primary:5432",
			"order-service -> postgres-replica:5432", "order-service -> kafka:9092", "order-service -> redis:6379",
			"postgres-replica -> postgres-primary:5432", "kafka -> kafka:9092", "kafka -> kafka:9093",
			"prometheus -> discovery:8761", "prometheus -> gateway:8079", "prometheus -> user-service:8082",
			"prometheus -> order-service:8092", "prometheus -> postgres-exporter:9187",
			"prometheus -> redis-exporter:9121", "prometheus -> kafka-exporter:9308", "grafana -> prometheus:9090",
			"grafana -> jaeger:16686", "grafana -> loki:3100", "postgres-exporter -> postgres-primary:5432",
			"redis-exporter -> redis:6379", "kafka-exporter -> kafka:9092", "gateway -> otel-collector:4318",
			"user-service -> otel-collector:4318", "order-service -> otel-collector:4318",
			"otel-collector -> jaeger:4317", "otel-collector -> loki:3100");

	static Stream<Arguments> overlaysAndChecks() {
		return Kustomize.OVERLAYS.stream()
			.flatMap((overlay) -> CHECKS.keySet().stream().sorted().map((check) -> Arguments.of(overlay, check)));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("overlaysAndChecks")
	void renderedOverlayFollowsRule(String overlay, String check) {
		assertThat(CHECKS.get(check).apply(Rendered.overlay(overlay))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void networkPoliciesOpenExactlyTheArchitecturesPaths(String overlay) {
		List<K8sObject> objects = Rendered.overlay(overlay);
		Set<String> expected = new TreeSet<>(ARCHITECTURE);
		Policies.workloads(objects)
			.forEach((workload) -> expected.add(workload.name() + " -> ns:kube-system/kube-dns:53"));
		assertThat(NetworkPaths.compute(objects).open()).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void prodRunsMoreInstancesAndAThreeNodeKafkaQuorum() {
		Map<String, Integer> dev = replicas(Rendered.overlay("dev"));
		Map<String, Integer> prod = replicas(Rendered.overlay("prod"));
		assertThat(dev).containsEntry("kafka", 1).containsEntry("user-service", 2).containsEntry("gateway", 1);
		assertThat(prod).containsEntry("kafka", 3).containsEntry("user-service", 3).containsEntry("gateway", 2);
		String voters = Policies.ofKind(Rendered.overlay("prod"), "StatefulSet")
			.stream()
			.filter((statefulSet) -> "kafka".equals(statefulSet.name()))
			.flatMap((statefulSet) -> K8sObject.maps(statefulSet.containers().getFirst().get("env")).stream())
			.filter((variable) -> "KAFKA_CONTROLLER_QUORUM_VOTERS".equals(variable.get("name")))
			.map((variable) -> (String) variable.get("value"))
			.findFirst()
			.orElseThrow();
		assertThat(voters.split(",")).hasSize(3);
	}

	// They name instances, replicas and routes (docs/api.md): on for learners, off where
	// the public is.
	@Test
	void onlyProdSwitchesOffTheHeadersThatShowEachRequestsPath() {
		for (String overlay : List.of("dev", "prod")) {
			List<K8sObject> objects = Rendered.overlay(overlay);
			for (String application : List.of("gateway", "user-service", "order-service")) {
				K8sObject workload = Policies.workloads(objects)
					.stream()
					.filter((candidate) -> application.equals(candidate.name()))
					.findFirst()
					.orElseThrow();
				assertThat(Policies.environment(objects, workload).get("PLATFORM_DIAGNOSTICHEADERS_ENABLED"))
					.as("%s in %s", application, overlay)
					.isEqualTo(overlay.equals("prod") ? "false" : null);
			}
		}
	}

	private static Map<String, Integer> replicas(List<K8sObject> objects) {
		return Policies.workloads(objects)
			.stream()
			.collect(java.util.stream.Collectors.toMap(K8sObject::name,
					(workload) -> Policies.instances(objects, workload)));
	}

	@ParameterizedTest(name = "{0} bites on {1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					probes              | probes-missing.yaml              | has no readinessProbe
					probes              | probes-wrong-group.yaml          | livenessProbe must GET /actuator/health/liveness
					resources           | resources-missing.yaml           | has no limits.memory
					securityContexts    | security-root.yaml               | needs pod runAsNonRoot
					securityContexts    | security-writable-root.yaml      | needs readOnlyRootFilesystem
					serviceAccounts     | service-account-missing.yaml     | ServiceAccount ghost does not exist
					gracefulTermination | graceful-too-short.yaml          | is shorter than preStop
					autoscaling         | hpa-missing.yaml                 | Deployment/order-service: no HorizontalPodAutoscaler
					disruptionBudgets   | pdb-missing.yaml                 | Deployment/user-service: may run 4 replicas but has no PodDisruptionBudget
					selectors           | selector-mismatch.yaml           | Service/redis: selector {app.kubernetes.io/name=rediss} matches no pod
					servicePorts        | service-port-missing.yaml        | Service/gateway: targetPort web is no port of the pods it selects
					references          | reference-missing.yaml           | refers to ConfigMap user-service-env-typo, which does not exist
					references          | reference-missing-key.yaml       | has no key USER_SERVICE_PASSWORD
					pinnedImages        | image-latest.yaml                | image redis:latest is not pinned
					persistentStorage   | storage-empty-dir.yaml           | StatefulSet/redis: keeps no data on a PersistentVolumeClaim
					persistentStorage   | storage-deployment.yaml          | postgres-primary: must be a StatefulSet
					networkPolicies     | network-extra-path.yaml          | unexpected path grafana -> postgres-primary:5432
					networkPolicies     | network-missing-path.yaml        | missing path order-service -> redis:6379
					networkPolicies     | network-half-open.yaml           | egress without a matching ingress rule: gateway -> postgres-primary:5432
					networkPolicies     | network-no-default-deny.yaml     | no default-deny NetworkPolicy
					applicationPorts    | network-management-open.yaml     | may reach user-service's management port 8082, not order-service
					applicationPorts    | network-traffic-port-open.yaml   | prometheus may not reach order-service's traffic port 8091
					secrets             | secret-literal.yaml              | Deployment/order-service: SPRING_DATASOURCE_PASSWORD does not come from the Secret platform-credentials
					secrets             | secret-in-config-map.yaml        | ConfigMap/user-service-settings: holds the secret PLATFORM_SECURITY_ADMIN_PASSWORD
					managementPorts     | probes-traffic-port.yaml         | Deployment/user-service: readinessProbe must use the management port, not 8081
					managementPorts     | management-port-exposed.yaml     | Service/order-service: exposes the management port management
					managementPorts     | ingress-to-service.yaml          | Ingress/gateway: routes /api/users to user-service:http, not to the gateway's traffic port
					""")
	void brokenFixtureIsCaught(String check, String fixture, String expected) {
		assertThat(CHECKS.get(check).apply(Rendered.devWith(fixture)))
			.anySatisfy((violation) -> assertThat(violation).contains(expected));
	}

	/**
	 * Who may reach the applications, port by port: the services' traffic ports only from
	 * the gateway (and user-service's from order-service: its user check, its own service
	 * token and the JWKS), the gateway's only from the Ingress controller, and every
	 * management port (actuator) only from Prometheus and, for the services', from the
	 * gateway (the administrator console reads their health and meters; the actuator
	 * exposes only health, info and prometheus, nothing that changes state).
	 */
	static final Map<String, Set<String>> TRAFFIC_CALLERS = Map.of("gateway", Set.of("ns:traefik"), "user-service",
			Set.of("gateway", "order-service"), "order-service", Set.of("gateway"));

	static final Map<String, Set<String>> MANAGEMENT_CALLERS = Map.of("gateway", Set.of("prometheus"), "user-service",
			Set.of("prometheus", "gateway"), "order-service", Set.of("prometheus", "gateway"));

	static List<String> applicationPortViolations(List<K8sObject> objects) {
		List<String> violations = new java.util.ArrayList<>();
		for (String path : NetworkPaths.compute(objects).open()) {
			String caller = path.substring(0, path.indexOf(" -> "));
			String target = path.substring(path.indexOf(" -> ") + 4);
			String callee = target.substring(0, target.lastIndexOf(':'));
			String port = target.substring(target.lastIndexOf(':') + 1);
			K8sObject workload = Policies.workloads(objects)
				.stream()
				.filter((candidate) -> candidate.name().equals(callee))
				.findFirst()
				.orElse(null);
			if (!TRAFFIC_CALLERS.containsKey(callee) || workload == null) {
				continue;
			}
			List<Map<String, Object>> ports = K8sObject.maps(workload.containers().getFirst().get("ports"));
			if (port.equals(portNumber(ports, "management"))) {
				if (!MANAGEMENT_CALLERS.get(callee).contains(caller)) {
					violations.add("only " + MANAGEMENT_CALLERS.get(callee).stream().sorted().toList() + " may reach "
							+ callee + "'s management port " + port + ", not " + caller);
				}
			}
			else if (port.equals(portNumber(ports, "http"))) {
				if (!TRAFFIC_CALLERS.get(callee).contains(caller)) {
					violations.add(caller + " may not reach " + callee + "'s traffic port " + port);
				}
			}
			else {
				violations
					.add(caller + " reaches " + callee + " on " + port + ", neither its traffic nor management port");
			}
		}
		return violations;
	}

	private static String portNumber(List<Map<String, Object>> ports, String name) {
		return ports.stream()
			.filter((port) -> name.equals(port.get("name")))
			.map((port) -> String.valueOf(port.get("containerPort")))
			.findFirst()
			.orElse(null);
	}

	/**
	 * The NetworkPolicy check: engine violations plus any difference from the
	 * architecture.
	 */
	static List<String> networkViolations(List<K8sObject> objects) {
		NetworkPaths.Result result = NetworkPaths.compute(objects);
		Set<String> expected = new TreeSet<>(ARCHITECTURE);
		Policies.workloads(objects)
			.forEach((workload) -> expected.add(workload.name() + " -> ns:kube-system/kube-dns:53"));
		List<String> violations = new java.util.ArrayList<>(result.violations());
		result.open()
			.stream()
			.filter((path) -> !expected.contains(path))
			.forEach((path) -> violations.add("unexpected path " + path));
		expected.stream()
			.filter((path) -> !result.open().contains(path))
			.forEach((path) -> violations.add("missing path " + path));
		return violations;
	}

}
