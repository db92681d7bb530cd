package com.example.platform.deployment;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import com.example.platform.local.Repository;
import com.example.platform.testsupport.OsPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import static com.example.platform.deployment.K8sObject.map;
import static com.example.platform.deployment.K8sObject.maps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutual TLS between the applications in the rendered Kubernetes overlays (issue 18 item
 * 3), checked by {@link MutualTlsPolicies}; each check also runs on the dev overlay with
 * one defect put back, to show that it bites.
 */
class KubernetesMutualTlsTests {

	static final Map<String, Function<List<K8sObject>, List<String>>> CHECKS = Map.of("certificateMounts",
			MutualTlsPolicies::certificateMounts, "probes", MutualTlsPolicies::probes, "plainUrls",
			MutualTlsPolicies::plainUrls, "prometheus", MutualTlsPolicies::prometheus, "tlsSecrets",
			MutualTlsPolicies::tlsSecrets, "podNames", MutualTlsPolicies::podNames);

	/**
	 * One defect each, as the manifests had it before mutual TLS or as it could creep in.
	 */
	static final Map<String, Consumer<List<K8sObject>>> DEFECTS = Map.ofEntries(
			Map.entry("subPath", (objects) -> mount(objects, "user-service").put("subPath", "tls.crt")),
			Map.entry("no directory", (objects) -> {
				env(objects, "order-service")
					.removeIf((variable) -> "PLATFORM_TLS_DIRECTORY".equals(variable.get("name")));
				// Wherever it is set: the Deployment or its env file's ConfigMap.
				objects.stream()
					.filter((object) -> "ConfigMap".equals(object.kind())
							&& object.name().startsWith("order-service-env"))
					.forEach((configMap) -> map(configMap.content(), "data").remove("PLATFORM_TLS_DIRECTORY"));
			}),
			Map.entry("another's certificate",
					(objects) -> map(tlsVolume(objects, "order-service"), "secret").put("secretName",
							"platform-tls-user-service")),
			Map.entry("httpGet probe", (objects) -> container(objects, "gateway").put("readinessProbe",
					Map.of("httpGet",
							Map.of("path", "/actuator/health/readiness", "port", "management", "scheme", "HTTPS")))),
			Map.entry("plain key set",
					(objects) -> variable(objects, "order-service", "PLATFORM_SECURITY_JWKSETURI").put("value",
							"http://user-service:8081/.well-known/jwks.json")),
			Map.entry("plain registry",
					(objects) -> prometheusConfig(objects,
							(config) -> config.replace("https://discovery:8761", "http://discovery:8761"))),
			Map.entry("plain scrape",
					(objects) -> prometheusConfig(objects, (config) -> config.replace("    scheme: https\n", ""))),
			Map.entry("no client certificate",
					(objects) -> prometheusConfig(objects,
							(config) -> config.replaceFirst("(?m)^      cert_file: .*\n", ""))),
			Map.entry("hashed Secret", (objects) -> {
				K8sObject secret = named(objects, "Secret", "platform-tls-gateway");
				map(secret.content(), "metadata").put("name", "platform-tls-gateway-7h5k2bm9fd");
				map(tlsVolume(objects, "gateway"), "secret").put("secretName", "platform-tls-gateway-7h5k2bm9fd");
			}),
			Map.entry("no headless Service",
					(objects) -> objects.remove(named(objects, "Service", "user-service-pods"))),
			Map.entry("pod IP registered", (objects) -> env(objects, "order-service")
				.add(new HashMap<>(Map.of("name", "EUREKA_INSTANCE_HOSTNAME", "value", "$(POD_IP)")))));

	static Stream<Arguments> overlaysAndChecks() {
		return Kustomize.OVERLAYS.stream()
			.flatMap((overlay) -> CHECKS.keySet().stream().sorted().map((check) -> Arguments.of(overlay, check)));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("overlaysAndChecks")
	void renderedOverlayFollowsRule(String overlay, String check) {
		assertThat(CHECKS.get(check).apply(Rendered.overlay(overlay))).isEmpty();
	}

	@ParameterizedTest(name = "{0} bites on {1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					certificateMounts | subPath               | Deployment/user-service: mounts platform-tls with subPath tls.crt
					certificateMounts | no directory          | Deployment/order-service: PLATFORM_TLS_DIRECTORY is not set
					certificateMounts | another's certificate | Deployment/order-service: mounts the Secret platform-tls-user-service, not its own platform-tls-order-service
					probes            | httpGet probe         | Deployment/gateway: readinessProbe is an httpGet
					plainUrls         | plain key set         | PLATFORM_SECURITY_JWKSETURI: plain http://user-service:8081
					plainUrls         | plain registry        | prometheus.yml: plain http://discovery:8761
					prometheus        | plain registry        | prometheus job applications: asks the registry at http://discovery:8761/eureka
					prometheus        | plain scrape          | prometheus job applications: scrapes applications over http
					prometheus        | no client certificate | prometheus job applications: no tls_config cert_file
					tlsSecrets        | hashed Secret         | no Secret named platform-tls-gateway
					podNames          | no headless Service   | user-service: no Deployment or no headless Service user-service-pods
					podNames          | pod IP registered     | Deployment/order-service: EUREKA_INSTANCE_HOSTNAME overrides the pod's certified name
					""")
	void checkBitesOnTheDefect(String check, String defect, String expected) {
		List<K8sObject> objects = copyOf(Rendered.overlay("dev"));
		DEFECTS.get(defect).accept(objects);
		assertThat(CHECKS.get(check).apply(objects))
			.anySatisfy((violation) -> assertThat(violation).contains(expected));
	}

	/**
	 * The names callers connect to in the rendered overlay - each registered pod's name
	 * under its headless Service, the key set's host, the registry's - are in the
	 * certificate {@code scripts/generate-secrets} issues to the application called, and
	 * in no other application's: callers verify exactly these names.
	 */
	@Test
	void everyNameCallersUseIsInTheCalleesCertificateAndNoOther(@TempDir Path directory) {
		// The script needs openssl, and so do the host name checks.
		OsPackages.require("openssl");
		List<String> generate = List.of(Repository.path("scripts/generate-secrets").toString(),
				directory.resolve("secrets.env").toString());
		Commands.run(Repository.root(), generate).orFail(generate);
		Path certificates = directory.resolve("platform-tls");
		List<K8sObject> objects = Rendered.overlay("dev");
		Map<String, String> callees = new TreeMap<>();
		for (String application : MutualTlsPolicies.REGISTERED) {
			String domain = Policies.environment(objects, Policies.workload(objects, application))
				.get("PLATFORM_TLS_INSTANCE_DNS_DOMAIN");
			callees.put("10-244-0-17." + domain, application);
		}
		for (String validator : List.of("gateway", "order-service")) {
			callees.put(URI.create(Policies.environment(objects, Policies.workload(objects, validator))
				.get("PLATFORM_SECURITY_JWKSETURI")).getHost(), "user-service");
		}
		String registry = Policies.environment(objects, Policies.workload(objects, "gateway")).get("EUREKA_ADDRESS");
		callees.put(registry.substring(0, registry.indexOf(':')), "discovery");
		callees.forEach((name, callee) -> {
			for (String application : MutualTlsPolicies.APPLICATIONS) {
				List<String> verify = List.of("openssl", "verify", "-CAfile",
						certificates.resolve("ca/ca.crt").toString(), "-verify_hostname", name,
						certificates.resolve(application + "/tls.crt").toString());
				assertThat(Commands.run(directory, verify).exitCode() == 0)
					.as("%s's certificate names %s", application, name)
					.isEqualTo(application.equals(callee));
			}
		});
		assertThat(callees).hasSize(5);
	}

	/** A deep copy: the rendered overlays are shared by every test of the JVM. */
	private static List<K8sObject> copyOf(List<K8sObject> objects) {
		Yaml yaml = new Yaml();
		return new ArrayList<>(K8sObject.parseAll(yaml.dumpAll(objects.stream().map(K8sObject::content).iterator())));
	}

	private static K8sObject named(List<K8sObject> objects, String kind, String name) {
		return objects.stream()
			.filter((object) -> kind.equals(object.kind()) && name.equals(object.name()))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Object> container(List<K8sObject> objects, String application) {
		return named(objects, "Deployment", application).containers().getFirst();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> env(List<K8sObject> objects, String application) {
		return (List<Map<String, Object>>) container(objects, application).get("env");
	}

	private static Map<String, Object> variable(List<K8sObject> objects, String application, String name) {
		return env(objects, application).stream()
			.filter((variable) -> name.equals(variable.get("name")))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Object> tlsVolume(List<K8sObject> objects, String application) {
		return maps(named(objects, "Deployment", application).podSpec().get("volumes")).stream()
			.filter((volume) -> "platform-tls".equals(volume.get("name")))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Object> mount(List<K8sObject> objects, String application) {
		return maps(container(objects, application).get("volumeMounts")).stream()
			.filter((mount) -> "platform-tls".equals(mount.get("name")))
			.findFirst()
			.orElseThrow();
	}

	private static void prometheusConfig(List<K8sObject> objects, Function<String, String> change) {
		K8sObject configMap = objects.stream()
			.filter((object) -> "ConfigMap".equals(object.kind()) && object.name().startsWith("prometheus-config"))
			.findFirst()
			.orElseThrow();
		Map<String, Object> data = map(configMap.content(), "data");
		String before = (String) data.get("prometheus.yml");
		String after = change.apply(before);
		assertThat(after).as("the defect changes prometheus.yml").isNotEqualTo(before);
		data.put("prometheus.yml", after);
	}

}
