package com.example.platform.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.local.Repository;
import com.example.platform.testsupport.OsPackages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret is committed: compose takes every secret from {@code .env}, Kubernetes from
 * the Secret generated from the overlays' uncommitted {@code secrets.env}, both
 * documented by {@code .env.example} (placeholders only) and made by
 * {@code scripts/generate-secrets}; and no committed file holds a private key, key
 * material or a password.
 */
class SecretsTests {

	private static final Path COMPOSE_FILE = Repository.path("docker-compose.yml");

	@TempDir
	Path directory;

	@Test
	void envExampleHoldsPlaceholdersOnlyAndSaysHowToMakeEachValue() {
		Map<String, String> example = Secrets.example();
		assertThat(example).containsOnlyKeys("POSTGRES_PASSWORD", "REPLICATION_PASSWORD", "USER_SERVICE_DB_PASSWORD",
				"ORDER_SERVICE_DB_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "JWT_SIGNING_KEY_ID", "JWT_SIGNING_PRIVATE_KEY",
				"ADMIN_EMAIL", "ADMIN_PASSWORD", "ORDER_SERVICE_CLIENT_SECRET", "IDEMPOTENCY_FINGERPRINT_SECRET",
				"EUREKA_PASSWORD", "REDIS_PASSWORD", "REDIS_EXPORTER_PASSWORD", "REDIS_ADMIN_PASSWORD",
				"KAFKA_USER_SERVICE_PASSWORD", "KAFKA_ORDER_SERVICE_PASSWORD", "KAFKA_EXPORTER_PASSWORD",
				"KAFKA_ADMIN_PASSWORD");
		example.forEach((key, value) -> {
			if (!"ADMIN_EMAIL".equals(key)) {
				assertThat(value).as(key).matches(Secrets.PLACEHOLDER);
			}
		});
		assertThat(Repository.read(".env.example")).contains("scripts/generate-secrets .env",
				"scripts/generate-secrets k8s/overlays/dev/secrets.env", "openssl rand -base64 24",
				"openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 | openssl pkcs8 -topk8 -nocrypt -outform DER | base64 -w0");
		assertThat(Repository.read(".gitignore").lines()).contains(".env", "k8s/overlays/*/secrets.env",
				"k8s/overlays/*/tls.key");
	}

	@Test
	void composeRequiresEverySecretFromTheEnvFileWithoutDefaults() throws IOException {
		String compose = Repository.read("docker-compose.yml");
		assertThat(compose).doesNotContainPattern("\\$\\{[A-Z_]+:?-");
		Set<String> required = new TreeSet<>();
		Matcher matcher = Pattern.compile("\\$\\{([A-Z_]+):\\?run scripts/generate-secrets \\.env}").matcher(compose);
		while (matcher.find()) {
			required.add(matcher.group(1));
		}
		Set<String> variables = new TreeSet<>();
		Pattern.compile("\\$\\{([A-Z_]+)")
			.matcher(compose)
			.results()
			.forEach((result) -> variables.add(result.group(1)));
		assertThat(variables).isEqualTo(required).isEqualTo(Secrets.example().keySet());

		Path empty = Files.writeString(this.directory.resolve("empty.env"), "");
		Commands.Result withoutSecrets = Compose.run(COMPOSE_FILE, empty);
		assertThat(withoutSecrets.exitCode()).isNotZero();
		assertThat(withoutSecrets.stderr()).contains("run scripts/generate-secrets .env");
	}

	@Test
	void everySecretInComposeComesFromTheEnvFileAndEveryEntryIsUsed() {
		Map<String, String> markers = new LinkedHashMap<>();
		Secrets.example().keySet().forEach((key) -> markers.put(key, "from-env-file-" + key));
		Map<String, Object> config = Compose.config(COMPOSE_FILE,
				Secrets.write(this.directory.resolve("markers.env"), markers));
		List<String> violations = new ArrayList<>();
		Set<String> used = new TreeSet<>();
		Compose.services(config)
			.forEach((service, definition) -> Compose.environment(definition).forEach((name, value) -> {
				if (value.startsWith("from-env-file-")) {
					used.add(value.substring("from-env-file-".length()));
				}
				else if (Secrets.isSecret(name)) {
					violations.add(service + ": " + name + " does not come from .env");
				}
			}));
		assertThat(violations).isEmpty();
		assertThat(used).isEqualTo(markers.keySet());
		assertThat(Compose.environment(Compose.services(config).get("user-service-1")))
			.containsEntry("PLATFORM_SECURITY_SIGNING_KEYS_0_PRIVATE_KEY", "from-env-file-JWT_SIGNING_PRIVATE_KEY")
			.containsEntry("PLATFORM_SECURITY_SIGNING_ACTIVE_KEY_ID", "from-env-file-JWT_SIGNING_KEY_ID")
			.containsEntry("PLATFORM_SECURITY_SIGNING_KEYS_0_ID", "from-env-file-JWT_SIGNING_KEY_ID")
			.containsEntry("PLATFORM_SECURITY_ADMIN_EMAIL", "from-env-file-ADMIN_EMAIL")
			.containsEntry("PLATFORM_SECURITY_ADMIN_PASSWORD", "from-env-file-ADMIN_PASSWORD")
			.containsEntry("PLATFORM_SECURITY_CLIENTS_0_ID", "order-service")
			.containsEntry("PLATFORM_SECURITY_CLIENTS_0_SECRET", "from-env-file-ORDER_SERVICE_CLIENT_SECRET");
		assertThat(Compose.environment(Compose.services(config).get("order-service-1")))
			.containsEntry("ORDER_USER_SERVICE_CLIENT_SECRET", "from-env-file-ORDER_SERVICE_CLIENT_SECRET")
			.containsEntry("PLATFORM_IDEMPOTENCY_FINGERPRINT_SECRET", "from-env-file-IDEMPOTENCY_FINGERPRINT_SECRET");
		assertThat(Compose.environment(Compose.services(config).get("gateway")))
			.containsEntry("SPRING_DATA_REDIS_HOST", "redis")
			.containsEntry("SPRING_DATA_REDIS_PORT", "6379");
	}

	@Test
	void kubernetesReadsEverySecretFromPlatformCredentialsMadeOfTheSameKeys() {
		for (String overlay : Kustomize.OVERLAYS) {
			List<K8sObject> objects = Rendered.overlay(overlay);
			assertThat(Policies.secrets(objects)).as(overlay).isEmpty();
			K8sObject secret = Policies.ofKind(objects, "Secret")
				.stream()
				.filter((candidate) -> candidate.name().startsWith(Secrets.KUBERNETES_SECRET + "-"))
				.findFirst()
				.orElseThrow();
			assertThat(K8sObject.asMap(secret.content().get("data")).keySet()).as(overlay)
				.isEqualTo(Secrets.example().keySet());
			Set<String> referenced = new TreeSet<>();
			Policies.workloads(objects)
				.stream()
				.flatMap((workload) -> workload.containers().stream())
				.flatMap((container) -> K8sObject.maps(container.get("env")).stream())
				.map((variable) -> K8sObject.map(K8sObject.map(variable, "valueFrom"), "secretKeyRef"))
				.filter((ref) -> secret.name().equals(ref.get("name")))
				.forEach((ref) -> referenced.add((String) ref.get("key")));
			assertThat(referenced).as(overlay + ": every key is used").isEqualTo(Secrets.example().keySet());
			// No secret value leaked into configuration.
			List<String> secretValues = Secrets.example()
				.entrySet()
				.stream()
				.filter((entry) -> Secrets.isSecret(entry.getKey()))
				.map(Map.Entry::getValue)
				.toList();
			for (K8sObject configMap : Policies.ofKind(objects, "ConfigMap")) {
				for (Object value : K8sObject.asMap(configMap.content().get("data")).values()) {
					secretValues.forEach((secretValue) -> assertThat(String.valueOf(value)).as(configMap.id())
						.doesNotContain(secretValue));
				}
			}
		}
	}

	@Test
	void generatorWritesEveryKeyWithFreshValuesAndAUsableSigningKey() throws Exception {
		// The script needs openssl.
		OsPackages.require("openssl");
		Path first = generate("first.env");
		Path second = generate("second.env");
		Map<String, String> values = Secrets.envFile(Files.readString(first));
		Map<String, String> others = Secrets.envFile(Files.readString(second));
		assertThat(values.keySet()).isEqualTo(Secrets.example().keySet());
		values.forEach((key, value) -> {
			assertThat(value).as(key).doesNotMatch(Secrets.PLACEHOLDER);
			if (Secrets.isSecret(key)) {
				assertThat(value).as(key).hasSizeGreaterThanOrEqualTo(24).isNotEqualTo(others.get(key));
			}
		});
		RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
			.generatePrivate(
					new PKCS8EncodedKeySpec(Base64.getDecoder().decode(values.get("JWT_SIGNING_PRIVATE_KEY"))));
		assertThat(key.getModulus().bitLength()).isEqualTo(2048);
		assertThat(Files.getPosixFilePermissions(first)).extracting(Object::toString)
			.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");

		// An existing file keeps its values: the databases were initialised with them.
		String before = Files.readString(first);
		assertThat(runGenerator(first).exitCode()).isNotZero();
		assertThat(Files.readString(first)).isEqualTo(before);

		// Compose and Kubernetes take the generated file as they take the example.
		assertThat(Compose.services(Compose.config(COMPOSE_FILE, first))).containsKey("user-service-1");
		Path staged = Kustomize.stage();
		Files.copy(first, staged.resolve("k8s/overlays/dev/secrets.env"),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		assertThat(Kustomize.renderYaml(staged, "dev")).contains("platform-credentials-");

		// Committed by mistake, the scanner would refuse it.
		assertThat(Secrets.findings(".env", Files.readString(first)))
			.anySatisfy((finding) -> assertThat(finding).contains("base64 key material"))
			.anySatisfy((finding) -> assertThat(finding).contains("ADMIN_PASSWORD set to a literal"));
	}

	@Test
	void noCommittedFileHoldsAPrivateKeyKeyMaterialOrAPassword() {
		List<String> files = Secrets.committableFiles();
		assertThat(files).contains("docker-compose.yml", ".env.example", "scripts/generate-secrets")
			.doesNotContain(".env");
		List<String> findings = new ArrayList<>();
		for (String file : files) {
			String text = Secrets.text(file);
			if (text != null) {
				findings.addAll(Secrets.findings(file, text));
			}
		}
		assertThat(findings).isEmpty();
	}

	@Test
	void scannerFindsPrivateKeysKeyMaterialAndPasswordLiteralsButNotReferences() throws Exception {
		byte[] der = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded();
		String base64 = Base64.getEncoder().encodeToString(der);
		String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
				+ "\n-----END PRIVATE KEY-----\n";
		assertThat(Secrets.findings("k8s/key.pem", pem)).first().asString().contains("a PEM private key");
		assertThat(Secrets.findings("Keys.java", "String key = \"" + base64 + "\";")).singleElement()
			.asString()
			.startsWith("Keys.java:1: base64 key material");
		assertThat(
				Secrets.findings("docker-compose.yml", "    environment:\n      POSTGRES_PASSWORD: hunter2-hunter2\n"))
			.containsExactly("docker-compose.yml:2: POSTGRES_PASSWORD set to a literal");
		assertThat(Secrets.findings("app/src/main/resources/application.yml", "  client-secret: s3cr3t\n"))
			.containsExactly("app/src/main/resources/application.yml:1: client-secret set to a literal");

		String references = String.join("\n",
				"POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?run scripts/generate-secrets .env}",
				"ADMIN_PASSWORD=change-me-admin-password", "ADMIN_PASSWORD=$(password)",
				"            - name: X_PASSWORD", "PGPASSWORD=\"$REPLICATION_PASSWORD\" pg_basebackup",
				"    password: ${DB_PASSWORD}", "  password:",
				"            private-key: \"file:${platform.tls.directory}/tls.key\"",
				"String pem = \"-----BEGIN PRIVATE KEY-----\";",
				"void servesFromTheDatabaseWhileRedisIsDownAndUsesTheCacheAgainAfterwardsAndNeverCachesAnything() {");
		assertThat(Secrets.findings("deploy.yml", references)).isEmpty();
	}

	private Path generate(String name) {
		Path file = this.directory.resolve(name);
		List<String> command = List.of(Repository.path("scripts/generate-secrets").toString(), file.toString());
		Commands.run(Repository.root(), command).orFail(command);
		return file;
	}

	private Commands.Result runGenerator(Path file) {
		return Commands.run(Repository.root(),
				List.of(Repository.path("scripts/generate-secrets").toString(), file.toString()));
	}

}
