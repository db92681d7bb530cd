package com.example.platform.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.infra.KafkaAcls;
import com.example.platform.local.Repository;
import org.yaml.snakeyaml.Yaml;

import static com.example.platform.deployment.K8sObject.asMap;

/**
 * What an application does on Kafka according to its own settings (application.yml and
 * the shared topic names of service-defaults), and so which grants it needs: WRITE and
 * CREATE on the topic it publishes and declares, READ on what it consumes, READ, WRITE
 * and CREATE on those topics' dead-letter topics, READ on its consumer group and on its
 * dead-letter replay's group.
 *
 * @param application the application, which is also its Kafka user
 * @param published the topic it publishes, if any
 * @param consumed the topics it consumes (its dead-letter topics)
 * @param group its consumer group
 */
record TopicSettings(String application, String published, List<String> consumed, String group) {

	private static final String SERVICE_DEFAULTS = "shared/service-defaults/src/main/resources/com/example/platform/defaults/service-defaults.yml";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)}");

	/**
	 * Reads an application's settings.
	 * @param application e.g. {@code user-service}
	 * @return its topics and group
	 */
	static TopicSettings of(String application) {
		Map<String, Object> settings = flat(SERVICE_DEFAULTS);
		settings.putAll(flat(application + "/src/main/resources/application.yml"));
		Object consumed = settings.getOrDefault("platform.messaging.dead-letter.topics", List.of());
		List<String> topics = new ArrayList<>();
		for (Object topic : (consumed instanceof List<?> list) ? list : List.of(consumed)) {
			topics.add(resolve(String.valueOf(topic), settings));
		}
		Object published = settings.get("platform.messaging.publishes.topic");
		return new TopicSettings(application, (published != null) ? resolve(String.valueOf(published), settings) : null,
				topics, resolve(String.valueOf(settings.get("spring.kafka.consumer.group-id")), settings));
	}

	/**
	 * The grants these settings need, one entry per operation.
	 * @return e.g. {@code topic user-events WRITE}
	 */
	Set<String> needs() {
		Set<String> needs = new TreeSet<>();
		if (this.published != null) {
			needs.add("topic " + this.published + " WRITE");
			needs.add("topic " + this.published + " CREATE");
		}
		for (String topic : this.consumed) {
			needs.add("topic " + topic + " READ");
			for (String operation : List.of("READ", "WRITE", "CREATE")) {
				needs.add("topic " + topic + ".DLT " + operation);
			}
		}
		if (!this.consumed.isEmpty()) {
			needs.add("group " + this.group + " READ");
			// The replay's own group (MessagingAutoConfiguration's deadLetterReplayer).
			needs.add("group " + this.application + "-dead-letter-replay READ");
		}
		return needs;
	}

	/**
	 * What the declared grants of this application lack or give beyond its needs.
	 * @param declared every declared grant
	 * @return one line per difference; empty when they match exactly
	 */
	List<String> differences(List<KafkaAcls.Grant> declared) {
		Set<String> granted = new TreeSet<>();
		declared.stream()
			.filter((grant) -> grant.user().equals(this.application))
			.forEach((grant) -> grant.operations()
				.forEach((operation) -> granted.add(grant.resource() + " " + grant.name() + " " + operation)));
		List<String> differences = new ArrayList<>();
		Set<String> missing = new LinkedHashSet<>(needs());
		missing.removeAll(granted);
		missing.forEach((need) -> differences.add(this.application + " lacks " + need));
		granted.removeAll(needs());
		granted.forEach((grant) -> differences.add(this.application + " is granted " + grant + " without needing it"));
		return differences;
	}

	private static String resolve(String value, Map<String, Object> settings) {
		Matcher matcher = PLACEHOLDER.matcher(value);
		StringBuilder resolved = new StringBuilder();
		while (matcher.find()) {
			Object replacement = settings.get(matcher.group(1));
			if (replacement == null) {
				throw new IllegalStateException("Cannot resolve " + matcher.group() + " in " + value);
			}
			matcher.appendReplacement(resolved, Matcher.quoteReplacement(String.valueOf(replacement)));
		}
		matcher.appendTail(resolved);
		return resolved.toString();
	}

	private static Map<String, Object> flat(String file) {
		Map<String, Object> flat = new LinkedHashMap<>();
		flatten("", asMap(new Yaml().loadAll(Repository.read(file)).iterator().next()), flat);
		return flat;
	}

	/** Spring's dotted property names for a YAML document's nested keys. */
	static void flatten(String prefix, Map<String, Object> map, Map<String, Object> flat) {
		map.forEach((key, value) -> {
			String name = prefix.isEmpty() ? key : prefix + "." + key;
			if (value instanceof Map<?, ?>) {
				flatten(name, asMap(value), flat);
			}
			else {
				flat.put(name, value);
			}
		});
	}

}
