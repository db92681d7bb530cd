package com.example.platform.deployment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static com.example.platform.deployment.K8sObject.asMap;
import static com.example.platform.deployment.K8sObject.map;
import static com.example.platform.deployment.K8sObject.maps;
import static com.example.platform.deployment.K8sObject.strings;

/**
 * The rules every rendered overlay must follow. Each check returns its violations, one
 * line each, so a failing test says exactly what is wrong where.
 */
final class Policies {

	/**
	 * Workloads whose image writes to its own file system at start (see
	 * k8s/base/kafka.yaml).
	 */
	static final Set<String> WRITABLE_ROOT = Set.of("kafka");

	/** Workloads that keep state and must keep it on a PersistentVolumeClaim. */
	static final Set<String> STATEFUL = Set.of("postgres-primary", "postgres-replica", "kafka", "redis", "prometheus",
			"loki");

	/** Application images are built from this repository's Dockerfile. */
	static final String APPLICATION_IMAGE = "platform/";

	/** The image's health check script (deploy/docker/healthcheck). */
	static final String HEALTHCHECK = "healthcheck";

	/** Spring's default graceful-shutdown phase; none of the applications changes it. */
	static final int DRAIN_SECONDS = 30;

	private Policies() {
	}

	static boolean isApplication(K8sObject workload) {
		return workload.containers()
			.stream()
			.anyMatch((container) -> String.valueOf(container.get("image")).contains(APPLICATION_IMAGE));
	}

	static List<K8sObject> workloads(List<K8sObject> objects) {
		return objects.stream().filter(K8sObject::isWorkload).toList();
	}

	static List<K8sObject> ofKind(List<K8sObject> objects, String kind) {
		return objects.stream().filter((object) -> kind.equals(object.kind())).toList();
	}

	static K8sObject workload(List<K8sObject> objects, String name) {
		return workloads(objects).stream()
			.filter((workload) -> workload.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no workload " + name));
	}

	/**
	 * The data of a ConfigMap, named as before kustomize appends its hash.
	 * @param objects the rendered overlay
	 * @param name e.g. {@code gateway-env}
	 * @return its keys and values
	 */
	static Map<String, Object> configMapData(List<K8sObject> objects, String name) {
		return ofKind(objects, "ConfigMap").stream()
			.filter((configMap) -> configMap.name().equals(name) || configMap.name().startsWith(name + "-"))
			.map((configMap) -> asMap(configMap.content().get("data")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no ConfigMap " + name));
	}

	static boolean exists(List<K8sObject> objects, String kind, String name) {
		return objects.stream().anyMatch((object) -> kind.equals(object.kind()) && name.equals(object.name()));
	}

	/**
	 * Startup, liveness and readiness probes; on the actuator health groups for
	 * applications.
	 */
	static List<String> probes(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject workload : workloads(objects)) {
			for (Map<String, Object> container : workload.containers()) {
				for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
					if (!container.containsKey(probe)) {
						violations.add(workload.id() + ": container " + container.get("name") + " has no " + probe);
					}
				}
				if (isApplication(workload)) {
					expectPath(violations, workload, container, "startupProbe", "/actuator/health/liveness");
					expectPath(violations, workload, container, "livenessProbe", "/actuator/health/liveness");
					expectPath(violations, workload, container, "readinessProbe", "/actuator/health/readiness");
				}
			}
		}
		return violations;
	}

	private static void expectPath(List<String> violations, K8sObject workload, Map<String, Object> container,
			String probe, String path) {
		Object actual = probeRequest(container, probe).get(1);
		if (!path.equals(actual)) {
			violations.add(workload.id() + ": " + probe + " must GET " + path + ", not " + actual);
		}
	}

	/**
	 * What a probe asks for: the port and path of an {@code httpGet}, or the arguments of
	 * the image's health check run as an exec probe ({@code healthcheck <port> <path>},
	 * which presents the application's certificate where an httpGet cannot).
	 * @param container the container
	 * @param probe e.g. {@code readinessProbe}
	 * @return the port (name or number) and the path; nulls for any other probe
	 */
	static List<Object> probeRequest(Map<String, Object> container, String probe) {
		Map<String, Object> httpGet = map(map(container, probe), "httpGet");
		if (!httpGet.isEmpty()) {
			return Arrays.asList(httpGet.get("port"), httpGet.get("path"));
		}
		List<String> command = strings(map(map(container, probe), "exec").get("command"));
		if (command.size() == 3 && HEALTHCHECK.equals(command.getFirst())) {
			return List.of(command.get(1), command.get(2));
		}
		return Arrays.asList(null, null);
	}

	/** CPU and memory requests and limits on every container. */
	static List<String> resources(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject workload : workloads(objects)) {
			for (Map<String, Object> container : workload.containers()) {
				Map<String, Object> resources = map(container, "resources");
				for (String kind : List.of("requests", "limits")) {
					for (String resource : List.of("cpu", "memory")) {
						if (!map(resources, kind).containsKey(resource)) {
							violations.add(workload.id() + ": container " + container.get("name") + " has no " + kind
									+ "." + resource);
						}
					}
				}
			}
		}
		return violations;
	}

	/**
	 * Non-root, RuntimeDefault seccomp, no privilege escalation, all capabilities
	 * dropped, read-only root file system (with a writable /tmp for applications).
	 */
	static List<String> securityContexts(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject workload : workloads(objects)) {
			Map<String, Object> pod = workload.podSpec();
			Map<String, Object> podContext = map(pod, "securityContext");
			require(violations, workload, "pod runAsNonRoot", Boolean.TRUE.equals(podContext.get("runAsNonRoot")));
			require(violations, workload, "pod seccompProfile RuntimeDefault",
					"RuntimeDefault".equals(map(podContext, "seccompProfile").get("type")));
			require(violations, workload, "no host namespaces", !Boolean.TRUE.equals(pod.get("hostNetwork"))
					&& !Boolean.TRUE.equals(pod.get("hostPID")) && !Boolean.TRUE.equals(pod.get("hostIPC")));
			for (Map<String, Object> container : workload.containers()) {
				Map<String, Object> context = map(container, "securityContext");
				require(violations, workload, "allowPrivilegeEscalation false",
						Boolean.FALSE.equals(context.get("allowPrivilegeEscalation")));
				require(violations, workload, "not privileged", !Boolean.TRUE.equals(context.get("privileged")));
				require(violations, workload, "capabilities drop ALL",
						strings(map(context, "capabilities").get("drop")).contains("ALL")
								&& !map(context, "capabilities").containsKey("add"));
				require(violations, workload, "container runAsNonRoot",
						!Boolean.FALSE.equals(context.get("runAsNonRoot")));
				require(violations, workload, "readOnlyRootFilesystem",
						Boolean.TRUE.equals(context.get("readOnlyRootFilesystem"))
								|| WRITABLE_ROOT.contains(workload.name()));
				if (isApplication(workload)) {
					require(violations, workload, "a writable /tmp", maps(container.get("volumeMounts")).stream()
						.anyMatch((mount) -> "/tmp".equals(mount.get("mountPath"))));
				}
			}
		}
		return violations;
	}

	private static void require(List<String> violations, K8sObject workload, String rule, boolean holds) {
		if (!holds) {
			violations.add(workload.id() + ": needs " + rule);
		}
	}

	/**
	 * Each workload runs under an existing ServiceAccount of its own, without an API
	 * token.
	 */
	static List<String> serviceAccounts(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject workload : workloads(objects)) {
			Object account = workload.podSpec().get("serviceAccountName");
			if (account == null || "default".equals(account)) {
				violations.add(workload.id() + ": runs under the default ServiceAccount");
				continue;
			}
			if (!exists(objects, "ServiceAccount", (String) account)) {
				violations.add(workload.id() + ": ServiceAccount " + account + " does not exist");
			}
			if (isApplication(workload) && !account.equals(workload.name())) {
				violations.add(workload.id() + ": an application needs its own ServiceAccount, not " + account);
			}
			if (!Boolean.FALSE.equals(workload.podSpec().get("automountServiceAccountToken"))) {
				violations.add(workload.id() + ": mounts an API token it does not need");
			}
		}
		return violations;
	}

	/**
	 * Applications get a preStop pause and a termination grace period that covers it plus
	 * Spring's graceful shutdown.
	 */
	static List<String> gracefulTermination(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject workload : workloads(objects)) {
			if (!isApplication(workload)) {
				continue;
			}
			List<String> preStop = strings(
					map(map(map(workload.containers().getFirst(), "lifecycle"), "preStop"), "exec").get("command"));
			if (preStop.size() != 2 || !"sleep".equals(preStop.getFirst())) {
				violations.add(workload.id() + ": needs a preStop sleep, has " + preStop);
				continue;
			}
			int needed = Integer.parseInt(preStop.get(1)) + DRAIN_SECONDS;
			Object grace = workload.podSpec().get("terminationGracePeriodSeconds");
			if (!(grace instanceof Number number) || number.intValue() < needed) {
				violations.add(workload.id() + ": terminationGracePeriodSeconds " + grace
						+ " is shorter than preStop + " + DRAIN_SECONDS + " s drain = " + needed + " s");
			}
		}
		return violations;
	}

	/**
	 * An HPA for the gateway and each service, whose minimum is the Deployment's
	 * replicas.
	 */
	static List<String> autoscaling(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject workload : workloads(objects)) {
			if (!isApplication(workload) || "discovery".equals(workload.name())) {
				continue;
			}
			K8sObject hpa = hpaOf(objects, workload);
			if (hpa == null) {
				violations.add(workload.id() + ": no HorizontalPodAutoscaler");
				continue;
			}
			if (!(hpa.spec().get("minReplicas") instanceof Number min) || min.intValue() < 1) {
				violations.add(hpa.id() + ": needs minReplicas of at least 1");
			}
			// The HPA owns the count: a replicas field would scale the Deployment back on
			// every apply.
			if (workload.spec().containsKey("replicas")) {
				violations.add(workload.id() + ": sets replicas although " + hpa.id() + " scales it");
			}
		}
		for (K8sObject hpa : ofKind(objects, "HorizontalPodAutoscaler")) {
			Map<String, Object> target = map(hpa.spec(), "scaleTargetRef");
			if (!exists(objects, String.valueOf(target.get("kind")), String.valueOf(target.get("name")))) {
				violations.add(hpa.id() + ": scales " + target.get("kind") + "/" + target.get("name")
						+ ", which does not exist");
			}
		}
		return violations;
	}

	/**
	 * A workload's first container's environment: its ConfigMaps' entries, then its own
	 * variables (those from a Secret or a field with the value {@code "null"}).
	 * @param objects the rendered overlay
	 * @param workload one of its workloads
	 * @return name to value
	 */
	static Map<String, String> environment(List<K8sObject> objects, K8sObject workload) {
		Map<String, String> environment = new TreeMap<>();
		Map<String, Object> container = workload.containers().getFirst();
		for (Map<String, Object> source : maps(container.get("envFrom"))) {
			Object name = map(source, "configMapRef").get("name");
			ofKind(objects, "ConfigMap").stream()
				.filter((configMap) -> configMap.name().equals(name))
				.forEach((configMap) -> asMap(configMap.content().get("data"))
					.forEach((key, value) -> environment.put(key, String.valueOf(value))));
		}
		for (Map<String, Object> variable : maps(container.get("env"))) {
			environment.put((String) variable.get("name"), String.valueOf(variable.get("value")));
		}
		return environment;
	}

	/**
	 * How many instances a workload runs at rest: its autoscaler's minimum where one
	 * scales it, otherwise its replicas.
	 * @param objects the rendered overlay
	 * @param workload one of its workloads
	 * @return the instance count
	 */
	static int instances(List<K8sObject> objects, K8sObject workload) {
		K8sObject hpa = hpaOf(objects, workload);
		return (hpa != null && hpa.spec().get("minReplicas") instanceof Number min) ? min.intValue()
				: workload.replicas();
	}

	private static K8sObject hpaOf(List<K8sObject> objects, K8sObject workload) {
		return ofKind(objects, "HorizontalPodAutoscaler").stream().filter((hpa) -> {
			Map<String, Object> target = map(hpa.spec(), "scaleTargetRef");
			return workload.kind().equals(target.get("kind")) && workload.name().equals(target.get("name"));
		}).findFirst().orElse(null);
	}

	/**
	 * A PodDisruptionBudget for everything that can run more than one replica, and none
	 * that blocks every eviction.
	 */
	static List<String> disruptionBudgets(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject workload : workloads(objects)) {
			K8sObject hpa = hpaOf(objects, workload);
			int most = Math.max(instances(objects, workload),
					(hpa != null) ? ((Number) hpa.spec().get("maxReplicas")).intValue() : 0);
			List<K8sObject> budgets = ofKind(objects, "PodDisruptionBudget").stream()
				.filter((pdb) -> K8sObject.selects(map(map(pdb.spec(), "selector"), "matchLabels"),
						workload.podLabels()))
				.toList();
			if (most > 1 && budgets.isEmpty()) {
				violations.add(workload.id() + ": may run " + most + " replicas but has no PodDisruptionBudget");
			}
			for (K8sObject pdb : budgets) {
				Object minAvailable = pdb.spec().get("minAvailable");
				Object maxUnavailable = pdb.spec().get("maxUnavailable");
				if ((minAvailable instanceof Number min && min.intValue() >= instances(objects, workload))
						|| (maxUnavailable instanceof Number max && max.intValue() == 0)) {
					violations.add(pdb.id() + ": blocks every eviction of " + workload.id());
				}
			}
		}
		return violations;
	}

	/**
	 * Selectors match pod labels: workloads' own, Services', PDBs' and NetworkPolicies'
	 * (an empty NetworkPolicy selector deliberately means every pod).
	 */
	static List<String> selectors(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		List<K8sObject> workloads = workloads(objects);
		for (K8sObject workload : workloads) {
			if (!K8sObject.selects(map(map(workload.spec(), "selector"), "matchLabels"), workload.podLabels())) {
				violations.add(workload.id() + ": selector does not match its pod template's labels");
			}
		}
		for (K8sObject object : objects) {
			Map<String, Object> selector = switch (object.kind()) {
				case "Service" -> map(object.spec(), "selector");
				case "PodDisruptionBudget" -> map(map(object.spec(), "selector"), "matchLabels");
				case "NetworkPolicy" -> map(map(object.spec(), "podSelector"), "matchLabels");
				default -> null;
			};
			if (selector == null || ("NetworkPolicy".equals(object.kind()) && selector.isEmpty())) {
				continue;
			}
			if (workloads.stream().noneMatch((workload) -> K8sObject.selects(selector, workload.podLabels()))) {
				violations.add(object.id() + ": selector " + selector + " matches no pod");
			}
		}
		return violations;
	}

	/** Every Service's target port is a port of the containers it selects. */
	static List<String> servicePorts(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject service : ofKind(objects, "Service")) {
			Map<String, Object> selector = map(service.spec(), "selector");
			List<Map<String, Object>> ports = workloads(objects).stream()
				.filter((workload) -> K8sObject.selects(selector, workload.podLabels()))
				.flatMap((workload) -> workload.containers().stream())
				.flatMap((container) -> maps(container.get("ports")).stream())
				.toList();
			for (Map<String, Object> port : maps(service.spec().get("ports"))) {
				Object target = Objects.requireNonNullElse(port.get("targetPort"), port.get("port"));
				boolean found = ports.stream()
					.anyMatch((containerPort) -> target.equals(containerPort.get("name"))
							|| target.equals(containerPort.get("containerPort")));
				if (!found) {
					violations.add(service.id() + ": targetPort " + target + " is no port of the pods it selects");
				}
			}
		}
		for (K8sObject statefulSet : ofKind(objects, "StatefulSet")) {
			if (!exists(objects, "Service", String.valueOf(statefulSet.spec().get("serviceName")))) {
				violations.add(
						statefulSet.id() + ": serviceName " + statefulSet.spec().get("serviceName") + " is no Service");
			}
		}
		return violations;
	}

	/**
	 * Every ConfigMap, Secret (and key), ServiceAccount, volume and claim a pod or
	 * Ingress refers to exists.
	 */
	static List<String> references(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject workload : workloads(objects)) {
			Map<String, Object> pod = workload.podSpec();
			Set<String> volumes = new HashSet<>();
			for (Map<String, Object> volume : maps(pod.get("volumes"))) {
				volumes.add((String) volume.get("name"));
				Map<String, Object> configMap = map(volume, "configMap");
				if (!configMap.isEmpty()) {
					K8sObject target = referenced(objects, violations, workload, "ConfigMap", configMap.get("name"));
					for (Map<String, Object> item : maps(configMap.get("items"))) {
						requireKey(violations, workload, target, item.get("key"));
					}
				}
				if (!map(volume, "secret").isEmpty()) {
					referenced(objects, violations, workload, "Secret", map(volume, "secret").get("secretName"));
				}
				if (!map(volume, "persistentVolumeClaim").isEmpty()) {
					referenced(objects, violations, workload, "PersistentVolumeClaim",
							map(volume, "persistentVolumeClaim").get("claimName"));
				}
			}
			for (Map<String, Object> claim : maps(workload.spec().get("volumeClaimTemplates"))) {
				volumes.add((String) map(claim, "metadata").get("name"));
			}
			for (Map<String, Object> container : workload.containers()) {
				for (Map<String, Object> source : maps(container.get("envFrom"))) {
					if (!map(source, "configMapRef").isEmpty()) {
						referenced(objects, violations, workload, "ConfigMap", map(source, "configMapRef").get("name"));
					}
					if (!map(source, "secretRef").isEmpty()) {
						referenced(objects, violations, workload, "Secret", map(source, "secretRef").get("name"));
					}
				}
				for (Map<String, Object> variable : maps(container.get("env"))) {
					Map<String, Object> from = map(variable, "valueFrom");
					for (String kind : List.of("ConfigMap", "Secret")) {
						Map<String, Object> keyRef = map(from,
								Character.toLowerCase(kind.charAt(0)) + kind.substring(1) + "KeyRef");
						if (!keyRef.isEmpty()) {
							requireKey(violations, workload,
									referenced(objects, violations, workload, kind, keyRef.get("name")),
									keyRef.get("key"));
						}
					}
				}
				for (Map<String, Object> mount : maps(container.get("volumeMounts"))) {
					if (!volumes.contains(mount.get("name"))) {
						violations.add(workload.id() + ": mounts undeclared volume " + mount.get("name"));
					}
				}
			}
		}
		for (K8sObject ingress : ofKind(objects, "Ingress")) {
			for (Map<String, Object> tls : maps(ingress.spec().get("tls"))) {
				referenced(objects, violations, ingress, "Secret", tls.get("secretName"));
			}
			for (Map<String, Object> rule : maps(ingress.spec().get("rules"))) {
				for (Map<String, Object> path : maps(map(rule, "http").get("paths"))) {
					referenced(objects, violations, ingress, "Service",
							map(map(path, "backend"), "service").get("name"));
				}
			}
		}
		return violations;
	}

	private static K8sObject referenced(List<K8sObject> objects, List<String> violations, K8sObject from, String kind,
			Object name) {
		K8sObject target = objects.stream()
			.filter((object) -> kind.equals(object.kind()) && object.name().equals(name))
			.findFirst()
			.orElse(null);
		if (target == null) {
			violations.add(from.id() + ": refers to " + kind + " " + name + ", which does not exist");
		}
		return target;
	}

	private static void requireKey(List<String> violations, K8sObject workload, K8sObject target, Object key) {
		if (target == null) {
			return;
		}
		boolean found = asMap(target.content().get("data")).containsKey(key)
				|| asMap(target.content().get("stringData")).containsKey(key);
		if (!found) {
			violations.add(workload.id() + ": " + target.id() + " has no key " + key);
		}
	}

	/**
	 * Secrets reach containers only from the Secret {@value Secrets#KUBERNETES_SECRET}
	 * (the overlays' uncommitted secrets.env): no secret-bearing variable with a literal
	 * value or from a ConfigMap, no ConfigMap with a secret-bearing key.
	 */
	static List<String> secrets(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject workload : workloads(objects)) {
			for (Map<String, Object> container : workload.containers()) {
				for (Map<String, Object> variable : maps(container.get("env"))) {
					String name = (String) variable.get("name");
					Object secret = map(map(variable, "valueFrom"), "secretKeyRef").get("name");
					if (Secrets.isSecret(name)
							&& !(secret instanceof String ref && ref.startsWith(Secrets.KUBERNETES_SECRET))) {
						violations.add(workload.id() + ": " + name + " does not come from the Secret "
								+ Secrets.KUBERNETES_SECRET);
					}
				}
			}
		}
		for (K8sObject configMap : ofKind(objects, "ConfigMap")) {
			asMap(configMap.content().get("data")).keySet()
				.stream()
				.filter(Secrets::isSecret)
				.forEach((key) -> violations.add(configMap.id() + ": holds the secret " + key));
		}
		return violations;
	}

	/**
	 * The applications' actuators answer on a management port of their own: the probes
	 * use it, no Service exposes it and the Ingress reaches only the gateway's traffic
	 * port. The discovery server is exempt: Eureka's API, dashboard and actuator share
	 * its one port, which only the applications and Prometheus reach.
	 */
	static List<String> managementPorts(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		Set<Object> managementPorts = new HashSet<>(List.of("management"));
		for (K8sObject workload : workloads(objects)) {
			if (!isApplication(workload) || "discovery".equals(workload.name())) {
				continue;
			}
			Map<String, Object> container = workload.containers().getFirst();
			Object management = containerPort(container, "management");
			if (management == null || management.equals(containerPort(container, "http"))) {
				violations.add(workload.id() + ": needs a management port apart from its traffic port");
				continue;
			}
			managementPorts.add(management);
			for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
				Object port = probeRequest(container, probe).getFirst();
				if (!"management".equals(port) && !String.valueOf(management).equals(String.valueOf(port))) {
					violations.add(workload.id() + ": " + probe + " must use the management port, not " + port);
				}
			}
		}
		for (K8sObject service : ofKind(objects, "Service")) {
			for (Map<String, Object> port : maps(service.spec().get("ports"))) {
				Object target = Objects.requireNonNullElse(port.get("targetPort"), port.get("port"));
				if (managementPorts.contains(target)) {
					violations.add(service.id() + ": exposes the management port " + target);
				}
			}
		}
		for (K8sObject ingress : ofKind(objects, "Ingress")) {
			for (Map<String, Object> rule : maps(ingress.spec().get("rules"))) {
				for (Map<String, Object> path : maps(map(rule, "http").get("paths"))) {
					Map<String, Object> backend = map(map(path, "backend"), "service");
					Object port = Objects.requireNonNullElse(map(backend, "port").get("name"),
							map(backend, "port").get("number"));
					if (!"gateway".equals(backend.get("name"))
							|| !"http".equals(targetPort(objects, "gateway", port))) {
						violations.add(ingress.id() + ": routes " + path.get("path") + " to " + backend.get("name")
								+ ":" + port + ", not to the gateway's traffic port");
					}
				}
			}
		}
		return violations;
	}

	/** The target port of a Service's port given by name or number. */
	private static Object targetPort(List<K8sObject> objects, String service, Object port) {
		return ofKind(objects, "Service").stream()
			.filter((candidate) -> service.equals(candidate.name()))
			.flatMap((candidate) -> maps(candidate.spec().get("ports")).stream())
			.filter((servicePort) -> port.equals(servicePort.get("name")) || port.equals(servicePort.get("port")))
			.map((servicePort) -> Objects.requireNonNullElse(servicePort.get("targetPort"), servicePort.get("port")))
			.findFirst()
			.orElse(null);
	}

	private static Object containerPort(Map<String, Object> container, String name) {
		return maps(container.get("ports")).stream()
			.filter((port) -> name.equals(port.get("name")))
			.map((port) -> port.get("containerPort"))
			.findFirst()
			.orElse(null);
	}

	/** Images name an explicit version: no missing tag, no latest. */
	static List<String> pinnedImages(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject workload : workloads(objects)) {
			for (Map<String, Object> container : workload.containers()) {
				String image = String.valueOf(container.get("image"));
				if (!Images.isPinned(image)) {
					violations.add(workload.id() + ": image " + image + " is not pinned to a version");
				}
			}
		}
		return violations;
	}

	/**
	 * Stateful workloads are StatefulSets keeping their data on a claim, never emptyDir.
	 */
	static List<String> persistentStorage(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (String name : STATEFUL) {
			K8sObject workload = workloads(objects).stream()
				.filter((candidate) -> name.equals(candidate.name()))
				.findFirst()
				.orElse(null);
			if (workload == null || !"StatefulSet".equals(workload.kind())) {
				violations.add(name + ": must be a StatefulSet");
				continue;
			}
			Predicate<Object> isClaim = (volume) -> maps(workload.spec().get("volumeClaimTemplates")).stream()
				.anyMatch((claim) -> volume.equals(map(claim, "metadata").get("name")));
			boolean dataOnClaim = workload.containers()
				.stream()
				.flatMap((container) -> maps(container.get("volumeMounts")).stream())
				.anyMatch((mount) -> isClaim.test(mount.get("name")));
			if (!dataOnClaim) {
				violations.add(workload.id() + ": keeps no data on a PersistentVolumeClaim");
			}
		}
		return violations;
	}

}
