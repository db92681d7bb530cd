package com.example.platform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DevSecretsTests {

	private static final List<String> FILES = List.of(DevSecrets.KEY_ID_FILE, DevSecrets.KEY_FILE,
			DevSecrets.ADMIN_EMAIL_FILE, DevSecrets.ADMIN_PASSWORD_FILE, DevSecrets.CLIENT_SECRET_FILE,
			DevSecrets.EUREKA_PASSWORD_FILE, DevSecrets.POSTGRES_PASSWORD_FILE, DevSecrets.REPLICATION_PASSWORD_FILE,
			DevSecrets.REDIS_PASSWORD_FILE, DevSecrets.REDIS_ADMIN_PASSWORD_FILE,
			DevSecrets.kafkaPasswordFile("user-service"), DevSecrets.kafkaPasswordFile("order-service"),
			DevSecrets.KAFKA_ADMIN_PASSWORD_FILE);

	@TempDir
	Path work;

	@Test
	void generatesEveryCredentialIntoFilesOnlyTheOwnerCanRead() throws IOException {
		Path directory = this.work.resolve("secrets");
		DevSecrets secrets = DevSecrets.loadOrCreate(directory);

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
		for (String file : FILES) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(file)))).as(file)
				.isEqualTo("rw-------");
		}
		assertThat(secrets.admin().email()).isEqualTo("admin@platform.local");
		assertThat(secrets.admin().password()).hasSizeGreaterThanOrEqualTo(32).doesNotContain("admin");
		assertThat(secrets.orderServiceClientSecret()).hasSizeGreaterThanOrEqualTo(32);
		assertThat(secrets.signingKey().keyId()).isEqualTo(read(directory, DevSecrets.KEY_ID_FILE));
		assertThat(read(directory, DevSecrets.ADMIN_PASSWORD_FILE)).isEqualTo(secrets.admin().password());
		assertThat(read(directory, DevSecrets.CLIENT_SECRET_FILE)).isEqualTo(secrets.orderServiceClientSecret());
		assertThat(secrets.idempotencyFingerprintSecret()).hasSizeGreaterThanOrEqualTo(64);
		assertThat(read(directory, DevSecrets.FINGERPRINT_SECRET_FILE))
			.isEqualTo(secrets.idempotencyFingerprintSecret());
		// Hex: it travels in the registry URL's user info unescaped.
		assertThat(secrets.eurekaPassword()).hasSizeGreaterThanOrEqualTo(48).matches("[0-9a-f]+");
		assertThat(read(directory, DevSecrets.EUREKA_PASSWORD_FILE)).isEqualTo(secrets.eurekaPassword());
		// The data stores' passwords, one file each.
		assertThat(read(directory, DevSecrets.POSTGRES_PASSWORD_FILE))
			.isEqualTo(secrets.infrastructure().postgresPassword());
		assertThat(read(directory, DevSecrets.REPLICATION_PASSWORD_FILE))
			.isEqualTo(secrets.infrastructure().replicationPassword());
		assertThat(read(directory, DevSecrets.REDIS_PASSWORD_FILE)).isEqualTo(secrets.infrastructure().redisPassword());
		assertThat(read(directory, DevSecrets.REDIS_ADMIN_PASSWORD_FILE))
			.isEqualTo(secrets.infrastructure().redisAdminPassword());
		for (String user : List.of("user-service", "order-service", "exporter")) {
			assertThat(read(directory, DevSecrets.kafkaPasswordFile(user))).as(user)
				.isEqualTo(secrets.infrastructure().kafkaPassword(user));
		}
		assertThat(secrets.infrastructure().kafkaPassword("user-service"))
			.isNotEqualTo(secrets.infrastructure().kafkaPassword("order-service"));
		assertThat(read(directory, DevSecrets.KAFKA_ADMIN_PASSWORD_FILE))
			.isEqualTo(secrets.infrastructure().kafkaAdminPassword());
	}

	@Test
	void storesTheSigningKeyAsBase64Pkcs8ThatUserServiceCanRead() throws Exception {
		Path directory = this.work.resolve("secrets");
		DevSecrets secrets = DevSecrets.loadOrCreate(directory);

		byte[] der = Base64.getDecoder().decode(read(directory, DevSecrets.KEY_FILE));
		RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
			.generatePrivate(new PKCS8EncodedKeySpec(der));
		assertThat(key.getModulus().bitLength()).isEqualTo(2048);
		assertThat(key).isEqualTo(secrets.signingKey().privateKey());
	}

	@Test
	void reusesTheSecretsOfAnEarlierRun() {
		Path directory = this.work.resolve("secrets");
		DevSecrets first = DevSecrets.loadOrCreate(directory);
		DevSecrets second = DevSecrets.loadOrCreate(directory);

		assertThat(second.admin()).isEqualTo(first.admin());
		assertThat(second.orderServiceClientSecret()).isEqualTo(first.orderServiceClientSecret());
		assertThat(second.signingKey().keyId()).isEqualTo(first.signingKey().keyId());
		assertThat(second.signingKey().privateKey()).isEqualTo(first.signingKey().privateKey());
		// The kept database only lets in the superuser password it was given.
		assertThat(second.infrastructure().postgresPassword()).isEqualTo(first.infrastructure().postgresPassword());
	}

	@Test
	void generatesDifferentSecretsForEveryWorkDirectory() {
		DevSecrets one = DevSecrets.loadOrCreate(this.work.resolve("one/secrets"));
		DevSecrets other = DevSecrets.loadOrCreate(this.work.resolve("other/secrets"));

		assertThat(other.admin().password()).isNotEqualTo(one.admin().password());
		assertThat(other.orderServiceClientSecret()).isNotEqualTo(one.orderServiceClientSecret());
		assertThat(other.signingKey().keyId()).isNotEqualTo(one.signingKey().keyId());
		assertThat(other.signingKey().privateKey()).isNotEqualTo(one.signingKey().privateKey());
	}

	@Test
	void regeneratesOnlyWhatIsMissingAndTightensWhatWasLeftReadable() throws IOException {
		Path directory = this.work.resolve("secrets");
		DevSecrets first = DevSecrets.loadOrCreate(directory);
		Files.delete(directory.resolve(DevSecrets.CLIENT_SECRET_FILE));
		Files.setPosixFilePermissions(directory.resolve(DevSecrets.KEY_FILE),
				PosixFilePermissions.fromString("rw-r--r--"));

		DevSecrets second = DevSecrets.loadOrCreate(directory);

		assertThat(second.orderServiceClientSecret()).isNotEqualTo(first.orderServiceClientSecret());
		assertThat(second.signingKey().privateKey()).isEqualTo(first.signingKey().privateKey());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(DevSecrets.KEY_FILE))))
			.isEqualTo("rw-------");
	}

	@Test
	void neverShowsSecretsWhenPrinted() {
		DevSecrets secrets = DevSecrets.loadOrCreate(this.work.resolve("secrets"));

		assertThat(secrets.toString()).doesNotContain(secrets.admin().password())
			.doesNotContain(secrets.orderServiceClientSecret())
			.doesNotContain(secrets.idempotencyFingerprintSecret())
			.doesNotContain(secrets.signingKey().base64());
	}

	private static String read(Path directory, String file) throws IOException {
		return Files.readString(directory.resolve(file)).strip();
	}

}
