package com.example.platform.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.local.Repository;
import com.example.platform.testsupport.OsPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static com.example.platform.deployment.K8sObject.asMap;
import static com.example.platform.deployment.K8sObject.maps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutual TLS between the applications in docker-compose (issue 18, item 3), checked on
 * the file as docker-compose resolves it: every application turns TLS on
 * ({@code PLATFORM_TLS_DIRECTORY}) with its own certificate directory mounted read-only
 * there, registers under a name that certificate carries, no URL between the applications
 * is plain {@code http://}, and Prometheus reads the registry and scrapes every
 * application's port over https with its client certificate. A defect put back in the
 * compose file or in prometheus.yml is caught.
 */
class ComposeMutualTlsTests {

	/** Where every application reads its certificate (deploy/config/*.env). */
	private static final String CERTIFICATE_MOUNT = "/etc/platform/tls";

	private static final Pattern URL = Pattern.compile("http://([A-Za-z0-9.-]+)(:\\d+)?[^\\s,]*");

	@TempDir
	Path directory;

	@Test
	void everyApplicationAndPrometheusTalkMutualTlsWithTheirOwnCertificates() {
		assertThat(Compose.applications(Compose.services(Compose.demo()))).hasSize(6);
		assertThat(violations(Compose.demo(), prometheus())).isEmpty();
	}

	@Test
	void theCertificatesNeverEnterAnImageBuild() {
		// The build context is the repository; the CA's key is in ./platform-tls/ca/.
		assertThat(Repository.read(".dockerignore").lines()).contains("platform-tls/");
	}

	@Test
	void everyInstanceRegistersUnderANameItsOwnCertificateCarries() {
		// The certificates generate-secrets issues for compose, as callers verify them.
		OsPackages.require("openssl");
		Path secrets = this.directory.resolve("secrets.env");
		List<String> generate = List.of(Repository.path("scripts/generate-secrets").toString(), secrets.toString());
		Commands.run(Repository.root(), generate).orFail(generate);
		Map<String, String> registered = new TreeMap<>();
		Compose.applications(Compose.services(Compose.demo())).forEach((name, service) -> {
			String hostname = Compose.environment(service).get("EUREKA_INSTANCE_HOSTNAME");
			if (hostname != null) {
				registered.put(name, hostname);
				Path certificate = this.directory.resolve("platform-tls")
					.resolve(application(service))
					.resolve("tls.crt");
				List<String> verify = List.of("openssl", "verify", "-CAfile",
						this.directory.resolve("platform-tls/ca/ca.crt").toString(), "-verify_hostname", hostname,
						certificate.toString());
				Commands.run(this.directory, verify).orFail(verify);
			}
		});
		// discovery does not register with itself; every other instance does.
		assertThat(registered).hasSize(5);
	}

	@Test
	void checksBiteOnEachDefectPutBack() throws IOException {
		String compose = Repository.read("docker-compose.yml");
		String broken = replaceOnce(compose, "    volumes:\n      - ./platform-tls/user-service:/etc/platform/tls:ro\n",
				"");
		broken = replaceOnce(broken, "      - ./platform-tls/order-service:/etc/platform/tls:ro\n",
				"      - ./platform-tls/user-service:/etc/platform/tls:ro\n");
		broken = replaceOnce(broken, "      - ./platform-tls/gateway:/etc/platform/tls:ro\n",
				"      - ./platform-tls/gateway:/etc/platform/tls\n");
		broken = replaceOnce(broken,
				"      PLATFORM_SECURITY_JWKSETURI: https://user-service-1:8081/.well-known/jwks.json,",
				"      PLATFORM_SECURITY_JWKSETURI: http://user-service-1:8081/.well-known/jwks.json,");
		broken = replaceOnce(broken,
				"      EUREKA_PASSWORD: ${EUREKA_PASSWORD:?run scripts/generate-secrets .env}\n    ports:",
				"      EUREKA_PASSWORD: ${EUREKA_PASSWORD:?run scripts/generate-secrets .env}\n"
						+ "      PLATFORM_TLS_DIRECTORY: \"\"\n    ports:");
		broken = replaceOnce(broken, "      EUREKA_INSTANCE_HOSTNAME: order-service-2\n",
				"      EUREKA_INSTANCE_HOSTNAME: 172.18.0.9\n");
		Path file = this.directory.resolve("docker-compose.yml");
		Files.writeString(file, broken);

		Map<String, Object> prometheus = prometheus();
		for (Map<String, Object> job : maps(prometheus.get("scrape_configs"))) {
			if ("discovery".equals(job.get("job_name"))) {
				job.remove("scheme");
			}
			for (Map<String, Object> registry : maps(job.get("eureka_sd_configs"))) {
				registry.put("server", "http://discovery:8761/eureka");
				registry.remove("tls_config");
			}
		}

		String root = Repository.root().toString();
		assertThat(violations(Compose.config(file), prometheus)).containsExactlyInAnyOrder(
				"user-service-1: no certificate mounted at /etc/platform/tls",
				"order-service-1: mounts " + root + "/platform-tls/user-service at /etc/platform/tls, not its own "
						+ root + "/platform-tls/order-service",
				"gateway: its certificate mount " + root + "/platform-tls/gateway:/etc/platform/tls:rw is writable",
				"gateway: PLATFORM_SECURITY_JWKSETURI calls http://user-service-1:8081/.well-known/jwks.json in plain HTTP",
				"discovery: PLATFORM_TLS_DIRECTORY is '', not /etc/platform/tls",
				"order-service-2: registers as 172.18.0.9, not as its container name",
				"prometheus: job discovery scrapes discovery with scheme http",
				"prometheus: job applications reads the registry at http://discovery:8761/eureka",
				"prometheus: job applications reads the registry without tls_config {ca_file, cert_file, key_file} "
						+ "from /etc/prometheus-tls");
	}

	/**
	 * What stands between the compose file and mutual TLS on every hop between the
	 * applications; empty when nothing does.
	 */
	static List<String> violations(Map<String, Object> compose, Map<String, Object> prometheus) {
		List<String> violations = new ArrayList<>();
		Map<String, Map<String, Object>> applications = Compose.applications(Compose.services(compose));
		Set<String> hosts = new TreeSet<>(applications.keySet());
		applications.values().forEach((service) -> hosts.add(application(service)));
		applications.forEach((name, service) -> {
			Map<String, String> environment = Compose.environment(service);
			String directory = environment.get("PLATFORM_TLS_DIRECTORY");
			if (!CERTIFICATE_MOUNT.equals(directory)) {
				violations.add(name + ": PLATFORM_TLS_DIRECTORY is '" + ((directory != null) ? directory : "")
						+ "', not " + CERTIFICATE_MOUNT);
			}
			String own = Repository.root().resolve("platform-tls").resolve(application(service)).toString();
			List<String[]> mounts = mountsAt(service, CERTIFICATE_MOUNT);
			if (mounts.isEmpty()) {
				violations.add(name + ": no certificate mounted at " + CERTIFICATE_MOUNT);
			}
			for (String[] mount : mounts) {
				if (!mount[0].equals(own)) {
					violations.add(name + ": mounts " + mount[0] + " at " + CERTIFICATE_MOUNT + ", not its own " + own);
				}
				if (!"ro".equals(mount[2])) {
					violations.add(name + ": its certificate mount " + String.join(":", mount) + " is writable");
				}
			}
			String hostname = environment.get("EUREKA_INSTANCE_HOSTNAME");
			if (!application(service).equals("discovery") && !name.equals(hostname)) {
				violations.add(name + ": registers as " + hostname + ", not as its container name");
			}
		});
		Compose.services(compose).forEach((name, service) -> Compose.environment(service).forEach((key, value) -> {
			Matcher url = URL.matcher(value);
			while (url.find()) {
				if (hosts.contains(url.group(1))) {
					violations.add(name + ": " + key + " calls " + url.group() + " in plain HTTP");
				}
			}
		}));
		violations.addAll(prometheusViolations(Compose.services(compose).get("prometheus"), prometheus, hosts));
		return violations;
	}

	// Every job that scrapes an application (found through Eureka, or a static target on
	// an application's host) and every registry it reads: https with Prometheus's own
	// certificate, which compose mounts.
	private static List<String> prometheusViolations(Map<String, Object> service, Map<String, Object> config,
			Set<String> hosts) {
		List<String> violations = new ArrayList<>();
		String own = Repository.root().resolve("platform-tls/prometheus").toString();
		List<String> directories = Compose.volumes(service)
			.stream()
			.map((volume) -> volume.split(":"))
			.filter((mount) -> mount[0].equals(own) && mount.length == 3 && mount[2].equals("ro"))
			.map((mount) -> mount[1])
			.toList();
		if (directories.size() != 1) {
			violations.add("prometheus: mounts " + own + " read-only " + directories.size() + " times, not once");
			return violations;
		}
		Map<String, String> tls = Map.of("ca_file", directories.getFirst() + "/ca.crt", "cert_file",
				directories.getFirst() + "/tls.crt", "key_file", directories.getFirst() + "/tls.key");
		String certificates = "tls_config {ca_file, cert_file, key_file} from " + directories.getFirst();
		int scraping = 0;
		for (Map<String, Object> job : maps(config.get("scrape_configs"))) {
			String name = "prometheus: job " + job.get("job_name");
			List<Map<String, Object>> registries = maps(job.get("eureka_sd_configs"));
			Set<String> targets = new TreeSet<>();
			maps(job.get("static_configs")).forEach((targetGroup) -> K8sObject.strings(targetGroup.get("targets"))
				.forEach((target) -> targets.add(target.replaceFirst(":\\d+$", ""))));
			targets.retainAll(hosts);
			if (registries.isEmpty() && targets.isEmpty()) {
				continue;
			}
			scraping++;
			String scrapes = registries.isEmpty() ? String.join(", ", targets) : "what Eureka lists";
			if (!"https".equals(job.get("scheme"))) {
				violations.add(name + " scrapes " + scrapes + " with scheme " + job.getOrDefault("scheme", "http"));
			}
			if (!tls.equals(job.get("tls_config"))) {
				violations.add(name + " scrapes " + scrapes + " without " + certificates);
			}
			for (Map<String, Object> registry : registries) {
				if (!String.valueOf(registry.get("server")).startsWith("https://")) {
					violations.add(name + " reads the registry at " + registry.get("server"));
				}
				if (!tls.equals(registry.get("tls_config"))) {
					violations.add(name + " reads the registry without " + certificates);
				}
			}
		}
		if (scraping < 2) {
			violations.add("prometheus: " + scraping + " jobs scrape the applications (the applications through "
					+ "Eureka, and discovery)");
		}
		return violations;
	}

	private static String application(Map<String, Object> service) {
		return Images.shortName(String.valueOf(service.get("image")));
	}

	// Bind mounts as docker-compose resolves them: source, target and mode.
	private static List<String[]> mountsAt(Map<String, Object> service, String target) {
		return Compose.volumes(service)
			.stream()
			.map((volume) -> volume.split(":"))
			.filter((mount) -> mount.length == 3 && mount[1].equals(target))
			.toList();
	}

	private static Map<String, Object> prometheus() {
		return asMap(new Yaml().load(Repository.read("prometheus/prometheus.yml")));
	}

	private static String replaceOnce(String text, String defect, String replacement) {
		assertThat(text).as("the compose file as the defect expects it").contains(defect);
		int at = text.indexOf(defect);
		return text.substring(0, at) + replacement + text.substring(at + defect.length());
	}

}
