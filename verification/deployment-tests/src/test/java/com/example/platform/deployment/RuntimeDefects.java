package com.example.platform.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.example.platform.local.Repository;
import org.yaml.snakeyaml.Yaml;

import static com.example.platform.deployment.K8sObject.asMap;
import static com.example.platform.deployment.K8sObject.map;
import static com.example.platform.deployment.K8sObject.maps;

/**
 * Offline checks for defects that only show once containers or pods run: each returns
 * what it found wrong, so a test can show it on the committed files and on the defect put
 * back.
 */
final class RuntimeDefects {

	private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", ".platform");

	private RuntimeDefects() {
	}

	/**
	 * Every topic an application declares (a {@code *.replicas} setting beside a
	 * {@code topic}, and the dead-letter topics of what it consumes) with at least the
	 * brokers' {@code min.insync.replicas} replicas and no more than there are brokers:
	 * below, every {@code acks=all} write fails with NotEnoughReplicas.
	 * @param objects a rendered overlay
	 * @return the violations
	 */
	static List<String> topicReplicas(List<K8sObject> objects) {
		K8sObject kafka = Policies.workloads(objects)
			.stream()
			.filter((workload) -> "kafka".equals(workload.name()))
			.findFirst()
			.orElseThrow();
		Map<String, String> kafkaEnv = Policies.environment(objects, kafka);
		int minInsync = Integer.parseInt(kafkaEnv.getOrDefault("KAFKA_MIN_INSYNC_REPLICAS", "1"));
		int brokers = kafka.replicas();
		List<String> violations = new ArrayList<>();
		for (K8sObject workload : Policies.workloads(objects)) {
			if (!Policies.isApplication(workload)) {
				continue;
			}
			String application = Images.shortName((String) workload.containers().getFirst().get("image"));
			Map<String, String> env = Policies.environment(objects, workload);
			topicReplicaSettings(application).forEach((setting, defaultValue) -> {
				int replicas = Integer.parseInt(env.getOrDefault(envName(setting), defaultValue));
				if (replicas < minInsync || replicas > brokers) {
					violations.add(application + ": " + setting + " is " + replicas + ", but the brokers need "
							+ "min.insync.replicas " + minInsync + " and there are " + brokers + " of them");
				}
			});
		}
		return violations;
	}

	/**
	 * The application's topic replication settings and their defaults in its
	 * application.yml.
	 */
	private static Map<String, String> topicReplicaSettings(String application) {
		Path file = Repository.path(application + "/src/main/resources/application.yml");
		if (!Files.exists(file)) {
			return Map.of();
		}
		Map<String, Object> flat = new LinkedHashMap<>();
		try (InputStream in = Files.newInputStream(file)) {
			TopicSettings.flatten("", asMap(new Yaml().loadAll(in).iterator().next()), flat);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> settings = new LinkedHashMap<>();
		flat.forEach((key, value) -> {
			if (key.endsWith(".replicas") && flat.containsKey(key.replace(".replicas", ".topic"))) {
				settings.put(key, String.valueOf(value));
			}
		});
		if (flat.containsKey("platform.messaging.dead-letter.topics")) {
			// MessagingProperties' default, unless the file sets one.
			settings.put("platform.messaging.dead-letter.replicas",
					String.valueOf(flat.getOrDefault("platform.messaging.dead-letter.replicas", 1)));
		}
		return settings;
	}

	/** Spring's relaxed binding from a property to an environment variable. */
	private static String envName(String property) {
		return property.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
	}

	/**
	 * Where Kafka's data volume is mounted, in docker-compose.yml and in Kubernetes.
	 * @return the mount paths
	 */
	static List<String> kafkaDataMounts() {
		List<String> mounts = new ArrayList<>();
		Map<String, Object> compose = new Yaml().load(Repository.read("docker-compose.yml"));
		for (Object volume : K8sObject.strings(map(map(compose, "services"), "kafka").get("volumes"))) {
			mounts.add(String.valueOf(volume).split(":")[1]);
		}
		for (K8sObject object : K8sObject.parseAll(Repository.read("k8s/base/kafka.yaml"))) {
			if (object.isWorkload()) {
				maps(object.containers().getFirst().get("volumeMounts"))
					.forEach((mount) -> mounts.add((String) mount.get("mountPath")));
			}
		}
		return mounts;
	}

	/**
	 * A log directory at a volume's root meets {@code lost+found} on ext4-backed volumes,
	 * and the broker refuses to start.
	 * @param logDirs the broker's {@code log.dirs}
	 * @param mounts the volume mount paths
	 * @return the violations
	 */
	static List<String> logDirsAtVolumeRoot(String logDirs, List<String> mounts) {
		List<String> violations = new ArrayList<>();
		for (String logDir : logDirs.split(",")) {
			for (String mount : mounts) {
				if (trimSlash(logDir).equals(trimSlash(mount))) {
					violations.add("log directory " + logDir + " is the root of a volume, where ext4 keeps lost+found");
				}
			}
		}
		return violations;
	}

	private static String trimSlash(String path) {
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	/**
	 * The arguments of every kafka-exporter: compose's and each overlay's.
	 * @return the arguments, by where the exporter is
	 */
	static Map<String, List<String>> kafkaExporterArguments() {
		Map<String, List<String>> exporters = new LinkedHashMap<>();
		Map<String, Object> compose = new Yaml().load(Repository.read("docker-compose.yml"));
		exporters.put("compose kafka-exporter",
				K8sObject.strings(map(map(compose, "services"), "kafka-exporter").get("command")));
		for (String overlay : Kustomize.OVERLAYS) {
			for (K8sObject workload : Policies.workloads(Rendered.overlay(overlay))) {
				for (Map<String, Object> container : workload.containers()) {
					if ("kafka-exporter".equals(Images.shortName((String) container.get("image")))) {
						exporters.put(overlay + " " + workload.id(), K8sObject.strings(container.get("args")));
					}
				}
			}
		}
		return exporters;
	}

	/**
	 * kafka-exporter speaks the protocol of the Kafka version its {@code --kafka.version}
	 * names, 2.0.0 without it; Kafka 4 removed the request versions older than 2.1
	 * (KIP-896), so below that the broker refuses the exporter and every kafka_* series,
	 * which KafkaBrokerDown reads, is gone.
	 * @param exporters each exporter's arguments, by where it is
	 * @return the violations
	 */
	static List<String> kafkaExporterProtocols(Map<String, List<String>> exporters) {
		List<String> violations = new ArrayList<>();
		exporters.forEach((where, arguments) -> {
			String protocol = "2.0.0 (the exporter's default)";
			for (int i = 0; i < arguments.size(); i++) {
				if (arguments.get(i).startsWith("--kafka.version=")) {
					protocol = arguments.get(i).substring("--kafka.version=".length());
				}
				else if (arguments.get(i).equals("--kafka.version") && i + 1 < arguments.size()) {
					protocol = arguments.get(i + 1);
				}
			}
			String[] parts = protocol.split("[. ]");
			int major = Integer.parseInt(parts[0]);
			int minor = (parts.length > 1) ? Integer.parseInt(parts[1]) : 0;
			if (major < 2 || (major == 2 && minor < 1)) {
				violations.add(where + ": protocol " + protocol + ", older than Kafka 4's oldest (2.1)");
			}
		});
		return violations;
	}

	/**
	 * Whether the replica's start script fixes its data directory's mode after the
	 * clone's {@code if} block, so on every start (the kubelet's fsGroup adds group bits
	 * at each mount).
	 * @param script the script's text
	 * @return whether the chmod runs on every start
	 */
	static boolean modeFixedOnEveryStart(String script) {
		int chmod = script.lastIndexOf("chmod 0700 \"$PGDATA\"");
		int endOfClone = script.lastIndexOf("\nfi\n");
		return chmod > endOfClone && endOfClone >= 0 && chmod < script.indexOf("exec postgres");
	}

	/**
	 * Files that start with a shebang, relative to the repository.
	 * @param root the repository
	 * @return the scripts
	 * @throws IOException if the tree cannot be read
	 */
	static List<Path> scripts(Path root) throws IOException {
		List<Path> scripts = new ArrayList<>();
		Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
			@Override
			public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
					java.nio.file.attribute.BasicFileAttributes attributes) {
				return SKIPPED_DIRECTORIES.contains(String.valueOf(dir.getFileName()))
						? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
			}

			@Override
			public java.nio.file.FileVisitResult visitFile(Path file,
					java.nio.file.attribute.BasicFileAttributes attributes) throws IOException {
				try (InputStream in = Files.newInputStream(file)) {
					byte[] start = in.readNBytes(2);
					if (start.length == 2 && start[0] == '#' && start[1] == '!') {
						scripts.add(root.relativize(file));
					}
				}
				return java.nio.file.FileVisitResult.CONTINUE;
			}
		});
		return scripts;
	}

	/**
	 * The scripts whose checkout would not be LF under these attributes (the last
	 * matching line that sets {@code eol} wins, as in git).
	 * @param attributes the text of .gitattributes
	 * @param scripts the scripts, relative to the repository
	 * @return the scripts without LF line endings
	 */
	static List<String> scriptsWithoutLf(String attributes, List<Path> scripts) {
		List<String> withoutLf = new ArrayList<>();
		for (Path script : scripts) {
			String eol = null;
			for (String line : attributes.lines().map(String::strip).toList()) {
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				String[] parts = line.split("\\s+");
				if (matches(parts[0], script)) {
					for (String attribute : parts) {
						if (attribute.startsWith("eol=")) {
							eol = attribute.substring(4);
						}
					}
				}
			}
			if (!"lf".equals(eol)) {
				withoutLf.add(script.toString());
			}
		}
		return withoutLf;
	}

	private static boolean matches(String pattern, Path file) {
		Path target = pattern.contains("/") ? file : file.getFileName();
		return FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(target);
	}

	/**
	 * Every compose healthcheck and Kubernetes probe that would start a JVM inside the
	 * container's memory limit at every check.
	 * @return the checks, by where they are
	 */
	static List<String> jvmStartingChecks() {
		List<String> found = new ArrayList<>();
		Map<String, Object> compose = new Yaml().load(Repository.read("docker-compose.yml"));
		map(compose, "services").forEach((name, service) -> {
			List<String> test = K8sObject.strings(map(asMap(service), "healthcheck").get("test"));
			if (startsAJvm(test)) {
				found.add("compose " + name + ": " + test);
			}
		});
		try (Stream<Path> manifests = Files.walk(Repository.path("k8s"))) {
			for (Path manifest : manifests.filter((file) -> file.toString().endsWith(".yaml")).toList()) {
				for (K8sObject object : K8sObject.parseAll(Files.readString(manifest))) {
					// JSON patches (lists) carry no kind.
					if (object.kind() == null || !object.isWorkload()) {
						continue;
					}
					for (Map<String, Object> container : object.containers()) {
						for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
							List<String> command = K8sObject.strings(map(map(container, probe), "exec").get("command"));
							if (startsAJvm(command)) {
								found.add(object.id() + " " + probe + ": " + command);
							}
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return found;
	}

	static boolean startsAJvm(List<String> command) {
		String joined = String.join(" ", command);
		return joined.matches("(?s).*(\\bjava\\b|/opt/kafka/bin/|kafka-[a-z-]+\\.sh|jcmd|jps).*");
	}

	/**
	 * Whether the Dockerfile's AOT training run caps its heap: without a cap, on a host
	 * with more than ~128 GB the JVM trains without compressed oops and the runtime JVM,
	 * limited by its container, silently rejects the cache.
	 * @param dockerfile the Dockerfile's text
	 * @return whether every training command has {@code -Xmx}
	 */
	static boolean trainingHeapCapped(String dockerfile) {
		List<String> training = dockerfile.lines().filter((line) -> line.contains("-XX:AOTCacheOutput")).toList();
		return !training.isEmpty() && training.stream().allMatch((line) -> line.contains("-Xmx"));
	}

	/**
	 * Whether the AOT training run and the image's entry point agree on the object header
	 * layout: a cache trained with compact object headers is rejected by a JVM without
	 * them, and the other way round, and the image then starts without its cache.
	 * @param dockerfile the Dockerfile's text
	 * @return whether training and entry point both use compact headers, or neither does
	 */
	static boolean trainingMatchesRuntimeHeaders(String dockerfile) {
		String flag = "-XX:+UseCompactObjectHeaders";
		List<String> training = dockerfile.lines().filter((line) -> line.contains("-XX:AOTCacheOutput")).toList();
		List<String> entryPoint = dockerfile.lines().filter((line) -> line.startsWith("ENTRYPOINT")).toList();
		return !training.isEmpty() && entryPoint.size() == 1
				&& training.stream().allMatch((line) -> line.contains(flag) == entryPoint.getFirst().contains(flag));
	}

	/**
	 * Whether a compose service's {@code tmpfs} mounts {@code /tmp} with exec, which
	 * Netty needs to load its native transport from there.
	 * @param tmpfs the service's tmpfs entry
	 * @return whether /tmp allows exec
	 */
	static boolean tmpAllowsExec(Object tmpfs) {
		List<String> entries = (tmpfs instanceof String single) ? List.of(single) : K8sObject.strings(tmpfs);
		return entries.stream()
			.filter((entry) -> entry.equals("/tmp") || entry.startsWith("/tmp:"))
			.anyMatch((entry) -> {
				List<String> options = entry.contains(":") ? List.of(entry.substring(entry.indexOf(':') + 1).split(","))
						: List.of();
				return options.contains("exec") && !options.contains("noexec");
			});
	}

	/**
	 * A deep copy, for putting a defect back without touching the cached rendering.
	 * @param object the object
	 * @return its copy
	 */
	static K8sObject copy(K8sObject object) {
		return K8sObject.parseAll(new Yaml().dump(object.content())).getFirst();
	}

	/**
	 * The variables of an env file.
	 * @param text the file's text
	 * @return name to value
	 */
	static Map<String, String> env(String text) {
		Map<String, String> env = new LinkedHashMap<>();
		text.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#") && line.contains("="))
			.forEach((line) -> env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
		return env;
	}

	/**
	 * What an overlay's pods request at their fewest (an autoscaled workload at its
	 * {@code minReplicas}): with the control plane, the cluster a learner needs, which
	 * docs/deploy.md states (minikube's defaults leave pods Pending).
	 * @param objects a rendered overlay
	 * @return CPUs and GiB to two decimals, e.g. {@code 1.96 CPU, 4.34 GiB}
	 */
	static String requests(List<K8sObject> objects) {
		Map<String, Integer> fewest = new LinkedHashMap<>();
		for (K8sObject autoscaler : Policies.ofKind(objects, "HorizontalPodAutoscaler")) {
			fewest.put((String) map(autoscaler.spec(), "scaleTargetRef").get("name"),
					((Number) autoscaler.spec().getOrDefault("minReplicas", 1)).intValue());
		}
		double cpus = 0;
		double gibibytes = 0;
		for (K8sObject workload : Policies.workloads(objects)) {
			int replicas = fewest.getOrDefault(workload.name(), workload.replicas());
			for (Map<String, Object> container : workload.containers()) {
				Map<String, Object> requests = map(map(container, "resources"), "requests");
				cpus += replicas * cpus(String.valueOf(requests.getOrDefault("cpu", "0")));
				gibibytes += replicas * gibibytes(String.valueOf(requests.getOrDefault("memory", "0")));
			}
		}
		return String.format(Locale.ROOT, "%.2f CPU, %.2f GiB", cpus, gibibytes);
	}

	private static double cpus(String quantity) {
		return quantity.endsWith("m") ? Double.parseDouble(quantity.substring(0, quantity.length() - 1)) / 1000
				: Double.parseDouble(quantity);
	}

	private static double gibibytes(String quantity) {
		List<String> units = List.of("Ki", "Mi", "Gi");
		for (int i = 0; i < units.size(); i++) {
			if (quantity.endsWith(units.get(i))) {
				return Double.parseDouble(quantity.substring(0, quantity.length() - 2)) / Math.pow(1024, 2 - i);
			}
		}
		return Double.parseDouble(quantity) / Math.pow(1024, 3);
	}

	/**
	 * Each overlay names its Ingress controller: a class on the gateway's Ingress and the
	 * same controller's namespace in the gateway's NetworkPolicy, neither left at the
	 * base's placeholder nor at ingress-nginx, retired in March 2026.
	 * @param objects a rendered overlay, or the base's raw objects
	 * @return the violations
	 */
	static List<String> ingressController(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject ingress : Policies.ofKind(objects, "Ingress")) {
			Object ingressClass = ingress.spec().get("ingressClassName");
			if (ingressClass == null || "set-by-overlay".equals(ingressClass)) {
				violations.add(ingress.id() + ": no ingressClassName set by the overlay");
			}
			else if ("nginx".equals(ingressClass)) {
				violations.add(ingress.id() + ": class nginx (ingress-nginx is retired)");
			}
		}
		for (K8sObject policy : Policies.ofKind(objects, "NetworkPolicy")) {
			for (Map<String, Object> rule : maps(policy.spec().get("ingress"))) {
				for (Map<String, Object> peer : maps(rule.get("from"))) {
					Object namespace = map(map(peer, "namespaceSelector"), "matchLabels")
						.get("kubernetes.io/metadata.name");
					if ("set-by-overlay".equals(namespace) || "ingress-nginx".equals(namespace)) {
						violations.add(policy.id() + ": admits namespace " + namespace
								+ ", not the overlay's Ingress controller");
					}
				}
			}
		}
		return violations;
	}

}
