package com.example.platform.deployment;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.example.platform.local.Repository;
import com.example.platform.testsupport.OsPackages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/generate-secrets} issues the certificates of mutual TLS between the
 * applications for compose and Kubernetes (issue 18, item 3): one platform CA, and for
 * each application a certificate from it that names only that application's addresses, in
 * the layout the applications read ({@code PLATFORM_TLS_DIRECTORY}: tls.crt, tls.key,
 * ca.crt).
 */
class MutualTlsCertificatesTests {

	private static final List<String> SERVERS = List.of("discovery", "gateway", "user-service", "order-service");

	@TempDir
	Path directory;

	private Path certificates;

	@BeforeEach
	void generate() {
		// The script needs openssl, and so do the hostname checks.
		OsPackages.require("openssl");
		run(Repository.path("scripts/generate-secrets").toString(), this.directory.resolve("secrets.env").toString());
		this.certificates = this.directory.resolve("platform-tls");
	}

	@Test
	void issuesEachApplicationACertificateFromThePlatformCaForBothSidesOfMutualTls() throws Exception {
		X509Certificate ca = certificate(this.certificates.resolve("ca/ca.crt"));
		assertThat(ca.getBasicConstraints()).isZero();
		for (String application : SERVERS) {
			Path own = this.certificates.resolve(application);
			X509Certificate leaf = certificate(own.resolve("tls.crt"));
			leaf.verify(ca.getPublicKey());
			assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=" + application);
			assertThat(leaf.getBasicConstraints()).as(application).isEqualTo(-1);
			assertThat(Files.readString(own.resolve("ca.crt")))
				.isEqualTo(Files.readString(this.certificates.resolve("ca/ca.crt")));
			// PKCS#8, as Spring Boot's PEM bundles read it.
			assertThat(privateKey(own.resolve("tls.key")).getAlgorithm()).isEqualTo("EC");
			openssl("verify", "-CAfile", ca(), "-purpose", "sslserver", own.resolve("tls.crt").toString());
			openssl("verify", "-CAfile", ca(), "-purpose", "sslclient", own.resolve("tls.crt").toString());
		}
		// Prometheus and the operator (curl, a browser) only call: client certificates
		// that
		// no server may present.
		for (String client : List.of("prometheus", "operator")) {
			Path certificate = this.certificates.resolve(client + "/tls.crt");
			openssl("verify", "-CAfile", ca(), "-purpose", "sslclient", certificate.toString());
			assertThat(verify("-purpose", "sslserver", certificate).exitCode()).as(client).isNotZero();
		}
	}

	@Test
	void namesOnlyTheApplicationsOwnAddressesInComposeAndKubernetes() {
		Path users = this.certificates.resolve("user-service/tls.crt");
		for (String name : List.of("user-service", "user-service-1", "user-service-2",
				"user-service.platform.svc.cluster.local", "10-1-2-3.user-service-pods.platform.svc.cluster.local")) {
			assertThat(verify("-verify_hostname", name, users).exitCode()).as(name).isZero();
		}
		for (String name : List.of("order-service", "order-service-1", "gateway", "discovery", "localhost",
				"10-1-2-3.order-service-pods.platform.svc.cluster.local")) {
			assertThat(verify("-verify_hostname", name, users).exitCode()).as(name).isNotZero();
		}
		// The registry is published on 127.0.0.1 in compose, for the smoke run and the
		// dashboard.
		assertThat(verify("-verify_ip", "127.0.0.1", this.certificates.resolve("discovery/tls.crt")).exitCode())
			.isZero();
	}

	@Test
	void keepsTheCaKeyToItsOwnerAndLetsTheContainersUserReadOnlyItsOwnDirectory() throws Exception {
		assertThat(permissions(this.certificates)).isEqualTo("rwx------");
		assertThat(permissions(this.certificates.resolve("ca"))).isEqualTo("rwx------");
		assertThat(permissions(this.certificates.resolve("ca/ca.key"))).isEqualTo("rw-------");
		// The applications run as uid 10001 and read their directory through a read-only
		// mount, which shows only that directory's own permissions.
		assertThat(permissions(this.certificates.resolve("gateway/tls.key"))).isEqualTo("rw-r--r--");
		assertThat(Repository.read(".gitignore")).contains("/platform-tls/", "k8s/overlays/*/platform-tls/");
	}

	@Test
	void renewsTheApplicationsCertificatesFromTheSameCaAndLeavesTheSecretsFileAlone() throws Exception {
		Path secrets = this.directory.resolve("secrets.env");
		String before = Files.readString(secrets);
		X509Certificate ca = certificate(this.certificates.resolve("ca/ca.crt"));
		X509Certificate old = certificate(this.certificates.resolve("order-service/tls.crt"));

		run(Repository.path("scripts/generate-secrets").toString(), "--renew-certs", secrets.toString());

		X509Certificate renewed = certificate(this.certificates.resolve("order-service/tls.crt"));
		assertThat(renewed.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
		renewed.verify(ca.getPublicKey());
		assertThat(certificate(this.certificates.resolve("ca/ca.crt"))).isEqualTo(ca);
		assertThat(Files.readString(secrets)).isEqualTo(before);
	}

	private String ca() {
		return this.certificates.resolve("ca/ca.crt").toString();
	}

	private Commands.Result verify(String option, String value, Path certificate) {
		return Commands.run(this.directory,
				List.of("openssl", "verify", "-CAfile", ca(), option, value, certificate.toString()));
	}

	private void openssl(String... arguments) {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		Commands.run(this.directory, command).orFail(command);
	}

	private void run(String... command) {
		Commands.run(Repository.root(), List.of(command)).orFail(List.of(command));
	}

	private static X509Certificate certificate(Path file) throws Exception {
		try (InputStream in = Files.newInputStream(file)) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

	private static PrivateKey privateKey(Path file) throws Exception {
		String pem = Files.readString(file);
		assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
		String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		return KeyFactory.getInstance("EC")
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
	}

	private static String permissions(Path path) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

}
