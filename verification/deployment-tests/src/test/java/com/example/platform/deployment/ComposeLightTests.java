package com.example.platform.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.platform.local.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.example.platform.deployment.K8sObject.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml's two runs (issue 22): the full platform and the light one for a
 * laptop (docs/deploy.md: the same file with the second instances scaled to none),
 * checked on the file as docker-compose resolves it. Light starts exactly one instance of
 * each application, nothing it starts depends on an instance it leaves out or names one
 * without a started one before it (a list tried in order), and neither Prometheus nor a
 * dashboard names one. The memory table in docs/deploy.md gives each container's limit,
 * both runs' totals and each JVM's heap as the limits and the JVM options make them. A
 * defect put back in the compose file, the light command, the Dockerfile or the table is
 * caught.
 */
class ComposeLightTests {

	private static final String DOCS = Repository.read("docs/deploy.md");

	private static final String TABLE_HEADER = "| container | full | light | JVM heap |";

	private static final String NONE = "–";

	private static final Pattern SCALE = Pattern.compile("--scale (\\S+)=0(?!\\d)");

	@TempDir
	Path directory;

	@Test
	void lightStartsOneInstanceOfEachApplicationAndNothingNeedsTheOthers() {
		Set<String> scaledOut = scaledOut(DOCS);
		assertThat(scaledOut).containsExactlyInAnyOrder("user-service-2", "order-service-2");
		assertThat(Compose.applications(light(Compose.demo(), scaledOut))).containsOnlyKeys("discovery", "gateway",
				"user-service-1", "order-service-1");
		assertThat(selectionViolations(Compose.demo(), scaledOut, readByThePlatform())).isEmpty();
	}

	@Test
	void theSmokeRunsLightModeLeavesOutWhatTheDocumentedCommandDoes() {
		Matcher list = Pattern.compile("(?m)^light_scaled_out=\\(([^)]*)\\)$")
			.matcher(Repository.read("scripts/compose-smoke"));
		assertThat(list.find()).as("light_scaled_out in scripts/compose-smoke").isTrue();
		assertThat(Set.of(list.group(1).trim().split("\\s+"))).isEqualTo(scaledOut(DOCS));
	}

	@Test
	void theMemoryTableGivesEachLimitBothTotalsAndEachHeap() {
		assertThat(tableViolations(DOCS, Compose.demo(), Repository.read("Dockerfile"))).isEmpty();
	}

	@Test
	void selectionChecksBiteOnEachDefectPutBack() throws IOException {
		String compose = Repository.read("docker-compose.yml");
		// The gateway waits for the second user-service instance; order-service asks only
		// it for the key set.
		String broken = replaceOnce(compose, "      # Rate limits live in Redis",
				"      user-service-2:\n        condition: service_healthy\n      # Rate limits live in Redis");
		broken = replaceOnce(broken,
				"  PLATFORM_SECURITY_JWKSETURI: https://user-service-1:8081/.well-known/jwks.json,https://user-service-2:8081/.well-known/jwks.json\n",
				"  PLATFORM_SECURITY_JWKSETURI: https://user-service-2:8081/.well-known/jwks.json\n");
		Path file = this.directory.resolve("docker-compose.yml");
		Files.writeString(file, broken);
		// The light command forgets order-service-2; Prometheus scrapes user-service-2 by
		// name.
		String docs = replaceOnce(DOCS, " --scale order-service-2=0", "");
		Map<String, String> files = new LinkedHashMap<>(readByThePlatform());
		files.put("prometheus/prometheus.yml",
				replaceOnce(files.get("prometheus/prometheus.yml"), "      - targets: ['kafka-exporter:9308']",
						"      - targets: ['kafka-exporter:9308', 'user-service-2:8082']"));

		assertThat(selectionViolations(Compose.config(file), scaledOut(docs), files)).containsExactlyInAnyOrder(
				"light starts 2 instances of platform/order-service:0.1.0 ([order-service-1, order-service-2]), not one",
				"gateway: depends on user-service-2, which light does not start",
				"order-service-1: PLATFORM_SECURITY_JWKSETURI names user-service-2, which light does not start, "
						+ "with no started instance of it before",
				"order-service-2: PLATFORM_SECURITY_JWKSETURI names user-service-2, which light does not start, "
						+ "with no started instance of it before",
				"prometheus/prometheus.yml names user-service-2, which light does not start");
		assertThat(selectionViolations(Compose.demo(), Set.of("user-service-1", "user-service-2", "gateway-2"),
				readByThePlatform()))
			.contains("light starts 0 instances of platform/user-service:0.1.0 ([]), not one",
					"the light command scales gateway-2, which docker-compose.yml does not define");
	}

	@Test
	void tableChecksBiteOnEachDefectPutBack() throws IOException {
		Path file = this.directory.resolve("docker-compose.yml");
		Files.writeString(file, replaceOnce(Repository.read("docker-compose.yml"),
				"    mem_limit: 128m\n\n  discovery:", "    mem_limit: 256m\n\n  discovery:"));
		String dockerfile = replaceOnce(Repository.read("Dockerfile"), "-XX:MaxRAMPercentage=60",
				"-XX:MaxRAMPercentage=75");
		String docs = replaceOnce(DOCS, "| loki | 256 MiB | 256 MiB | – |\n", "");
		docs = replaceOnce(docs, "| user-service-2 | 512 MiB | – |", "| user-service-2 | 512 MiB | 512 MiB |");
		docs = replaceOnce(docs, "| kafka | 768 MiB | 768 MiB | max 512 MiB,",
				"| kafka | 768 MiB | 768 MiB | max 1,024 MiB,");

		assertThat(tableViolations(docs, Compose.config(file), dockerfile)).containsExactlyInAnyOrder(
				"redis: the table says full 128 MiB, the resolved file 256 MiB",
				"redis: the table says light 128 MiB, the resolved file 256 MiB",
				"user-service-2: the table says light 512 MiB, the resolved file –", "loki: no row in the table",
				"kafka: the table says JVM heap max 1,024 MiB, initial 256 MiB, the limit and JVM options make it max 512 MiB, initial 256 MiB",
				"discovery: the table says JVM heap max 308 MiB, initial 128 MiB, the limit and JVM options make it max 384 MiB, initial 128 MiB",
				"gateway: the table says JVM heap max 308 MiB, initial 128 MiB, the limit and JVM options make it max 384 MiB, initial 128 MiB",
				"user-service-1: the table says JVM heap max 308 MiB, initial 128 MiB, the limit and JVM options make it max 384 MiB, initial 128 MiB",
				"user-service-2: the table says JVM heap max 308 MiB, initial 128 MiB, the limit and JVM options make it max 384 MiB, initial 128 MiB",
				"order-service-1: the table says JVM heap max 308 MiB, initial 128 MiB, the limit and JVM options make it max 384 MiB, initial 128 MiB",
				"order-service-2: the table says JVM heap max 308 MiB, initial 128 MiB, the limit and JVM options make it max 384 MiB, initial 128 MiB",
				"total: the table says full 6,144 MiB, the limits add up to 6,272 MiB",
				"total: the table says light 5,120 MiB, the limits add up to 5,248 MiB");
	}

	/**
	 * The services the light command in docs/deploy.md scales to none: its one
	 * {@code docker compose up} line with {@code --scale}.
	 */
	static Set<String> scaledOut(String docs) {
		List<String> commands = docs.lines()
			.filter((line) -> line.startsWith("docker compose up") && line.contains("--scale"))
			.toList();
		assertThat(commands).as("the light command in docs/deploy.md").hasSize(1);
		Set<String> names = new TreeSet<>();
		SCALE.matcher(commands.get(0)).results().forEach((result) -> names.add(result.group(1)));
		return names;
	}

	static Map<String, Map<String, Object>> light(Map<String, Object> config, Set<String> scaledOut) {
		Map<String, Map<String, Object>> services = Compose.services(config);
		services.keySet().removeAll(scaledOut);
		return services;
	}

	/**
	 * What keeps the light run from being one instance of each application that needs
	 * nothing it leaves out; empty when nothing does.
	 * @param config the resolved compose file
	 * @param scaledOut the services light scales to none
	 * @param files files the platform reads, by path, that must name no left-out service
	 */
	static List<String> selectionViolations(Map<String, Object> config, Set<String> scaledOut,
			Map<String, String> files) {
		List<String> violations = new ArrayList<>();
		Map<String, Map<String, Object>> services = Compose.services(config);
		scaledOut.stream()
			.filter((name) -> !services.containsKey(name))
			.forEach((name) -> violations
				.add("the light command scales " + name + ", which docker-compose.yml does not define"));
		Map<String, Map<String, Object>> light = light(config, scaledOut);
		Map<String, List<String>> instances = new TreeMap<>();
		Compose.applications(services)
			.forEach((name, service) -> instances.computeIfAbsent(String.valueOf(service.get("image")),
					(image) -> new ArrayList<>()));
		Compose.applications(light)
			.forEach((name, service) -> instances.get(String.valueOf(service.get("image"))).add(name));
		instances.forEach((image, names) -> {
			if (names.size() != 1) {
				violations.add("light starts " + names.size() + " instances of " + image + " (" + names + "), not one");
			}
		});
		Set<String> absent = new TreeSet<>(scaledOut);
		absent.retainAll(services.keySet());
		light.forEach((name, service) -> {
			map(service, "depends_on").keySet()
				.stream()
				.filter(absent::contains)
				.forEach((dependency) -> violations
					.add(name + ": depends on " + dependency + ", which light does not start"));
			Compose.environment(service).forEach((key, value) -> {
				for (String missing : absent) {
					Matcher named = host(missing).matcher(value);
					if (named.find() && !startedBefore(value, named.start(), missing, services, light)) {
						violations.add(name + ": " + key + " names " + missing
								+ ", which light does not start, with no started instance of it before");
					}
				}
			});
		});
		files.forEach((path, text) -> absent.stream()
			.filter((missing) -> host(missing).matcher(text).find())
			.forEach((missing) -> violations.add(path + " names " + missing + ", which light does not start")));
		return violations;
	}

	/**
	 * What the table in docs/deploy.md says differently from the resolved file: each
	 * container's limit in the full and the light run, both totals, each JVM's heap.
	 */
	static List<String> tableViolations(String docs, Map<String, Object> config, String dockerfile) {
		List<String> violations = new ArrayList<>();
		Map<String, List<String>> rows = table(docs);
		Set<String> scaledOut = scaledOut(docs);
		Map<String, Map<String, Object>> services = Compose.services(config);
		long full = 0;
		long light = 0;
		for (Map.Entry<String, Map<String, Object>> entry : services.entrySet()) {
			String name = entry.getKey();
			long limit = Compose.bytes(String.valueOf(entry.getValue().get("mem_limit")));
			full += limit;
			light += scaledOut.contains(name) ? 0 : limit;
			List<String> row = rows.remove(name);
			if (row == null) {
				violations.add(name + ": no row in the table");
				continue;
			}
			compare(violations, name, "full", row.get(0), mebibytes(limit), "the resolved file");
			compare(violations, name, "light", row.get(1), scaledOut.contains(name) ? NONE : mebibytes(limit),
					"the resolved file");
			compare(violations, name, "JVM heap", row.get(2), heap(entry.getValue(), limit, dockerfile),
					"the limit and JVM options make it");
		}
		List<String> total = rows.remove("total");
		if (total == null) {
			violations.add("the table has no total row");
		}
		else {
			compare(violations, "total", "full", total.get(0), mebibytes(full), "the limits add up to");
			compare(violations, "total", "light", total.get(1), mebibytes(light), "the limits add up to");
		}
		rows.keySet().forEach((name) -> violations.add(name + ": in the table, not in docker-compose.yml"));
		return violations;
	}

	private static void compare(List<String> violations, String name, String column, String documented, String actual,
			String source) {
		if (!documented.equals(actual)) {
			violations.add(name + ": the table says " + column + " " + documented + ", " + source + " " + actual);
		}
	}

	/**
	 * The table's rows by container: full, light, JVM heap, without markdown emphasis.
	 */
	private static Map<String, List<String>> table(String docs) {
		int start = docs.indexOf(TABLE_HEADER);
		assertThat(start).as("the memory table in docs/deploy.md (%s)", TABLE_HEADER).isNotNegative();
		Map<String, List<String>> rows = new LinkedHashMap<>();
		docs.substring(start).lines().skip(2).takeWhile((line) -> line.startsWith("|")).forEach((line) -> {
			List<String> cells = Stream.of(line.substring(1, line.length() - 1).split("\\|", -1))
				.map((cell) -> cell.replace("**", "").trim())
				.toList();
			rows.put(cells.get(0), cells.subList(1, cells.size()));
		});
		return rows;
	}

	/**
	 * The heap a container's JVM gets: the applications' from the Dockerfile's
	 * percentages of the limit, rounded up to the JVM's heap alignment, Kafka's from
	 * {@code KAFKA_HEAP_OPTS}.
	 */
	private static String heap(Map<String, Object> service, long limit, String dockerfile) {
		if (service.containsKey("build")) {
			return heap(aligned(limit * percentage(dockerfile, "MaxRAMPercentage") / 100),
					aligned(limit * percentage(dockerfile, "InitialRAMPercentage") / 100));
		}
		String options = Compose.environment(service).get("KAFKA_HEAP_OPTS");
		if (options != null) {
			return heap(option(options, "-Xmx"), option(options, "-Xms"));
		}
		return NONE;
	}

	/**
	 * A heap size as the JVM sets it: a multiple of 2 MiB on x86-64 (one card table page:
	 * 512-byte cards, 4 KiB pages). Measured in the image with a 512 MiB limit: 60 %
	 * (307.2 MiB) gives MaxHeapSize 322961408, 308 MiB.
	 */
	private static long aligned(long bytes) {
		long alignment = 2L << 20;
		return (bytes + alignment - 1) / alignment * alignment;
	}

	private static String heap(long max, long initial) {
		return "max " + mebibytes(max) + ", initial " + mebibytes(initial);
	}

	private static long percentage(String dockerfile, String flag) {
		Matcher value = Pattern.compile("(?m)^ENTRYPOINT .*\"-XX:" + flag + "=(\\d+)\"").matcher(dockerfile);
		assertThat(value.find()).as("-XX:%s in the Dockerfile's ENTRYPOINT", flag).isTrue();
		return Long.parseLong(value.group(1));
	}

	private static long option(String options, String flag) {
		Matcher value = Pattern.compile(Pattern.quote(flag) + "(\\S+)").matcher(options);
		assertThat(value.find()).as("%s in %s", flag, options).isTrue();
		return Compose.bytes(value.group(1));
	}

	private static String mebibytes(long bytes) {
		return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
	}

	/** A service named as a host: not part of a longer name. */
	private static Pattern host(String service) {
		return Pattern.compile("(?<![\\w.-])" + Pattern.quote(service) + "(?![\\w-])");
	}

	/** Whether a started instance of the same image is named before {@code at}. */
	private static boolean startedBefore(String value, int at, String missing,
			Map<String, Map<String, Object>> services, Map<String, Map<String, Object>> light) {
		Object image = services.get(missing).get("image");
		return light.entrySet()
			.stream()
			.filter((started) -> image.equals(started.getValue().get("image")))
			.anyMatch((started) -> {
				Matcher named = host(started.getKey()).matcher(value);
				return named.find() && named.start() < at;
			});
	}

	/** Files the platform's monitoring reads, by path. */
	private static Map<String, String> readByThePlatform() {
		Map<String, String> files = new LinkedHashMap<>();
		for (String path : List.of("prometheus/prometheus.yml", "prometheus/alert-rules.yml",
				"prometheus/recording-rules.yml")) {
			files.put(path, Repository.read(path));
		}
		try (Stream<Path> dashboards = Files.list(Repository.path("grafana/dashboards"))) {
			dashboards.sorted()
				.forEach((dashboard) -> files.put("grafana/dashboards/" + dashboard.getFileName(),
						Repository.read("grafana/dashboards/" + dashboard.getFileName())));
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
		return files;
	}

	private static String replaceOnce(String text, String defect, String replacement) {
		assertThat(text).as("the file as the defect expects it").contains(defect);
		int at = text.indexOf(defect);
		return text.substring(0, at) + replacement + text.substring(at + defect.length());
	}

}
