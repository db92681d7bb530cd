package com.example.platform.infra;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The passwords of the embedded servers: none of them lets anyone in without one. The
 * user names are fixed ({@link PostgresServer#SUPERUSER},
 * {@link PostgresServer#REPLICATION_USER}, {@link RedisServer#APPLICATION_USER},
 * {@link RedisServer#ADMIN_USER}, {@link KafkaBroker#ADMIN_USER}, and Kafka's users of
 * {@link KafkaAcls#declared()}, one per application); services' database roles get theirs
 * from {@link PostgresServer#createDatabase}.
 *
 * @param postgresPassword the PostgreSQL superuser's password, for administering the
 * servers (creating databases, watching the replicas)
 * @param replicationPassword the password the replicas stream from the primary with
 * @param redisPassword the applications' Redis user's password
 * @param redisAdminPassword Redis's administrator's password (every command)
 * @param kafkaPasswords each Kafka user's password (SASL/SCRAM-SHA-512), by user: one for
 * every user of {@link KafkaAcls#declared()}
 * @param kafkaAdminPassword Kafka's administrator's password (super user)
 */
public record InfrastructureCredentials(String postgresPassword, String replicationPassword, String redisPassword,
		String redisAdminPassword, Map<String, String> kafkaPasswords, String kafkaAdminPassword) {

	private static final SecureRandom random = new SecureRandom();

	public InfrastructureCredentials {
		requireHex(postgresPassword, "postgresPassword");
		requireHex(replicationPassword, "replicationPassword");
		requireHex(redisPassword, "redisPassword");
		requireHex(redisAdminPassword, "redisAdminPassword");
		kafkaPasswords = Map.copyOf(kafkaPasswords);
		kafkaPasswords.forEach((user, password) -> requireHex(password, "kafkaPasswords[" + user + "]"));
		requireHex(kafkaAdminPassword, "kafkaAdminPassword");
	}

	/**
	 * Fresh random passwords, for servers that live as long as one test JVM.
	 * @return the credentials
	 */
	public static InfrastructureCredentials random() {
		Map<String, String> kafkaPasswords = new LinkedHashMap<>();
		KafkaAcls.declared().users().forEach((user) -> kafkaPasswords.put(user, randomPassword()));
		return new InfrastructureCredentials(randomPassword(), randomPassword(), randomPassword(), randomPassword(),
				kafkaPasswords, randomPassword());
	}

	/**
	 * A Kafka user's password.
	 * @param user the user, e.g. {@code user-service}
	 * @return its password
	 * @throws IllegalArgumentException when the user has none here
	 */
	public String kafkaPassword(String user) {
		String password = this.kafkaPasswords.get(user);
		if (password == null) {
			throw new IllegalArgumentException("No Kafka password for user " + user + "; the users are those of "
					+ "deploy/config/kafka/acls.txt: " + this.kafkaPasswords.keySet());
		}
		return password;
	}

	/**
	 * A new password in the form every server here accepts.
	 * @return 48 hex digits
	 */
	public static String randomPassword() {
		byte[] value = new byte[24];
		random.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

	/**
	 * Hex only: the passwords are written into a PostgreSQL connection string, a Redis
	 * ACL line and a JAAS configuration, where quotes, spaces or backslashes would need
	 * escaping each in its own way.
	 */
	private static void requireHex(String password, String name) {
		if (password == null || password.length() < 16 || !password.matches("[0-9a-f]+")) {
			throw new IllegalArgumentException(name + " must be at least 16 lower-case hex digits");
		}
	}

	@Override
	public String toString() {
		return "InfrastructureCredentials[****]";
	}

}
