package com.example.platform.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each Kafka user may do: the platform's one list of grants,
 * {@code deploy/config/kafka/acls.txt}, which compose and Kubernetes apply with
 * {@code kafka-acls.sh} (start-kafka.sh) and the embedded broker through the admin API.
 * The build packs the file beside this class, so the local run and the tests use the very
 * grants the deployments do.
 *
 * @param grants the grants, in the file's order
 */
public record KafkaAcls(List<Grant> grants) {

	/** Where the build puts {@code deploy/config/kafka/acls.txt}. */
	static final String RESOURCE = "kafka/acls.txt";

	public KafkaAcls {
		grants = List.copyOf(grants);
	}

	/**
	 * The platform's grants.
	 * @return the grants of {@code deploy/config/kafka/acls.txt}
	 */
	public static KafkaAcls declared() {
		try (InputStream in = KafkaAcls.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is missing beside " + KafkaAcls.class.getName()
						+ ": the build copies it from deploy/config/kafka/acls.txt");
			}
			return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + RESOURCE, ex);
		}
	}

	/**
	 * Reads grants in the file's format: one per line, {@code user resource name
	 * operations}, where resource is {@code topic} or {@code group}, name is literal (or
	 * {@code *} for all) and operations are comma-separated ({@code READ,WRITE}); blank
	 * lines and lines starting with {@code #} are skipped.
	 * @param text the file's content
	 * @return the grants
	 * @throws IllegalArgumentException for a line that does not fit
	 */
	public static KafkaAcls parse(String text) {
		List<Grant> grants = new ArrayList<>();
		for (String line : text.lines().map(String::strip).toList()) {
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			String[] fields = line.split("\\s+");
			if (fields.length != 4) {
				throw new IllegalArgumentException("Expected 'user resource name operations': " + line);
			}
			grants.add(new Grant(fields[0], fields[1], fields[2],
					new LinkedHashSet<>(Arrays.asList(fields[3].split(",")))));
		}
		return new KafkaAcls(grants);
	}

	/**
	 * Every user with a grant: each gets a SCRAM credential of its own.
	 * @return the users, in the file's order
	 */
	public Set<String> users() {
		Set<String> users = new LinkedHashSet<>();
		this.grants.forEach((grant) -> users.add(grant.user()));
		return users;
	}

	/**
	 * The grants as the broker stores them: one ALLOW binding per operation, from any
	 * host.
	 * @return the bindings
	 */
	public Set<AclBinding> bindings() {
		Set<AclBinding> bindings = new LinkedHashSet<>();
		for (Grant grant : this.grants) {
			ResourcePattern pattern = new ResourcePattern(grant.resourceType(), grant.name(), PatternType.LITERAL);
			for (AclOperation operation : grant.aclOperations()) {
				bindings.add(new AclBinding(pattern,
						new AccessControlEntry("User:" + grant.user(), "*", operation, AclPermissionType.ALLOW)));
			}
		}
		return bindings;
	}

	/**
	 * One line of the list.
	 *
	 * @param user the SCRAM user
	 * @param resource {@code topic} or {@code group}
	 * @param name the topic's or group's literal name, or {@code *} for every one
	 * @param operations what the user may do on it, e.g. {@code READ}
	 */
	public record Grant(String user, String resource, String name, Set<String> operations) {

		public Grant {
			operations = Set.copyOf(operations);
			if (!user.matches("[a-z][a-z0-9-]*")) {
				throw new IllegalArgumentException("A user is lower-case letters, digits and '-': " + user);
			}
			resourceType(resource);
			operations.forEach(Grant::operation);
		}

		ResourceType resourceType() {
			return resourceType(this.resource);
		}

		List<AclOperation> aclOperations() {
			return this.operations.stream().map(Grant::operation).sorted().toList();
		}

		private static ResourceType resourceType(String resource) {
			return switch (resource) {
				case "topic" -> ResourceType.TOPIC;
				case "group" -> ResourceType.GROUP;
				default -> throw new IllegalArgumentException("A grant is on a topic or a group, not " + resource);
			};
		}

		private static AclOperation operation(String name) {
			AclOperation operation = AclOperation.fromString(name.toUpperCase(Locale.ROOT));
			if (operation == AclOperation.UNKNOWN || operation == AclOperation.ANY || operation == AclOperation.ALL
					|| !name.equals(name.toUpperCase(Locale.ROOT))) {
				throw new IllegalArgumentException("Not a single operation in upper case: " + name);
			}
			return operation;
		}

	}

}
