package com.example.platform.deployment;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.example.platform.local.Repository;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 by construction in compose and Kubernetes: every application presents the
 * registry's credentials (Eureka refuses anonymous callers), Prometheus too, and the
 * validators take the signing keys from a pinned user-service address, never through the
 * registry.
 */
class RegistryTrustTests {

	private static final List<String> APPLICATIONS = List.of("discovery", "gateway", "user-service", "order-service");

	private static final List<String> VALIDATORS = List.of("gateway", "order-service");

	@Test
	void everyApplicationSendsTheRegistryCredentialsInItsServiceUrl() {
		// The clients' Eureka settings live once, in the defaults every application
		// imports; none of them may name another registry URL.
		assertThat(Repository
			.read("shared/service-defaults/src/main/resources/com/example/platform/defaults/service-defaults.yml"))
			.contains("defaultZone: http://${EUREKA_USERNAME:eureka}:${EUREKA_PASSWORD:}@${EUREKA_ADDRESS:");
		for (String application : List.of("gateway", "user-service", "order-service")) {
			assertThat(Repository.read(application + "/src/main/resources/application.yml")).as(application)
				.doesNotContain("defaultZone");
		}
		assertThat(Repository.read("discovery/src/main/resources/application.yml"))
			.contains("password: ${EUREKA_PASSWORD}");
	}

	@Test
	void everyComposeApplicationAndPrometheusHasTheRegistryPasswordFromTheEnvFile() {
		Map<String, Map<String, Object>> services = Compose.services(Compose.demo());
		services.forEach((name, service) -> {
			if (APPLICATIONS.stream().anyMatch(name::startsWith) || name.equals("prometheus")) {
				Map<String, String> environment = Compose.environment(service);
				assertThat(environment).as(name).containsKey("EUREKA_PASSWORD");
				assertThat(environment.get("EUREKA_PASSWORD")).as(name)
					.isEqualTo(Secrets.example().get("EUREKA_PASSWORD"));
				if (!name.equals("discovery") && !name.equals("prometheus")) {
					assertThat(environment).as(name).containsEntry("EUREKA_ADDRESS", "discovery:8761");
				}
			}
		});
		assertThat(services.keySet()
			.stream()
			.filter((name) -> !name.equals("prometheus"))
			.filter((name) -> APPLICATIONS.stream().anyMatch(name::startsWith))).hasSize(6);
	}

	@Test
	void composeValidatorsFetchTheSigningKeysFromUserServiceInstancesByName() {
		Map<String, Map<String, Object>> services = Compose.services(Compose.demo());
		services.forEach((name, service) -> {
			if (VALIDATORS.stream().anyMatch(name::startsWith)) {
				assertPinned(name, Compose.environment(service).get("PLATFORM_SECURITY_JWKSETURI"), "user-service-1",
						"user-service-2");
			}
		});
	}

	@Test
	void everyKubernetesApplicationReadsTheRegistryPasswordFromTheSecretAndPrometheusMountsIt() {
		for (String overlay : Kustomize.OVERLAYS) {
			List<K8sObject> objects = Rendered.overlay(overlay);
			for (K8sObject workload : Policies.workloads(objects)) {
				Map<String, Object> container = workload.containers().getFirst();
				if (APPLICATIONS.contains(workload.name())) {
					Map<String, Object> reference = K8sObject.secretKeyRef(container, "EUREKA_PASSWORD");
					assertThat(reference.get("key")).as(overlay + " " + workload.id()).isEqualTo("EUREKA_PASSWORD");
					assertThat((String) reference.get("name")).as(overlay + " " + workload.id())
						.startsWith(Secrets.KUBERNETES_SECRET);
				}
				if (VALIDATORS.contains(workload.name())) {
					assertPinned(overlay + " " + workload.id(),
							(String) K8sObject.variable(container, "PLATFORM_SECURITY_JWKSETURI").get("value"),
							"user-service");
				}
				if (workload.name().equals("prometheus")) {
					assertThat(K8sObject.maps(workload.podSpec().get("volumes"))).as(overlay)
						.anySatisfy((volume) -> assertThat(K8sObject.map(volume, "secret").get("secretName")).asString()
							.startsWith(Secrets.KUBERNETES_SECRET));
				}
			}
			for (String application : List.of("gateway", "user-service", "order-service")) {
				assertThat(Policies.configMapData(objects, application + "-env")).as(overlay + " " + application)
					.containsEntry("EUREKA_ADDRESS", "discovery:8761");
			}
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void prometheusDiscoversTargetsWithTheRegistryCredentials() {
		Map<String, Object> config = new Yaml().load(Repository.read("prometheus/prometheus.yml"));
		List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
		List<Map<String, Object>> registries = jobs.stream()
			.filter((job) -> job.containsKey("eureka_sd_configs"))
			.flatMap((job) -> ((List<Map<String, Object>>) job.get("eureka_sd_configs")).stream())
			.toList();
		assertThat(registries).isNotEmpty()
			.allSatisfy(
					(registry) -> assertThat(K8sObject.map(registry, "basic_auth")).containsEntry("username", "eureka")
						.containsEntry("password_file", "/etc/prometheus-secrets/eureka-password"));
	}

	// A plain URL naming user-service's own address: never lb://, never a name only the
	// registry resolves.
	private static void assertPinned(String where, String locations, String... hosts) {
		assertThat(locations).as(where).isNotNull();
		List<URI> uris = java.util.Arrays.stream(locations.split(",")).map(String::strip).map(URI::create).toList();
		assertThat(uris).as(where)
			.allSatisfy((uri) -> assertThat(uri.getScheme()).isIn("http", "https"))
			.allSatisfy((uri) -> assertThat(uri.getPath()).isEqualTo("/.well-known/jwks.json"))
			.allSatisfy((uri) -> assertThat(uri.getPort()).isEqualTo(8081))
			.extracting(URI::getHost)
			.containsExactly(hosts);
	}

}
