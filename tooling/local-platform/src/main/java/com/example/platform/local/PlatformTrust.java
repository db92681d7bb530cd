package com.example.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import javax.net.ssl.SSLContext;

import com.example.platform.tls.PlatformCertificates;

/**
 * What a caller from outside the platform needs to reach the ports behind the gateway:
 * the platform CA's certificates (the operator's, Prometheus's) and the registry's
 * password. Kept apart from {@link LocalPlatform}, which only hands it out.
 */
public final class PlatformTrust {

	/** Beside the operator's certificate: curl's options to use it. */
	static final String CURL_CONFIG = "curlrc";

	private final PlatformCertificates certificates;

	private final DevSecrets secrets;

	private final boolean mutualTls;

	private PlatformTrust(PlatformCertificates certificates, DevSecrets secrets, boolean mutualTls) {
		this.certificates = certificates;
		this.secrets = secrets;
		this.mutualTls = mutualTls;
	}

	/**
	 * The certificates of {@code secrets/tls/}: issued on the first run (a few seconds of
	 * keytool), reused after. Issued with mutual TLS off too: the launcher's clients keep
	 * one set-up, and an {@code http} address simply does not use them.
	 */
	static PlatformTrust loadOrCreate(PlatformSettings settings, DevSecrets secrets) {
		PlatformCertificates certificates = PlatformCertificates.loadOrCreate(
				settings.workDirectory().resolve("secrets").resolve("tls"), Topology.of(settings).certificates());
		writeCurlConfig(certificates.directoryOf(Topology.OPERATOR));
		return new PlatformTrust(certificates, secrets, settings.mutualTls());
	}

	/**
	 * A curl configuration with the operator's certificate, so that a direct call to an
	 * instance is
	 * {@code curl -K .platform/secrets/tls/operator/curlrc https://localhost:8181/...}
	 * (the documented examples use it).
	 */
	private static void writeCurlConfig(Path operator) {
		Path directory = operator.toAbsolutePath();
		try {
			Files.writeString(directory.resolve(CURL_CONFIG), """
					cacert = "%s"
					cert = "%s"
					key = "%s"
					""".formatted(directory.resolve("ca.crt"), directory.resolve("tls.crt"),
					directory.resolve("tls.key")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + directory.resolve(CURL_CONFIG), ex);
		}
	}

	/**
	 * Whether the applications talk mutual TLS ({@code --mutual-tls}, on unless turned
	 * off for a measurement).
	 * @return {@code true} when every port but the gateway's public one takes HTTPS only
	 */
	public boolean mutualTls() {
		return this.mutualTls;
	}

	/**
	 * How every port but the gateway's public one is addressed.
	 * @return {@code https} with mutual TLS, else {@code http}
	 */
	public String scheme() {
		return this.mutualTls ? "https" : "http";
	}

	/**
	 * What a direct call to an instance's port, a management port or the registry needs:
	 * the operator's certificate from the platform CA, trusting that CA only. Every port
	 * but the gateway's public one refuses a caller without it.
	 * @return a context for a JDK client
	 */
	public SSLContext sslContext() {
		return this.certificates.sslContext(Topology.OPERATOR);
	}

	/**
	 * The platform's certificates: {@code <name>/tls.crt}, {@code tls.key} and
	 * {@code ca.crt} per application, {@code operator} and {@code prometheus}.
	 * @return their directory
	 */
	public PlatformCertificates certificates() {
		return this.certificates;
	}

	/**
	 * The operator's curl configuration ({@code curl -K <this>}).
	 * @return its path
	 */
	public Path curlConfig() {
		return this.certificates.directoryOf(Topology.OPERATOR).resolve(CURL_CONFIG);
	}

	/**
	 * The registry's credentials (user {@value DevSecrets#EUREKA_USERNAME} and the
	 * password every application and Prometheus present to Eureka) as an
	 * {@code Authorization} header value, for reading or writing the registry directly.
	 * @return {@code Basic} and the encoded user and password
	 */
	public String registryAuthorization() {
		String credentials = DevSecrets.EUREKA_USERNAME + ":" + this.secrets.eurekaPassword();
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The certificate Prometheus scrapes the management ports and reads the registry
	 * with.
	 * @return its directory (tls.crt, tls.key, ca.crt)
	 */
	public Path prometheusCertificate() {
		return this.certificates.directoryOf(Topology.PROMETHEUS);
	}

}
