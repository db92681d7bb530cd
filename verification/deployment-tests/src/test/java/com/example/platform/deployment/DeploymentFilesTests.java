package com.example.platform.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
		assertThat(bases.getLast()).as("the runtime stage runs the Temurin patch the build stage compiled with")
			.isEqualTo(bases.getFirst().replaceAll("-jdk$", "-jre"));
		assertThat(DOCKERFILE).contains("./mvnw", "-Djarmode=tools", "extract --layers", "-XX:AOTCacheOutput=app.aot",
				"\"-XX:AOTCache=app.aot\"");
		// Without an initial heap, in a 512 MB container the Serial collector's first old
		// generation is smaller than order-service's archived heap objects, and the JVM
		// refuses to start with the cache.
		assertThat(DOCKERFILE).as("the runtime JVM's initial heap").contains("\"-XX:InitialRAMPercentage=25\"");
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
	void telemetryImagesArePinnedToCurrentReleasesAndTheSameInComposeAndKubernetes() {
		Map<String, String> compose = new TreeMap<>();
		Compose.services(Compose.config(Repository.path("docker-compose.yml")))
			.values()
			.forEach((service) -> compose.put(Images.shortName((String) service.get("image")),
					Images.tag((String) service.get("image"))));
		// Full versions, never a floating major or minor tag; that Kubernetes runs
		// the same ones is composeAndKubernetesUseTheSamePinnedImages' check.
		assertThat(compose)
			.hasEntrySatisfying("opentelemetry-collector-contrib", (tag) -> assertThat(tag).matches("0\\.\\d+\\.\\d+"))
			.hasEntrySatisfying("jaeger", (tag) -> assertThat(tag).matches("2\\.\\d+\\.\\d+"))
			.hasEntrySatisfying("loki", (tag) -> assertThat(tag).matches("3\\.\\d+\\.\\d+"))
			.hasEntrySatisfying("prometheus", (tag) -> assertThat(tag).matches("v3\\.\\d+\\.\\d+"))
			.hasEntrySatisfying("grafana", (tag) -> assertThat(tag).matches("1[23]\\.\\d+\\.\\d+"))
			.doesNotContainKey("all-in-one");
	}

	@Test
	void collectorPipelinesUseDefinedComponentsAndReachJaegerAndLoki() {
		Map<String, Object> collector = yaml("deploy/config/telemetry/otel-collector.yml");
		Map<String, Object> jaeger = yaml("deploy/config/telemetry/jaeger.yml");
		Map<String, Object> loki = yaml("deploy/config/telemetry/loki.yml");
		assertThat(CollectorConfig.problems(collector)).isEmpty();
		assertThat(CollectorConfig.problems(jaeger)).isEmpty();
		// Traces go to Jaeger's OTLP/gRPC receiver, logs to Loki's OTLP endpoint, by the
		// names and ports compose and Kubernetes give them.
		assertThat(CollectorConfig.exporters(collector, "traces")).containsExactly("otlp_grpc/jaeger");
		assertThat(CollectorConfig.exporters(collector, "logs")).containsExactly("otlp_http/loki");
		String jaegerPort = port(
				(String) map(map(map(map(jaeger, "receivers"), "otlp"), "protocols"), "grpc").get("endpoint"));
		assertThat(map(map(collector, "exporters"), "otlp_grpc/jaeger")).containsEntry("endpoint",
				"jaeger:" + jaegerPort);
		assertThat(map(map(collector, "exporters"), "otlp_http/loki")).containsEntry("endpoint",
				"http://loki:" + map(loki, "server").get("http_listen_port") + "/otlp");
		// The applications send to the Collector's OTLP/HTTP receiver.
		String receiver = port(
				(String) map(map(map(map(collector, "receivers"), "otlp"), "protocols"), "http").get("endpoint"));
		for (String application : List.of("gateway", "user-service", "order-service")) {
			String env = Repository.read("deploy/config/" + application + ".env");
			assertThat(env).as(application)
				.contains("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT=http://otel-collector:" + receiver
						+ "/v1/traces")
				.contains("MANAGEMENT_OPENTELEMETRY_LOGGING_EXPORT_OTLP_ENDPOINT=http://otel-collector:" + receiver
						+ "/v1/logs");
		}
		List<K8sObject> services = Policies.ofKind(Rendered.overlay("dev"), "Service");
		Map<String, Integer> expected = Map.of("otel-collector", Integer.parseInt(receiver), "jaeger",
				Integer.parseInt(jaegerPort), "loki", (Integer) map(loki, "server").get("http_listen_port"));
		expected.forEach((host, port) -> assertThat(services).as("Kubernetes Service " + host + ":" + port)
			.anyMatch((service) -> service.name().equals(host) && K8sObject.maps(service.spec().get("ports"))
				.stream()
				.anyMatch((servicePort) -> port.equals(servicePort.get("port")))));
		assertThat(Compose.services(Compose.config(Repository.path("docker-compose.yml"))))
			.containsKeys(expected.keySet().toArray(String[]::new));
	}

	@Test
	void collectorCheckBites() {
		Map<String, Object> broken = asMap(new Yaml()
			.load(Repository.read("verification/deployment-tests/src/test/resources/broken/collector-broken.yml")));
		assertThat(CollectorConfig.problems(broken)).containsExactlyInAnyOrder(
				"pipeline traces uses processors memory_limiter, which is not defined",
				"pipeline traces uses exporters otlp_grpc/jeager, which is not defined",
				"pipeline logs has no exporters", "service uses extension pprof, which is not defined",
				"receivers zipkin is defined but no pipeline uses it",
				"exporters otlp_grpc/jaeger is defined but no pipeline uses it");
	}

	private static Map<String, Object> yaml(String path) {
		return asMap(new Yaml().load(Repository.read(path)));
	}

	private static String port(String endpoint) {
		return endpoint.substring(endpoint.lastIndexOf(':') + 1);
	}

	@Test
	void kubernetesConfigMapsAreGeneratedFromTheFilesComposeUsesWithNoCopies() throws IOException {
		assertGeneratorListsEveryFile("prometheus");
		assertGeneratorListsEveryFile("grafana");
		assertGeneratorListsEveryFile("deploy/config");
		String compose = Repository.read("docker-compose.yml");
		assertThat(compose).contains("./prometheus:/etc/prometheus:ro",
				"./grafana/provisioning:/etc/grafana/provisioning:ro",
				"./grafana/dashboards:/etc/grafana/dashboards:ro", "./deploy/config/postgres/init-primary.sh:",
				"./deploy/config/postgres/start-replica.sh:", "env_file: deploy/config/kafka.env",
				"./deploy/config/telemetry/otel-collector.yml:", "./deploy/config/telemetry/jaeger.yml:",
				"./deploy/config/telemetry/loki.yml:");
		List<K8sObject> dev = Rendered.overlay("dev");
		assertThat(Policies.configMapData(dev, "prometheus-config")).containsEntry("prometheus.yml",
				Repository.read("prometheus/prometheus.yml"));
		assertThat(Policies.configMapData(dev, "grafana-dashboards")).containsEntry("platform-overview.json",
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
			.satisfies((sd) -> assertThat(sd).containsEntry("server", "https://discovery:8761/eureka")));
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
		Map<String, String> datasources = Datasources
			.types(Datasources.load(Repository.path("grafana/provisioning/datasources")));
		assertThat(datasources).containsEntry("prometheus", "prometheus")
			.containsEntry("jaeger", "jaeger")
			.containsEntry("loki", "loki");
		Set<String> dashboardUids = new HashSet<>();
		try (Stream<Path> dashboards = Files.list(Repository.path("grafana/dashboards"))) {
			for (Path dashboard : dashboards.sorted().toList()) {
				JsonObject json = JsonParser.parseString(Files.readString(dashboard)).getAsJsonObject();
				assertThat(DashboardChecks.problems(json, datasources)).as(dashboard.toString()).isEmpty();
				assertThat(dashboardUids.add(json.get("uid").getAsString())).as("unique uid: " + dashboard).isTrue();
			}
		}
		assertThat(dashboardUids).contains("platform-overview", "service-drilldown", "data", "messaging", "jvm");
	}

	@Test
	void metricsTracesAndLogsLinkToEachOtherThroughProvisionedUniqueIds() {
		List<Map<String, Object>> datasources = Datasources.load(Repository.path("grafana/provisioning/datasources"));
		assertThat(Datasources.deadLinks(datasources)).isEmpty();
		assertThat(Datasources.links(datasources).stream().map(Datasources.Link::toString)).containsExactlyInAnyOrder(
				"prometheus exemplar -> jaeger", "loki derived field -> jaeger", "jaeger traces to logs -> loki");
		// The names the links match on are the ones the pipeline writes: Micrometer's
		// exemplar label, and the structured metadata Loki makes of an OTLP record's
		// trace id.
		Map<String, Map<String, Object>> byUid = new TreeMap<>();
		datasources.forEach((datasource) -> byUid.put((String) datasource.get("uid"), datasource));
		assertThat(K8sObject.maps(map(byUid.get("prometheus"), "jsonData").get("exemplarTraceIdDestinations")))
			.singleElement()
			.satisfies((destination) -> assertThat(destination).containsEntry("name", "trace_id"));
		assertThat(K8sObject.maps(map(byUid.get("loki"), "jsonData").get("derivedFields"))).singleElement()
			.satisfies((field) -> assertThat(field).containsEntry("matcherType", "label")
				.containsEntry("matcherRegex", "trace_id"));
		assertThat(map(map(byUid.get("jaeger"), "jsonData"), "tracesToLogsV2").get("query")).asString()
			.contains("trace_id=\"$${__trace.traceId}\"");
		assertThat(Datasources.deadLinks(List.of(Map.of("uid", "prometheus", "type", "prometheus", "jsonData",
				Map.of("exemplarTraceIdDestinations", List.of(Map.of("name", "trace_id", "datasourceUid", "tempo")))))))
			.containsExactly("prometheus exemplar -> tempo");
	}

	// Grafana's exemplar -> trace link needs exemplars in Prometheus: stored (a feature
	// flag still in Prometheus 3) and sent (service-defaults excludes Boot's exemplars,
	// which the deployed applications' env files clear).
	@Test
	void prometheusStoresTheExemplarsTheApplicationsSendWhereGrafanaLinksThemToTraces() {
		Map<String, Object> compose = new Yaml().load(Repository.read("docker-compose.yml"));
		assertThat(storesExemplars(K8sObject.strings(map(map(compose, "services"), "prometheus").get("command"))))
			.as("compose's Prometheus")
			.isTrue();
		for (String overlay : Kustomize.OVERLAYS) {
			assertThat(Policies.workloads(Rendered.overlay(overlay)))
				.filteredOn((workload) -> "prometheus".equals(workload.name()))
				.singleElement()
				.satisfies((prometheus) -> assertThat(
						storesExemplars(K8sObject.strings(prometheus.containers().getFirst().get("args"))))
					.as(overlay + "'s Prometheus")
					.isTrue());
		}
		for (String application : List.of("gateway", "user-service", "order-service")) {
			assertThat(RuntimeDefects.env(Repository.read("deploy/config/" + application + ".env")))
				.as(application + " clears service-defaults' exclusion of Boot's Prometheus exemplars")
				.containsEntry("SPRING_AUTOCONFIGURE_EXCLUDE", "");
		}
		assertThat(storesExemplars(List.of("--config.file=/etc/prometheus/prometheus.yml"))).isFalse();
		assertThat(storesExemplars(List.of("--enable-feature=native-histograms,exemplar-storage"))).isTrue();
	}

	private static boolean storesExemplars(List<String> arguments) {
		return arguments.stream()
			.filter((argument) -> argument.startsWith("--enable-feature="))
			.flatMap((argument) -> Stream.of(argument.substring("--enable-feature=".length()).split(",")))
			.anyMatch("exemplar-storage"::equals);
	}

	@Test
	void eachDashboardCheckBites() {
		Map<String, String> datasources = Map.of("prometheus", "prometheus", "loki", "loki");
		assertThat(DashboardChecks.problems(Fixtures.json("dashboard-duplicate-id.json"), datasources))
			.containsExactly("panel id 2 is used twice");
		assertThat(DashboardChecks.problems(Fixtures.json("dashboard-too-wide.json"), datasources))
			.containsExactly("panel 2 'Latency' ends at column 28 of 24");
		assertThat(DashboardChecks.problems(Fixtures.json("dashboard-overlap.json"), datasources))
			.containsExactly("panel 2 'Latency' overlaps panel 1 'Rate'");
		assertThat(DashboardChecks.problems(Fixtures.json("dashboard-wrong-datasource.json"), datasources))
			.containsExactly("panel 1 'Rate' uses datasource uid 'Prometheus'",
					"panel 2 'Latency' query A uses datasource uid 'mimir'",
					"variable 'application' uses datasource uid 'Prometheus'");
		assertThat(DashboardChecks.problems(Fixtures.json("dashboard-no-query.json"), datasources))
			.containsExactly("panel 2 'Latency' has no query");
		assertThat(DashboardChecks.problems(Fixtures.json("dashboard-datasource-type.json"), datasources))
			.containsExactly("panel 1 'Logs' says datasource 'loki' is of type 'prometheus', it is 'loki'",
					"panel 2 'Rate' query A uses datasource uid 'loki', its panel 'prometheus'");
	}

	@Test
	void serviceDashboardShowsEachServicesLogsFromLoki() throws IOException {
		JsonObject dashboard = JsonParser
			.parseString(Files.readString(Repository.path("grafana/dashboards/service-drilldown.json")))
			.getAsJsonObject();
		List<JsonObject> logs = new ArrayList<>();
		dashboard.getAsJsonArray("panels").forEach((panel) -> {
			if ("logs".equals(panel.getAsJsonObject().get("type").getAsString())) {
				logs.add(panel.getAsJsonObject());
			}
		});
		assertThat(logs).singleElement().satisfies((panel) -> {
			assertThat(panel.getAsJsonObject("datasource").get("uid").getAsString()).isEqualTo("loki");
			// service_name is the label Loki makes of the OTLP resource's service.name,
			// which Spring Boot sets to spring.application.name.
			assertThat(panel.getAsJsonArray("targets").get(0).getAsJsonObject().get("expr").getAsString())
				.isEqualTo("{service_name=\"$application\"}");
		});
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
