package com.example.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.example.platform.infra.InfrastructureCredentials;
import com.example.platform.infra.KafkaAcls;

/**
 * The local run's credentials, generated on first use into {@code <work-dir>/secrets/}
 * (one file each, readable by the owner only) and reused by later runs, so tokens and the
 * administrator's password survive a restart. Nothing here is committed: a fresh clone,
 * or {@code --clean}, gets new ones.
 *
 * @param signingKey the RSA key user-service signs tokens with
 * @param admin the administrator user-service creates at start-up
 * @param orderServiceClientSecret the secret order-service authenticates to user-service
 * with
 * @param idempotencyFingerprintSecret the key both services fingerprint idempotent
 * request bodies with
 * @param eurekaPassword the registry's password (user {@value #EUREKA_USERNAME}), which
 * every application and Prometheus present to Eureka
 * @param infrastructure the data stores' passwords: PostgreSQL's superuser and
 * replication role, Redis's users, Kafka's administrator and one Kafka user per
 * application ({@link #kafkaPasswordFile}); the services' database roles get a new
 * password at every start instead
 */
record DevSecrets(SigningKey signingKey, AdminCredentials admin, String orderServiceClientSecret,
		String idempotencyFingerprintSecret, String eurekaPassword, InfrastructureCredentials infrastructure) {

	static final String EUREKA_USERNAME = "eureka";

	static final String EUREKA_PASSWORD_FILE = "eureka-password";

	static final String POSTGRES_PASSWORD_FILE = "postgres-password";

	static final String REPLICATION_PASSWORD_FILE = "postgres-replication-password";

	static final String REDIS_PASSWORD_FILE = "redis-password";

	static final String REDIS_ADMIN_PASSWORD_FILE = "redis-admin-password";

	static final String KAFKA_ADMIN_PASSWORD_FILE = "kafka-admin-password";

	static final String ADMIN_EMAIL = "admin@platform.local";

	static final String ORDER_SERVICE_CLIENT_ID = "order-service";

	static final String KEY_ID_FILE = "signing-key-id";

	static final String KEY_FILE = "signing-key";

	static final String ADMIN_EMAIL_FILE = "admin-email";

	static final String ADMIN_PASSWORD_FILE = "admin-password";

	static final String CLIENT_SECRET_FILE = "order-service-client-secret";

	static final String FINGERPRINT_SECRET_FILE = "idempotency-fingerprint-secret";

	private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final SecureRandom random = new SecureRandom();

	/**
	 * Reads the secrets from a directory, generating any that are missing.
	 * @param directory {@code <work-dir>/secrets}
	 * @return the secrets
	 */
	static DevSecrets loadOrCreate(Path directory) {
		try {
			createPrivateDirectory(directory);
			String keyId = readOrCreate(directory.resolve(KEY_ID_FILE), () -> "local-" + randomHex(4));
			String key = readOrCreate(directory.resolve(KEY_FILE), () -> SigningKey.generate(keyId).base64());
			String email = readOrCreate(directory.resolve(ADMIN_EMAIL_FILE), () -> ADMIN_EMAIL);
			// Hex: long enough for any password policy, and it cannot contain the email.
			String password = readOrCreate(directory.resolve(ADMIN_PASSWORD_FILE), () -> randomHex(16));
			String clientSecret = readOrCreate(directory.resolve(CLIENT_SECRET_FILE), () -> randomHex(24));
			String fingerprintSecret = readOrCreate(directory.resolve(FINGERPRINT_SECRET_FILE), () -> randomHex(32));
			// Hex: it travels in the registry URL's user info.
			String eurekaPassword = readOrCreate(directory.resolve(EUREKA_PASSWORD_FILE), () -> randomHex(24));
			// One Kafka user per grantee of deploy/config/kafka/acls.txt.
			Map<String, String> kafkaPasswords = new LinkedHashMap<>();
			for (String user : KafkaAcls.declared().users()) {
				kafkaPasswords.put(user, readOrCreate(directory.resolve(kafkaPasswordFile(user)),
						InfrastructureCredentials::randomPassword));
			}
			// The superuser's password is baked into the kept database: losing the file
			// means starting over with --clean.
			InfrastructureCredentials infrastructure = new InfrastructureCredentials(
					readOrCreate(directory.resolve(POSTGRES_PASSWORD_FILE), InfrastructureCredentials::randomPassword),
					readOrCreate(directory.resolve(REPLICATION_PASSWORD_FILE),
							InfrastructureCredentials::randomPassword),
					readOrCreate(directory.resolve(REDIS_PASSWORD_FILE), InfrastructureCredentials::randomPassword),
					readOrCreate(directory.resolve(REDIS_ADMIN_PASSWORD_FILE),
							InfrastructureCredentials::randomPassword),
					kafkaPasswords, readOrCreate(directory.resolve(KAFKA_ADMIN_PASSWORD_FILE),
							InfrastructureCredentials::randomPassword));
			return new DevSecrets(SigningKey.of(keyId, key), new AdminCredentials(email, password), clientSecret,
					fingerprintSecret, eurekaPassword, infrastructure);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the local secrets in " + directory, ex);
		}
	}

	/**
	 * The file of a Kafka user's password.
	 * @param user the user, e.g. {@code user-service}
	 * @return {@code kafka-<user>-password}
	 */
	static String kafkaPasswordFile(String user) {
		return "kafka-" + user + "-password";
	}

	private static String readOrCreate(Path file, Supplier<String> generator) throws IOException {
		if (Files.exists(file)) {
			restrict(file, OWNER_FILE);
			String value = Files.readString(file).strip();
			if (!value.isEmpty()) {
				return value;
			}
		}
		String value = generator.get();
		// Written next to the target and moved, so a crash never leaves half a key.
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		Files.deleteIfExists(temporary);
		if (isPosix()) {
			Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_FILE));
		}
		Files.writeString(temporary, value + System.lineSeparator());
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		return value;
	}

	private static void createPrivateDirectory(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			Files.createDirectories(directory.getParent());
			if (isPosix()) {
				Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
			}
			else {
				Files.createDirectory(directory);
			}
		}
		restrict(directory, OWNER_DIRECTORY);
	}

	/** Tightens what an earlier run or a copy left readable by others. */
	private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
		if (isPosix()) {
			Files.setPosixFilePermissions(path, permissions);
		}
	}

	private static boolean isPosix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

	private static String randomHex(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

	@Override
	public String toString() {
		return "DevSecrets[signingKey=" + this.signingKey + ", admin=" + this.admin + "]";
	}

}
