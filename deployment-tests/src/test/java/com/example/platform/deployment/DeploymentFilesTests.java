package com.example.platform.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.platform.local.Repository;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static com.example.platform.deployment.K8sObject.asMap;
import static com.example.platform.deployment.K8sObject.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image build, the pinned images shared by compose and Kubernetes, and the monitoring
 * and configuration files that both use from one place.
 */
class DeploymentFilesTests {

	private static final String DOCKERFILE = Repository.read("Dockerfile");

	@Test
	void dockerfileBuildsWithTheWrapperAndRunsLayeredAsNonRootWithAnAotCache() {
		List<String> bases = Pattern.compile("(?m)^FROM (\\S+)")
			.matcher(DOCKERFILE)
			.results()
			.map((m) -> m.group(1))
			.toList();
		assertThat(bases).hasSize(2)
			.allSatisfy((image) -> assertThat(image)
				.matches("eclipse-temurin:25\\.\\d+\\.\\d+_\\d+-jre|eclipse-temurin:25\\.\\d+\\.\\d+_\\d+-jdk"));
		assertThat(bases.getFirst()).endsWith("-jdk");
		assertThat(bases.getLast()).endsWith("-jre");
		assertThat(DOCKERFILE).contains("./mvnw", "-Djarmode=tools", "extract --layers", "-XX:AOTCacheOutput=app.aot",
				"\"-XX:AOTCache=app.aot\"");
		Matcher user = Pattern.compile("(?m)^USER (\\d+)").matcher(DOCKERFILE);
		assertThat(user.find()).as("a numeric USER").isTrue();
		assertThat(Integer.parseInt(user.group(1))).isPositive();
		assertThat(DOCKERFILE.indexOf("USER ")).isGreaterThan(DOCKERFILE.lastIndexOf("FROM "));
	}

	@Test
	void dockerignoreKeepsBuildOutputAndSecretsOutButEveryModulePom() {
		List<String> ignored = Repository.read(".dockerignore")
			.lines()
			.filter((line) -> !line.startsWith("#"))
			.toList();
		assertThat(ignored).contains("**/target/", ".env", ".git/");
		Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Repository.read("pom.xml"));
		while (modules.find()) {
			assertThat(ignored).as("the reactor needs " + modules.group(1) + "/pom.xml")
				.doesNotContain(modules.group(1), modules.group(1) + "/", modules.group(1) + "/pom.xml");
		}
	}

	@Test
	void composeAndKubernetesUseTheSamePinnedImages() {
		Map<String, String> compose = new TreeMap<>();
		Compose.services(Compose.config(Repository.path("docker-compose.yml")))
			.values()
			.forEach((service) -> compose.put(Images.shortName((String) service.get("image")),
					Images.tag((String) service.get("image"))));
		for (String overlay : Kustomize.OVERLAYS) {
			Map<String, String> kubernetes = new TreeMap<>();
			Policies.workloads(Rendered.overlay(overlay))
				.stream()
				.flatMap((workload) -> workload.containers().stream())
				.forEach((container) -> kubernetes.put(Images.shortName((String) container.get("image")),
						Images.tag((String) container.get("image"))));
			assertThat(kubernetes).as(overlay).isEqualTo(compose);
		}
		assertThat(compose.values()).doesNotContainNull().doesNotContain("latest");
	}

	@Test
	void kubernetesConfigMapsAreGeneratedFromTheFilesComposeUsesWithNoCopies() throws IOException {
		assertGeneratorListsEveryFile("prometheus");
		assertGeneratorListsEveryFile("grafana");
		assertGeneratorListsEveryFile("config");
		String compose = Repository.read("docker-compose.yml");
		assertThat(compose).contains("./prometheus:/etc/prometheus:ro",
				"./grafana/provisioning:/etc/grafana/provisioning:ro",
				"./grafana/dashboards:/etc/grafana/dashboards:ro", "./config/postgres/init-primary.sh:",
				"./config/postgres/start-replica.sh:", "env_file: config/kafka.env");
		List<K8sObject> dev = Rendered.overlay("dev");
		assertThat(configMapData(dev, "prometheus-config")).containsEntry("prometheus.yml",
				Repository.read("prometheus/prometheus.yml"));
		assertThat(configMapData(dev, "grafana-dashboards")).containsEntry("platform-overview.json",
				Repository.read("grafana/dashboards/platform-overview.json"));
		try (Stream<Path> files = Files.walk(Repository.path("k8s"))) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.noneMatch((name) -> name.endsWith(".json") || name.equals("prometheus.yml") || name.endsWith(".sh")
						|| name.endsWith(".env") && !name.equals("secrets.env"));
		}
	}

	@Test
	void prometheusDiscoversApplicationsThroughEurekaAndScrapesEveryExporter() {
		Map<String, Object> prometheus = asMap(new Yaml().load(Repository.read("prometheus/prometheus.yml")));
		List<Map<String, Object>> jobs = K8sObject.maps(prometheus.get("scrape_configs"));
		assertThat(jobs).anySatisfy((job) -> assertThat(K8sObject.maps(job.get("eureka_sd_configs"))).singleElement()
			.satisfies((sd) -> assertThat(sd).containsEntry("server", "http://discovery:8761/eureka")));
		Set<String> targets = new HashSet<>();
		jobs.forEach((job) -> K8sObject.maps(job.get("static_configs"))
			.forEach((config) -> targets.addAll(K8sObject.strings(config.get("targets")))));
		assertThat(targets).contains("postgres-exporter:9187", "redis-exporter:9121", "kafka-exporter:9308");
		Set<String> composeServices = Compose.services(Compose.config(Repository.path("docker-compose.yml"))).keySet();
		List<K8sObject> services = Policies.ofKind(Rendered.overlay("dev"), "Service");
		for (String target : targets) {
			String host = target.substring(0, target.indexOf(':'));
			int port = Integer.parseInt(target.substring(target.indexOf(':') + 1));
			assertThat(composeServices).as("compose service " + host).contains(host);
			assertThat(services).as("Kubernetes Service " + target)
				.anyMatch((service) -> service.name().equals(host) && K8sObject.maps(service.spec().get("ports"))
					.stream()
					.anyMatch((servicePort) -> Integer.valueOf(port).equals(servicePort.get("port"))));
		}
	}

	@Test
	void prometheusScrapesEachApplicationOnTheManagementPortFromItsEurekaMetadata() {
		Map<String, Object> prometheus = asMap(new Yaml().load(Repository.read("prometheus/prometheus.yml")));
		Map<String, Object> relabel = K8sObject.maps(prometheus.get("scrape_configs"))
			.stream()
			.flatMap((job) -> K8sObject.maps(job.get("relabel_configs")).stream())
			.filter((config) -> K8sObject.strings(config.get("source_labels"))
				.contains("__meta_eureka_app_instance_metadata_management_port"))
			.findFirst()
			.orElseThrow();
		assertThat(relabel).containsEntry("target_label", "__address__");
		assertThat(K8sObject.strings(relabel.get("source_labels"))).first().isEqualTo("__address__");
		// Prometheus joins the source labels with ';' and anchors the regex at both ends.
		Pattern regex = Pattern.compile((String) relabel.get("regex"));
		String replacement = (String) relabel.get("replacement");
		Map<String, String> addresses = Map.of("10.1.2.3:8081;8082", "10.1.2.3:8082", "user-service-1:8081;8082",
				"user-service-1:8082", "order-service-2:8091;8092", "order-service-2:8092", "gateway:8080;8079",
				"gateway:8079");
		addresses.forEach((labels, expected) -> {
			Matcher matcher = regex.matcher(labels);
			assertThat(matcher.matches()).as(labels).isTrue();
			assertThat(matcher.replaceFirst(replacement)).as(labels).isEqualTo(expected);
		});
	}

	@Test
	void dashboardsUseTheProvisionedDatasourceUniqueIdsAndFitTheGrid() throws IOException {
		Map<String, Object> provisioning = asMap(
				new Yaml().load(Repository.read("grafana/provisioning/datasources/prometheus.yml")));
		String uid = (String) K8sObject.maps(provisioning.get("datasources")).getFirst().get("uid");
		Set<String> dashboardUids = new HashSet<>();
		try (Stream<Path> dashboards = Files.list(Repository.path("grafana/dashboards"))) {
			for (Path dashboard : dashboards.sorted().toList()) {
				JsonObject json = JsonParser.parseString(Files.readString(dashboard)).getAsJsonObject();
				assertThat(DashboardChecks.problems(json, uid)).as(dashboard.toString()).isEmpty();
				assertThat(dashboardUids.add(json.get("uid").getAsString())).as("unique uid: " + dashboard).isTrue();
			}
		}
		assertThat(dashboardUids).contains("platform-overview", "service-drilldown", "data", "messaging", "jvm");
	}

	@Test
	void eachDashboardCheckBites() {
		assertThat(DashboardChecks.problems(Fixtures.json("dashboard-duplicate-id.json"), "prometheus"))
			.containsExactly("panel id 2 is used twice");
		assertThat(DashboardChecks.problems(Fixtures.json("dashboard-too-wide.json"), "prometheus"))
			.containsExactly("panel 2 'Latency' ends at column 28 of 24");
		assertThat(DashboardChecks.problems(Fixtures.json("dashboard-overlap.json"), "prometheus"))
			.containsExactly("panel 2 'Latency' overlaps panel 1 'Rate'");
		assertThat(DashboardChecks.problems(Fixtures.json("dashboard-wrong-datasource.json"), "prometheus"))
			.containsExactly("panel 1 'Rate' uses datasource uid 'Prometheus'",
					"panel 2 'Latency' query A uses datasource uid 'mimir'",
					"variable 'application' uses datasource uid 'Prometheus'");
		assertThat(DashboardChecks.problems(Fixtures.json("dashboard-no-query.json"), "prometheus"))
			.containsExactly("panel 2 'Latency' has no query");
	}

	private static Map<String, Object> configMapData(List<K8sObject> objects, String prefix) {
		return Policies.ofKind(objects, "ConfigMap")
			.stream()
			.filter((configMap) -> configMap.name().startsWith(prefix + "-"))
			.map((configMap) -> asMap(configMap.content().get("data")))
			.findFirst()
			.orElseThrow();
	}

	/** Every file of a shared directory reaches Kubernetes through its kustomization. */
	private static void assertGeneratorListsEveryFile(String directory) throws IOException {
		Path root = Repository.path(directory);
		Map<String, Object> kustomization = asMap(
				new Yaml().load(Files.readString(root.resolve("kustomization.yaml"))));
		Set<String> listed = new HashSet<>();
		K8sObject.maps(kustomization.get("configMapGenerator")).forEach((generator) -> {
			listed.addAll(K8sObject.strings(generator.get("files")));
			listed.addAll(K8sObject.strings(generator.get("envs")));
		});
		try (Stream<Path> files = Files.walk(root)) {
			List<String> all = files.filter(Files::isRegularFile)
				.map((file) -> root.relativize(file).toString())
				.filter((file) -> !file.equals("kustomization.yaml"))
				.toList();
			assertThat(listed).as(directory + "/kustomization.yaml").containsExactlyInAnyOrderElementsOf(all);
		}
		assertThat(map(kustomization, "generatorOptions")).doesNotContainKey("disableNameSuffixHash");
	}

}
