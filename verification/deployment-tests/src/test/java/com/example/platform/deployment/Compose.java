package com.example.platform.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.example.platform.local.Repository;
import com.example.platform.testsupport.OsPackages;

import org.yaml.snakeyaml.Yaml;

import static com.example.platform.deployment.K8sObject.asMap;
import static com.example.platform.deployment.K8sObject.map;

/**
 * docker-compose files as {@code docker-compose config} (Debian's v1.29) resolves them,
 * and the rules the demo's compose file follows.
 */
final class Compose {

	/** Only these may publish a port, and only on the loopback interface. */
	static final Set<String> PUBLISHED = Set.of("gateway", "grafana", "prometheus", "discovery");

	/** The whole demo must fit a laptop. */
	static final long MEMORY_BUDGET = 6L * 1024 * 1024 * 1024;

	/**
	 * Resolved once per test JVM, and only by the tests that use it (docker-compose may
	 * be missing).
	 */
	private static final Map<Path, Map<String, Object>> CONFIGS = new ConcurrentHashMap<>();

	private Compose() {
	}

	/** docker-compose.yml, resolved with the example secrets. */
	static Map<String, Object> demo() {
		return CONFIGS.computeIfAbsent(Repository.path("docker-compose.yml"), Compose::config);
	}

	/**
	 * The resolved configuration with the documented example secrets
	 * ({@code .env.example}) as the env file; fails when docker-compose rejects the file.
	 */
	static Map<String, Object> config(Path file) {
		return config(file, Repository.path(".env.example"));
	}

	/** The resolved configuration with the given env file in place of {@code .env}. */
	static Map<String, Object> config(Path file, Path envFile) {
		List<String> command = command(file, envFile);
		return asMap(new Yaml().load(run(file, envFile).orFail(command).stdout()));
	}

	/** {@code docker-compose config} as it went, for checks that expect it to fail. */
	static Commands.Result run(Path file, Path envFile) {
		OsPackages.require("docker-compose");
		return Commands.run(Repository.root(), command(file, envFile));
	}

	private static List<String> command(Path file, Path envFile) {
		// An explicit env file, so a developer's own .env never changes what is checked.
		return List.of("docker-compose", "--env-file", envFile.toString(), "--file", file.toString(),
				"--project-directory", Repository.root().toString(), "config");
	}

	static Map<String, Map<String, Object>> services(Map<String, Object> config) {
		Map<String, Map<String, Object>> services = new TreeMap<>();
		map(config, "services").forEach((name, service) -> services.put(name, asMap(service)));
		return services;
	}

	/**
	 * The services that run this repository's applications (the platform's images).
	 * @param services services by name, as {@link #services} gives them
	 * @return those services, by name
	 */
	static Map<String, Map<String, Object>> applications(Map<String, Map<String, Object>> services) {
		Map<String, Map<String, Object>> applications = new TreeMap<>(services);
		applications.values()
			.removeIf((service) -> !String.valueOf(service.get("image")).startsWith(Policies.APPLICATION_IMAGE));
		return applications;
	}

	static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> environment = new TreeMap<>();
		map(service, "environment").forEach((key, value) -> environment.put(key, String.valueOf(value)));
		return environment;
	}

	/**
	 * A service's volumes as docker-compose prints them resolved:
	 * {@code source:target:mode}, a bind mount's source an absolute path.
	 */
	static List<String> volumes(Map<String, Object> service) {
		return ((List<?>) service.getOrDefault("volumes", List.of())).stream().map(String::valueOf).toList();
	}

	static List<String> violations(Map<String, Object> config) {
		List<String> violations = new ArrayList<>();
		long memory = 0;
		Set<String> volumes = map(config, "volumes").keySet();
		// A distroless image has nothing to run a healthcheck with; saying so explicitly
		// (disable: true, which docker-compose prints as test [NONE]) is allowed, as long
		// as no service waits for it to be healthy.
		Set<String> unprobed = new TreeSet<>();
		services(config).forEach((name, service) -> {
			Map<String, Object> healthcheck = map(service, "healthcheck");
			if (Boolean.TRUE.equals(healthcheck.get("disable")) || List.of("NONE").equals(healthcheck.get("test"))) {
				unprobed.add(name);
			}
		});
		for (Map.Entry<String, Map<String, Object>> entry : services(config).entrySet()) {
			String name = entry.getKey();
			Map<String, Object> service = entry.getValue();
			if (map(service, "healthcheck").get("test") == null && !unprobed.contains(name)) {
				violations.add(name + ": no healthcheck");
			}
			map(service, "depends_on").forEach((dependency, condition) -> {
				if (!"service_healthy".equals(asMap(condition).get("condition"))) {
					violations.add(name + ": depends on " + dependency + " without condition service_healthy");
				}
				if (unprobed.contains(dependency)) {
					violations.add(name + ": depends on " + dependency + ", whose healthcheck is disabled");
				}
			});
			Object limit = service.get("mem_limit");
			if (limit == null) {
				violations.add(name + ": no mem_limit");
			}
			else {
				memory += bytes(String.valueOf(limit));
			}
			String image = String.valueOf(service.get("image"));
			if (!Images.isPinned(image)) {
				violations.add(name + ": image " + image + " is not pinned to a version");
			}
			for (Object published : (List<?>) service.getOrDefault("ports", List.of())) {
				// v1.29 prints a host-bound port as a string and an unbound one in the
				// long syntax.
				String port = (published instanceof Map<?, ?> binding)
						? "0.0.0.0:" + binding.get("published") + ":" + binding.get("target")
						: String.valueOf(published);
				if (!PUBLISHED.contains(name) || !port.startsWith("127.0.0.1:")) {
					violations.add(name + ": publishes " + port + " (only " + PUBLISHED + ", on 127.0.0.1)");
				}
			}
			for (Object volume : (List<?>) service.getOrDefault("volumes", List.of())) {
				String mount = String.valueOf(volume);
				String source = mount.substring(0, Math.max(mount.indexOf(':'), 0));
				boolean bind = source.startsWith("/") || source.startsWith(".");
				if (!bind && !volumes.contains(source)) {
					violations.add(name + ": volume " + mount + " is not a named volume");
				}
				if (bind && !mount.endsWith(":ro")) {
					violations.add(name + ": bind mount " + mount + " is writable");
				}
			}
		}
		if (memory > MEMORY_BUDGET) {
			violations.add("memory limits add up to " + memory / (1024 * 1024) + " MiB, more than 6 GiB");
		}
		return violations;
	}

	static long totalMemory(Map<String, Object> config) {
		return services(config).values()
			.stream()
			.mapToLong((service) -> bytes(String.valueOf(service.get("mem_limit"))))
			.sum();
	}

	static long bytes(String size) {
		String value = size.toLowerCase(Locale.ROOT).replaceAll("b$", "");
		long unit = switch (value.charAt(value.length() - 1)) {
			case 'k' -> 1024L;
			case 'm' -> 1024L * 1024;
			case 'g' -> 1024L * 1024 * 1024;
			default -> 1L;
		};
		String digits = (unit == 1) ? value : value.substring(0, value.length() - 1);
		return Long.parseLong(digits) * unit;
	}

}
